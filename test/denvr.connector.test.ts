// The Denvr connector against its simulator over real HTTP: one listing per cluster, the server/snapshot mapping,
// create and delete followed through pollTask, the envelope (and bare DTOs), errors, settings and token auth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../src/connectors/connector.js';
import { createDenvrConnector, DENVR_CREDENTIALS, DENVR_SETTINGS, parseKey, powerStateOf, snapshotKeyOf, vmKeyOf } from '../src/connectors/denvr/connector.js';
import {
  DENVR_SIM_DEFAULT_AUTH,
  DENVR_SIM_DEFAULT_SETTINGS,
  startDenvrSimulator,
  type DenvrSimOptions,
  type DenvrSimulator,
} from '../src/connectors/denvr/simulator.js';
import { BackendFailure, PartialFailure } from '../src/connectors/errors.js';
import { HttpClient } from '../src/connectors/http.js';
import { ManualClock } from '../src/lab/kit/clock.js';
import { Metrics } from '../src/metrics.js';
import { failureOf, follow, memoryLedgerOf, rejectionOf } from './helpers/connectors.js';
import { readCredentials, readSettings } from '../src/connectors/credentials.js';

const started: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function simulator(options: Partial<DenvrSimOptions> = {}): Promise<DenvrSimulator> {
  const sim = await startDenvrSimulator({ vmCount: 6, opMs: 250, ...options });
  started.push(sim);
  return sim;
}

function connect(
  sim: DenvrSimulator,
  settings: Record<string, unknown> = DENVR_SIM_DEFAULT_SETTINGS,
  credentials: Record<string, string> = DENVR_SIM_DEFAULT_AUTH,
  now?: () => number,
): Connector {
  const http = new HttpClient({ metrics: new Metrics(), timeoutMs: 2_000, readRetries: 0 });
  started.push({ close: async () => http.close() });
  // Read as the backend's module reads them at start (a mistake throws).
  return createDenvrConnector({
    name: 'dv',
    baseUrl: sim.url,
    http,
    credentials: readCredentials('dv', DENVR_CREDENTIALS, credentials),
    settings: readSettings('dv', DENVR_SETTINGS, settings),
    ledger: memoryLedgerOf('dv'),
    now,
  });
}

/** The PartialFailure a read rejects with; anything else fails the test. */
const partialOf = (promise: Promise<unknown>): Promise<PartialFailure> => rejectionOf(promise, PartialFailure);

const sent = (sim: DenvrSimulator, since: number) => sim.requests().slice(since).map((r) => `${r.method} ${r.path}?${r.query}`);
const request = { description: null, includeMemory: false, quiesce: false, metadata: [] };

describe('settings and credentials', () => {
  it.each([
    [{}, /settings\.clusters/],
    [{ clusters: [] }, /settings\.clusters/],
    [{ clusters: ['Hou1', ''] }, /settings\.clusters\.1/],
    [{ clusters: 'Hou1' }, /settings\.clusters/],
  ])('refuses settings %j naming the field', async (settings, message) => {
    const sim = await simulator({ vmCount: 1 });
    expect(() => connect(sim, settings)).toThrow(message);
  });

  it('refuses credentials without a username', async () => {
    const sim = await simulator({ vmCount: 1 });
    expect(() => connect(sim, DENVR_SIM_DEFAULT_SETTINGS, { password: 'x' })).toThrow(/username/);
  });
});

describe('reads', () => {
  let sim: DenvrSimulator;
  let connector: Connector;
  beforeAll(async () => {
    sim = await simulator({ vmCount: 9, clusters: ['Hou1', 'Msc1', 'Yyc1'] });
    // Two of the three clusters: the third is not this backend's.
    connector = connect(sim, { clusters: ['Hou1', 'Msc1'] });
  });

  it('listVMs: one GetServers per configured cluster, keys (cluster, namespace, name), statuses mapped', async () => {
    await connector.ping();
    const before = sim.requests().length;
    const vms = await connector.listVMs();
    expect(sent(sim, before).sort()).toEqual([
      'GET /api/v1/servers/virtual/GetServers?Cluster=Hou1',
      'GET /api/v1/servers/virtual/GetServers?Cluster=Msc1',
    ]);
    const expected = sim.servers().filter((s) => s.cluster !== 'Yyc1');
    expect(vms).toHaveLength(expected.length);
    for (const s of expected) {
      const vm = vms.find((v) => v.key === vmKeyOf(s.cluster, s.namespace, s.name));
      expect(vm).toMatchObject({ name: s.name, kind: 'VM', powerState: powerStateOf(s.status), drives: [] });
    }
    expect(new Set(vms.map((vm) => vm.powerState))).toEqual(new Set(['RUNNING', 'STOPPED', 'UNKNOWN']));
    expect(new Set(vms.map((vm) => parseKey(vm.key)?.namespace))).toEqual(new Set(['denvr', 'research']));
  });

  it('maps every documented status', () => {
    expect(['PLANNED', 'PENDING', 'PENDING_RESOURCES', 'PENDING_READINESS', 'ONLINE', 'OFFLINE', 'na', null].map(powerStateOf)).toEqual([
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
      'RUNNING',
      'STOPPED',
      'UNKNOWN',
      'UNKNOWN',
    ]);
  });

  it('snapshots of many VMs: one GetSnapshots per cluster involved, attached by sourceName, READY with dates and sizes', async () => {
    const vms = await connector.listVMs();
    const hou = vms.filter((vm) => parseKey(vm.key)?.cluster === 'Hou1');
    const before = sim.requests().length;
    const snapshots = await connector.listSnapshotsOfVMs(hou.map((vm) => vm.key));
    expect(sent(sim, before)).toEqual(['GET /api/v1/servers/snapshots/GetSnapshots?Cluster=Hou1']);
    const wire = sim.snapshots().filter((s) => s.cluster === 'Hou1');
    expect(snapshots).toHaveLength(wire.length);
    for (const w of wire) {
      const s = snapshots.find((r) => r.name === w.name);
      expect(s).toMatchObject({
        status: 'READY',
        vmKey: vmKeyOf(w.cluster, w.namespace, w.sourceName ?? ''),
        createdAt: new Date(w.creationDate),
        sizeBytes: Number.parseInt(w.rootDiskSize, 10) * 1024 ** 3,
        hasDisk: true,
        parentKey: null,
      });
    }
    const keys = [snapshots[1]?.key ?? '', JSON.stringify(['Yyc1', 'denvr', 'x']), 'garbage', snapshots[0]?.key ?? ''];
    const found = await connector.getSnapshots(keys);
    expect(found.map((s) => s?.key ?? null)).toEqual([keys[0], null, null, keys[3]]);
    expect(await connector.getVMs([hou[0]?.key ?? '', 'nope'])).toEqual([hou[0], null]);
  });
});

describe('one cluster failing', () => {
  let sim: DenvrSimulator;
  let connector: Connector;
  const maintenance = { status: 500, message: "Cluster 'Msc1' is in maintenance" };
  const inCluster = (cluster: string) => (record: { key: string }) => parseKey(record.key)?.cluster === cluster;
  beforeAll(async () => {
    sim = await simulator({ vmCount: 6 });
    connector = connect(sim);
  });

  it("lists the other cluster's servers and snapshots; the PartialFailure names the cluster and what it said", async () => {
    const vms = await connector.listVMs();
    const snapshots = await connector.listSnapshots?.();
    sim.failCluster('Msc1', maintenance);
    try {
      const servers = await partialOf(connector.listVMs());
      expect(servers.records).toEqual(vms.filter(inCluster('Hou1')));
      expect(servers.failures).toEqual([new BackendFailure('dv', "cluster Msc1: Cluster 'Msc1' is in maintenance", 'SERVER_ERROR', { backendCode: null, httpStatus: 500 })]);
      expect(servers.failures[0]).toMatchObject({ backend: 'dv', code: 'SERVER_ERROR', httpStatus: 500 });
      expect(servers.failedKeys).toBeNull();
      const listed = await partialOf(connector.listSnapshots?.() ?? Promise.resolve());
      expect(listed.records).toEqual(snapshots?.filter(inCluster('Hou1')));
      expect(listed.failures.map((f) => f.message)).toEqual(["cluster Msc1: Cluster 'Msc1' is in maintenance"]);
    } finally {
      sim.failCluster('Msc1', null);
    }
  });

  it("reads by key and under VMs: keys of the failing cluster fail, with that cluster's failure; the others answer", async () => {
    const vms = await connector.listVMs();
    const [hou, msc] = [vms.find(inCluster('Hou1')), vms.find(inCluster('Msc1'))];
    if (!hou || !msc) throw new Error('a VM in each cluster expected');
    const ofHou = await connector.listSnapshotsOfVMs([hou.key]);
    sim.failCluster('Msc1', { ...maintenance, pathContains: 'GetSnapshots' });
    try {
      // GetServers of Msc1 still answers: only the snapshot reads fail.
      expect(await connector.getVMs([msc.key, hou.key])).toEqual([msc, hou]);
      const under = await partialOf(connector.listSnapshotsOfVMs([hou.key, msc.key]));
      expect(under.records).toEqual(ofHou);
      expect([...(under.failedKeys ?? new Map())].map(([key, f]) => [key, f.message])).toEqual([
        [msc.key, "cluster Msc1: Cluster 'Msc1' is in maintenance"],
      ]);
      const ghost = snapshotKeyOf('Msc1', 'denvr', 'ghost');
      const byKey = await partialOf(connector.getSnapshots([ofHou[0]?.key ?? '', ghost]));
      expect(byKey.records).toContainEqual(ofHou[0]);
      expect([...(byKey.failedKeys?.keys() ?? [])]).toEqual([ghost]);
    } finally {
      sim.failCluster('Msc1', null);
    }
  });

  it('every cluster failing alike is the backend failing: one BackendFailure, no cluster named', async () => {
    sim.failCluster('Hou1', { status: 500, message: 'An internal error occurred during your request!' });
    sim.failCluster('Msc1', { status: 500, message: 'An internal error occurred during your request!' });
    try {
      expect(await failureOf(connector.listVMs())).toMatchObject({ code: 'SERVER_ERROR', httpStatus: 500, message: 'An internal error occurred during your request!' });
    } finally {
      sim.failCluster('Hou1', null);
      sim.failCluster('Msc1', null);
    }
  });

  it('every cluster failing differently: a PartialFailure with no records and one failure per cluster', async () => {
    sim.failCluster('Hou1', { status: 500, message: 'disk full' });
    sim.failCluster('Msc1', maintenance);
    try {
      const failure = await partialOf(connector.listVMs());
      expect(failure.records).toEqual([]);
      expect(failure.failures.map((f) => f.message)).toEqual(['cluster Hou1: disk full', "cluster Msc1: Cluster 'Msc1' is in maintenance"]);
    } finally {
      sim.failCluster('Hou1', null);
      sim.failCluster('Msc1', null);
    }
  });
});

describe('snapshots whose server is gone', () => {
  it('are in listSnapshots (keyed to the server they came from) and under no VM', async () => {
    const sim = await simulator({ vmCount: 4 });
    const connector = connect(sim);
    const gone = sim.servers()[0];
    if (!gone) throw new Error('no server');
    const goneKey = vmKeyOf(gone.cluster, gone.namespace, gone.name);
    const theirs = sim.snapshots().filter((s) => s.sourceName === gone.name).map((s) => snapshotKeyOf(s.cluster, s.namespace, s.name));
    sim.destroyServer(gone.cluster, gone.name);
    expect(await connector.getVMs([goneKey])).toEqual([null]);
    const all = await connector.listSnapshots?.();
    expect(all?.filter((s) => s.vmKey === goneKey).map((s) => s.key).sort()).toEqual([...theirs].sort());
    expect(all).toHaveLength(sim.snapshots().length);
  });
});

describe('server states', () => {
  it('refuses to snapshot a PLANNED or PENDING server before sending anything; the server would refuse it too', async () => {
    const sim = await simulator({ vmCount: 8 });
    const connector = connect(sim);
    const vms = await connector.listVMs();
    for (const s of sim.servers()) {
      const vm = vms.find((v) => v.key === vmKeyOf(s.cluster, s.namespace, s.name));
      if (!vm) throw new Error(`VM ${s.name} missing`);
      const refusal = connector.refuseSnapshotTarget?.(vm) ?? null;
      if (s.status === 'ONLINE' || s.status === 'OFFLINE') expect(refusal).toBeNull();
      else expect(refusal).toMatch(new RegExp(`^Denvr snapshots a server once it is ONLINE or OFFLINE; '${s.name}' is not`));
    }
    const planned = sim.servers().find((s) => s.status === 'PLANNED');
    if (!planned) throw new Error('no PLANNED server');
    // Sent anyway (as a client without the check would): the server's own refusal.
    const key = vmKeyOf(planned.cluster, planned.namespace, planned.name);
    expect(await failureOf(connector.createSnapshot({ entity: 'VM', key }, { ...request, name: 'early' }))).toMatchObject({
      code: 'SERVER_ERROR',
      httpStatus: 500,
      message: `Virtual server '${planned.name}' is PLANNED: it can be snapshotted once it is ONLINE or OFFLINE.`,
    });
  });
});

describe('actions', () => {
  let sim: DenvrSimulator;
  let connector: Connector;
  beforeAll(async () => {
    sim = await simulator({ vmCount: 4 });
    connector = connect(sim);
  });
  const online = () => {
    const s = sim.servers().find((v) => v.status === 'ONLINE');
    if (!s) throw new Error('no ONLINE server');
    return s;
  };

  it('creates: 202 with readyToUse false, CREATING in the listing, followed until readyToUse', async () => {
    const vm = online();
    const key = vmKeyOf(vm.cluster, vm.namespace, vm.name);
    const result = await connector.createSnapshot({ entity: 'VM', key }, { ...request, name: 'fresh', description: 'ignored' });
    expect(result).toMatchObject({ done: false, snapshotKey: JSON.stringify([vm.cluster, vm.namespace, 'fresh']) });
    expect(sim.requests().at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/servers/snapshots/CreateSnapshot',
      body: { name: 'fresh', namespace: vm.namespace, cluster: vm.cluster, sourceVMName: vm.name },
    });
    const listed = await connector.listSnapshotsOfVMs([key]);
    expect(listed.find((s) => s.name === 'fresh')?.status).toBe('CREATING');
    const states = await follow(connector, result);
    expect(states.map((s) => s.status)).toContain('RUNNING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: result.snapshotKey });
  });

  it('deletes: 202, DELETING while listed, followed until GetSnapshot answers 404', async () => {
    const vm = online();
    const key = vmKeyOf(vm.cluster, vm.namespace, vm.name);
    const [victim] = await connector.listSnapshotsOfVMs([key]);
    if (!victim) throw new Error('no snapshot');
    const result = await connector.deleteSnapshot(victim.key);
    expect((await connector.getSnapshots([victim.key]))[0]?.status).toBe('DELETING');
    const states = await follow(connector, result);
    expect(states.map((s) => s.status)).toContain('RUNNING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: victim.key });
    expect(await connector.getSnapshots([victim.key])).toEqual([null]);
  });

  it("a failed creation ends FAILED with the server's message", async () => {
    const vm = online();
    sim.failNextSnapshot('quota exceeded for volume snapshots in namespace denvr');
    const result = await connector.createSnapshot({ entity: 'VM', key: vmKeyOf(vm.cluster, vm.namespace, vm.name) }, { ...request, name: 'doomed' });
    const done = (await follow(connector, result)).at(-1);
    expect(done?.status).toBe('FAILED');
    expect(done?.error?.message).toMatch(/quota exceeded for volume snapshots/);
  });

  it('carries error.code and error.message of the envelope (and ABP validation details) into BackendFailure', async () => {
    const vm = online();
    const target = { entity: 'VM' as const, key: vmKeyOf(vm.cluster, vm.namespace, vm.name) };
    const missing = await failureOf(connector.createSnapshot({ entity: 'VM', key: vmKeyOf(vm.cluster, vm.namespace, 'ghost') }, { ...request, name: 'x' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', backendCode: '404', httpStatus: 404, message: "The virtual server 'ghost' could not be found." });
    const bad = await failureOf(connector.createSnapshot(target, { ...request, name: 'Not A K8s Name' }));
    expect(bad).toMatchObject({ code: 'INVALID_REQUEST', backendCode: '400', httpStatus: 400 });
    expect(bad.message).toMatch(/^Your request is not valid!: The following errors .*lower case alphanumeric/s);
    // success false inside a 200: still a failure. One cluster, so the failure is the whole listing's.
    const hou = connect(sim, { clusters: ['Hou1'] });
    sim.failNext('GET', 'GetServers', 200, { result: null, success: false, error: { code: 42, message: 'cluster is in maintenance' } });
    expect(await failureOf(hou.listVMs())).toMatchObject({ code: 'SERVER_ERROR', backendCode: '42', httpStatus: 200, message: 'cluster is in maintenance' });
    sim.failNext('GET', 'GetServers', 500, '<html>bad gateway</html>');
    expect(await failureOf(hou.listVMs())).toMatchObject({ code: 'SERVER_ERROR', backendCode: null, httpStatus: 500, message: 'HTTP 500' });
    sim.setFault({ mode: 'garbage', json: true });
    expect(await failureOf(hou.listVMs())).toMatchObject({ code: 'BAD_RESPONSE', backendCode: null, httpStatus: null });
    sim.setFault(null);
  });

  it('drive targets are refused', async () => {
    expect((await failureOf(connector.createSnapshot({ entity: 'Drive', key: 'd' }, { ...request, name: 'x' }))).code).toBe('UNSUPPORTED');
  });
});

describe('bare DTOs, as the OpenAPI shows them', () => {
  it('reads and follows a server that sends no envelope', async () => {
    const sim = await simulator({ vmCount: 3, envelope: false });
    const connector = connect(sim);
    const vms = await connector.listVMs();
    expect(vms).toHaveLength(3);
    const snapshots = await connector.listSnapshotsOfVMs(vms.map((vm) => vm.key));
    expect(snapshots.length).toBeGreaterThanOrEqual(6);
    const vm = sim.servers().find((s) => s.status === 'ONLINE');
    if (!vm) throw new Error('no ONLINE server');
    const result = await connector.createSnapshot({ entity: 'VM', key: vmKeyOf(vm.cluster, vm.namespace, vm.name) }, { ...request, name: 'bare' });
    expect((await follow(connector, result)).at(-1)?.status).toBe('SUCCEEDED');
  });
});

describe('token auth', () => {
  it('logs in once, renews with the refresh token after a 401, logs in again when the refresh token is gone too', async () => {
    const sim = await simulator({ vmCount: 2 });
    const connector = connect(sim);
    await Promise.all([connector.listVMs(), connector.listVMs(), connector.ping()]);
    expect([sim.loginCount(), sim.refreshCount()]).toEqual([1, 0]);
    sim.expireTokens();
    await connector.listVMs();
    expect([sim.loginCount(), sim.refreshCount()]).toEqual([1, 1]);
    sim.expireTokens();
    sim.expireRefreshTokens();
    await connector.listVMs();
    expect([sim.loginCount(), sim.refreshCount()]).toEqual([2, 1]);
  });

  it('refreshes before the access token expires, without a 401', async () => {
    // One manual clock for both sides: 800 ms on it are past the connector's renewal point (three quarters of the
    // lifetime) and short of the server's expiry.
    const clock = new ManualClock();
    const sim = await simulator({ vmCount: 1, tokenTtlSeconds: 1, clock });
    const connector = connect(sim, DENVR_SIM_DEFAULT_SETTINGS, DENVR_SIM_DEFAULT_AUTH, clock.now);
    await connector.listVMs();
    clock.advance(800);
    const before = sim.requests().length;
    await connector.listVMs();
    expect(sent(sim, before).map((r) => r.split('?')[0])).toEqual(['GET /api/TokenAuth/RefreshToken', 'GET /api/v1/servers/virtual/GetServers', 'GET /api/v1/servers/virtual/GetServers']);
    expect([sim.loginCount(), sim.refreshCount()]).toEqual([1, 1]);
  });

  it('wrong credentials: the login failure with its details', async () => {
    const sim = await simulator({ vmCount: 1 });
    const connector = connect(sim, DENVR_SIM_DEFAULT_SETTINGS, { username: 'x', password: 'y' });
    expect(await failureOf(connector.listVMs())).toMatchObject({
      message: 'Login failed!: Invalid user name or password',
      code: 'SERVER_ERROR',
      backendCode: null,
      httpStatus: 500,
    });
  });
});
