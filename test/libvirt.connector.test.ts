// The LIBVIRT connector over real HTTP against the libgo simulator: paging, mapping, trees, actions, failures, auth.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connector } from '../src/connectors/connector.js';
import { BackendFailure } from '../src/connectors/errors.js';
import { HttpClient } from '../src/connectors/http.js';
import { joinKey } from '../src/connectors/keys.js';
import {
  LIBVIRT_SIM_DEFAULT_VMS,
  type LibvirtSimOptions,
  type LibvirtSimulator,
  startLibvirtSimulator,
} from '../src/connectors/libvirt/simulator.js';
import type { PowerState, SnapshotRecord } from '../src/domain/model.js';
import { ManualClock } from '../src/lab/kit/clock.js';
import { Metrics } from '../src/metrics.js';
import { memoryLedgerOf, pollOnce, sliceOf } from './helpers/connectors.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

const BACKEND = 'lv';

interface Rig {
  sim: LibvirtSimulator;
  connector: Connector;
  metrics: Metrics;
}

function connect(url: string, credentials: Record<string, string> = {}): { connector: Connector; metrics: Metrics } {
  const metrics = new Metrics();
  // Each failure as the connector reports it: a dead port's retries must not open the circuit (faults.test.ts tests that).
  const http = new HttpClient({ metrics, timeoutMs: 2_000, circuitBreaker: { consecutiveFailures: 100 } });
  return { connector: libvirtBackend.create({ name: BACKEND, baseUrl: url, http, credentials, settings: {}, ledger: memoryLedgerOf(BACKEND) }), metrics };
}

const opened: LibvirtSimulator[] = [];
async function rig(options: Partial<LibvirtSimOptions> = {}, credentials: Record<string, string> = {}): Promise<Rig> {
  // A listing server unless a test says otherwise (the released one's empty list has its own tests).
  const sim = await startLibvirtSimulator({ vmCount: LIBVIRT_SIM_DEFAULT_VMS, listsSnapshots: true, ...options });
  opened.push(sim);
  return { sim, ...connect(sim.url, credentials) };
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

/** The rejection of `promise`, which must reject. */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function backendFailureOf(promise: Promise<unknown>): Promise<BackendFailure> {
  const error = await failureOf(promise);
  if (!(error instanceof BackendFailure)) throw new Error(`expected a BackendFailure, got ${String(error)}`);
  expect(error.backend).toBe(BACKEND);
  return error;
}

const expectedPower: Record<string, PowerState> = { running: 'RUNNING', stopped: 'STOPPED', paused: 'PAUSED' };

function depthOf(snapshot: SnapshotRecord, byKey: Map<string, SnapshotRecord>): number {
  let depth = 1;
  for (let at = snapshot; at.parentKey !== null; depth++) {
    const parent = byKey.get(at.parentKey);
    if (!parent) throw new Error(`dangling parent ${at.parentKey}`);
    at = parent;
  }
  return depth;
}

const current = (snapshots: SnapshotRecord[]): SnapshotRecord[] => snapshots.filter((s) => s.isCurrent);

describe('reads over a 150-VM fleet', () => {
  let fleet: Rig;
  beforeAll(async () => {
    const sim = await startLibvirtSimulator({ vmCount: 150, listsSnapshots: true });
    fleet = { sim, ...connect(sim.url) };
  });
  afterAll(async () => {
    await fleet.sim.close();
  });

  it('listVMs pages past the first 100 in exactly 2 requests', async () => {
    const before = fleet.sim.requestCount();
    const vms = await fleet.connector.listVMs();
    expect(fleet.sim.requestCount() - before).toBe(2);
    expect(await fleet.metrics.backendRequestCount(BACKEND)).toBe(2);
    expect(vms).toHaveLength(150);
    expect(vms.map((vm) => vm.key)).toEqual(fleet.sim.vmNames());
    expect(new Set(vms.map((vm) => vm.key)).size).toBe(150);
    expect(vms[0]).toMatchObject({ entity: 'VM', backend: BACKEND, kind: 'VM', name: vms[0]?.key });
  });

  it('maps every power state', async () => {
    const vms = await fleet.connector.listVMs();
    for (const vm of vms) expect(vm.powerState).toBe(expectedPower[fleet.sim.vmStatus(vm.key) ?? '']);
    expect(new Set(vms.map((vm) => vm.powerState))).toEqual(new Set(['RUNNING', 'STOPPED', 'PAUSED']));
  });

  it('fills drives from the disks', async () => {
    const [vm] = await fleet.connector.listVMs();
    const name = fleet.sim.vmNames()[0] ?? '';
    expect(vm?.drives).toEqual([
      {
        entity: 'Drive',
        backend: BACKEND,
        key: joinKey(name, `/var/lib/libvirt/images/${name}-1.qcow2`),
        name: `${name}-1.qcow2`,
        sizeBytes: expect.any(Number),
        status: 'IN_USE',
        vmKey: name,
        clonedFromKey: null,
      },
    ]);
    expect(vm?.drives?.[0]?.sizeBytes).toBeGreaterThanOrEqual(20 * 1024 ** 3);
  });

  it('lists and gets drives from one VM list', async () => {
    const names = fleet.sim.vmNames();
    const all = await sliceOf(fleet.connector, 'drives').listDrives();
    expect(all.length).toBeGreaterThan(150);
    const some = await sliceOf(fleet.connector, 'drives').listDrivesOfVMs([names[1] ?? '', 'no-such-vm']);
    expect(some.map((d) => d.name)).toEqual([`${names[1]}-1.qcow2`, `${names[1]}-2.qcow2`]);
    const before = fleet.sim.requestCount();
    const got = await sliceOf(fleet.connector, 'drives').getDrives([
      some[1]?.key ?? '',
      joinKey('no-such-vm', '/x.qcow2'),
      'not a key',
      some[0]?.key ?? '',
    ]);
    expect(fleet.sim.requestCount() - before).toBe(2);
    expect(got.map((d) => d?.key ?? null)).toEqual([some[1]?.key, null, null, some[0]?.key]);
  });

  it('getVMs answers in key order with null where absent, from one listing', async () => {
    const names = fleet.sim.vmNames();
    const before = fleet.sim.requestCount();
    const got = await fleet.connector.getVMs([names[120] ?? '', 'ghost', names[3] ?? '', '["x"]']);
    expect(fleet.sim.requestCount() - before).toBe(2);
    expect(got.map((vm) => vm?.key ?? null)).toEqual([names[120], null, names[3], null]);
  });

  it('snapshot trees: parents resolve, one current per VM, depth >= 3, one request per VM', async () => {
    const names = fleet.sim.vmNames().slice(0, 6);
    const before = fleet.sim.requestCount();
    const snapshots = await fleet.connector.listSnapshotsOfVMs([...names, names[0] ?? '']);
    expect(fleet.sim.requestCount() - before).toBe(6);
    for (const name of names) {
      const own = snapshots.filter((s) => s.vmKey === name);
      const byKey = new Map(own.map((s) => [s.key, s]));
      expect(own).toHaveLength(5);
      expect(current(own)).toHaveLength(1);
      for (const s of own) {
        expect(s.key).toBe(joinKey(name, s.name));
        if (s.parentKey !== null) expect(byKey.has(s.parentKey)).toBe(true);
      }
      expect(Math.max(...own.map((s) => depthOf(s, byKey)))).toBeGreaterThanOrEqual(3);
      expect(own.filter((s) => s.parentKey === null).map((s) => s.name)).toEqual(['base']);
      const times = own.map((s) => s.createdAt?.getTime() ?? 0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const release = snapshots.find((s) => s.vmKey === names[1] && s.name === 'release-1');
    expect(release?.parentKey).toBe(joinKey(names[1] ?? '', 'pre-release'));
    expect(snapshots.find((s) => s.name === 'base')?.description).toBe('Clean OS install');
    expect(snapshots.find((s) => s.name === 'updates')?.description).toBeNull();
  });

  it('reads -04:00 offsets as the right instant', async () => {
    const name = fleet.sim.vmNames()[1] ?? '';
    const wire = fleet.sim.snapshotsOf(name)[0];
    expect(wire?.created_at).toMatch(/-04:00$/);
    const [record] = await fleet.connector.getSnapshots([joinKey(name, 'base')]);
    expect(record?.createdAt?.getTime()).toBe(Date.parse(wire?.created_at ?? ''));
    expect(record?.vmPowerState).toBe('STOPPED');
  });

  it('getSnapshots: null for absent snapshots, absent VMs and malformed keys', async () => {
    const [a, b] = fleet.sim.vmNames();
    const keys = [
      joinKey(a ?? '', 'updates'),
      joinKey(a ?? '', 'no-such-snapshot'),
      joinKey('no-such-vm', 'base'),
      'garbage',
      joinKey('only-one-part'),
      joinKey(b ?? '', 'release-1'),
    ];
    const got = await fleet.connector.getSnapshots(keys);
    expect(got.map((s) => s?.key ?? null)).toEqual([keys[0], null, null, null, null, keys[5]]);
    expect(got[0]?.parentKey).toBe(joinKey(a ?? '', 'base'));
    expect(got[5]?.hasDisk).toBe(true);
  });

  it('snapshots of drives are their VM’s disk snapshots, once', async () => {
    const name = fleet.sim.vmNames()[1] ?? '';
    const drives = await sliceOf(fleet.connector, 'drives').listDrivesOfVMs([name]);
    expect(drives).toHaveLength(2);
    const snapshots = await sliceOf(fleet.connector, 'drives').listSnapshotsOfDrives(drives.map((d) => d.key));
    expect(snapshots.map((s) => s.name)).toEqual(['base', 'updates', 'experiment', 'pre-release', 'release-1']);
    expect(snapshots.every((s) => s.vmKey === name && s.driveKey === null)).toBe(true);
  });

  it('ping reads /health', async () => {
    await expect(fleet.connector.ping()).resolves.toBeUndefined();
  });
});

describe('actions', () => {
  it('create makes the new snapshot current, child of the old current', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    expect(sim.vmStatus(vm)).toBe('running');
    const oldCurrent = current(await connector.listSnapshotsOfVMs([vm]))[0];
    const result = await connector.createSnapshot(
      { entity: 'VM', key: vm },
      { name: 'nightly', description: 'before patching', includeMemory: false, quiesce: true, metadata: [] },
    );
    expect(result).toEqual({ done: true, snapshotKey: joinKey(vm, 'nightly') });
    const after = await connector.listSnapshotsOfVMs([vm]);
    expect(current(after).map((s) => s.name)).toEqual(['nightly']);
    const created = after.find((s) => s.name === 'nightly');
    expect(created).toMatchObject({
      parentKey: oldCurrent?.key,
      description: 'before patching',
      vmPowerState: 'RUNNING',
      hasMemory: true,
      status: 'READY',
    });
    expect(created?.createdAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('create on a stopped VM without memory records shutoff and no memory; opMs blocks', async () => {
    const clock = new ManualClock();
    const { sim, connector } = await rig({ opMs: 80, clock });
    const vm = sim.vmNames()[1] ?? '';
    sim.setVMStatus(vm, 'stopped');
    const creating = connector.createSnapshot(
      { entity: 'VM', key: vm },
      { name: 'cold', description: null, includeMemory: false, quiesce: false, metadata: [] },
    );
    // The create holds its answer until 80 ms have passed on the simulator's clock, and has changed nothing yet.
    await vi.waitFor(() => expect(clock.sleeping()).toBe(1));
    clock.advance(79);
    expect([clock.sleeping(), sim.snapshotsOf(vm).some((s) => s.name === 'cold')]).toEqual([1, false]);
    clock.advance(1);
    await creating;
    const wire = sim.snapshotsOf(vm).find((s) => s.name === 'cold');
    // As the real server: has_memory is true for every snapshot (libvirt writes <memory snapshot='no'/>).
    expect(wire).toMatchObject({ state: 'shutoff', has_memory: true, is_current: true });
    expect(wire && 'description' in wire).toBe(false);
    const [record] = await connector.getSnapshots([joinKey(vm, 'cold')]);
    expect(record).toMatchObject({ vmPowerState: 'STOPPED', hasMemory: false });
  });

  it('create refuses drive targets, names missing VMs, and reports duplicates', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    const request = { name: 'base', description: null, includeMemory: false, quiesce: false, metadata: [] };
    const drive = await backendFailureOf(connector.createSnapshot({ entity: 'Drive', key: joinKey(vm, '/d') }, request));
    expect(drive).toMatchObject({ code: 'UNSUPPORTED', backendCode: null, httpStatus: null });
    const missing = await backendFailureOf(connector.createSnapshot({ entity: 'VM', key: 'ghost' }, request));
    expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'VM ghost not found']);
    // The server's 500 says nothing; what libvirt holds (an older snapshot of that name) says why.
    const duplicate = await backendFailureOf(connector.createSnapshot({ entity: 'VM', key: vm }, request));
    expect(duplicate).toMatchObject({ code: 'CONFLICT', backendCode: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
    expect(duplicate.message).toBe(`VM ${vm} already has a snapshot named 'base'`);
  });

  it('revert marks the snapshot current and restores its power state', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    expect(sim.vmStatus(vm)).toBe('running');
    const key = joinKey(vm, 'base');
    expect(await connector.revert?.revertSnapshot(key)).toMatchObject({ done: true, snapshotKey: key });
    const [snapshot] = await connector.getSnapshots([key]);
    expect(snapshot?.isCurrent).toBe(true);
    expect(current(await connector.listSnapshotsOfVMs([vm]))).toHaveLength(1);
    const [record] = await connector.getVMs([vm]);
    expect(record?.powerState).toBe('STOPPED');
  });

  it('delete re-parents children; deleting the current makes its parent current', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    expect(current(await connector.listSnapshotsOfVMs([vm]))[0]?.name).toBe('release-1');
    expect(await connector.deleteSnapshot(joinKey(vm, 'updates'))).toMatchObject({
      done: true,
      snapshotKey: joinKey(vm, 'updates'),
    });
    const [preRelease] = await connector.getSnapshots([joinKey(vm, 'pre-release')]);
    expect(preRelease?.parentKey).toBe(joinKey(vm, 'base'));
    await connector.deleteSnapshot(joinKey(vm, 'release-1'));
    const after = await connector.listSnapshotsOfVMs([vm]);
    expect(after.map((s) => s.name)).toEqual(['base', 'experiment', 'pre-release']);
    expect(current(after).map((s) => s.name)).toEqual(['pre-release']);
  });

  it('revert and delete of unknown snapshots or malformed keys are NOT_FOUND, not the server\'s 500', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    const before = sim.requestCount();
    const unknown = await backendFailureOf(connector.deleteSnapshot(joinKey(vm, 'nope')));
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', `snapshot nope of VM ${vm} not found`]);
    // Read by name first, so no DELETE went out: one GET (and a login).
    expect(sim.requestCount() - before).toBeLessThanOrEqual(2);
    expect((await backendFailureOf(connector.revert?.revertSnapshot(joinKey('ghost', 'base')) ?? Promise.resolve())).code).toBe(
      'NOT_FOUND',
    );
    expect((await backendFailureOf(connector.revert?.revertSnapshot('not-a-key') ?? Promise.resolve())).code).toBe(
      'NOT_FOUND',
    );
    expect(sim.snapshotsOf(vm)).toHaveLength(5);
  });

  it('encodes names with spaces, question marks, hashes and unicode in paths', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[2] ?? '';
    const name = 'pre upgrade 1 ü?#%';
    const { snapshotKey } = await connector.createSnapshot(
      { entity: 'VM', key: vm },
      { name, description: null, includeMemory: true, quiesce: false, metadata: [] },
    );
    expect(snapshotKey).toBe(joinKey(vm, name));
    expect((await connector.getSnapshots([joinKey(vm, name)]))[0]?.name).toBe(name);
    await connector.deleteSnapshot(joinKey(vm, name));
    expect(sim.snapshotsOf(vm).some((s) => s.name === name)).toBe(false);
  });

  it('pollTask never has a task to follow', async () => {
    const { connector } = await rig();
    expect(await backendFailureOf(pollOnce(connector, { id: 1 }))).toMatchObject({ code: 'UNSUPPORTED', backendCode: null, httpStatus: null });
  });
});

describe('failures', () => {
  it('an injected 500 carries the flat body’s message and code', async () => {
    const { sim, connector } = await rig();
    sim.failNext('GET', '/api/v1/vms', 500, { code: 'INTERNAL_SERVER_ERROR', message: 'libvirt is gone', status: 500 });
    const failure = await backendFailureOf(connector.listVMs());
    expect(failure.message).toBe('libvirt is gone');
    expect(failure).toMatchObject({ code: 'SERVER_ERROR', backendCode: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
    expect(await connector.listVMs()).toHaveLength(LIBVIRT_SIM_DEFAULT_VMS);
  });

  it('a 500 on an action for a snapshot that exists stays the server’s failure', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    sim.failNext('DELETE', '/snapshots/', 500, { code: 'INTERNAL_SERVER_ERROR', message: 'disk busy', status: 500 });
    const failure = await backendFailureOf(connector.deleteSnapshot(joinKey(vm, 'base')));
    expect([failure.code, failure.backendCode, failure.httpStatus, failure.message]).toEqual(['SERVER_ERROR', 'INTERNAL_SERVER_ERROR', 500, 'disk busy']);
    expect(sim.snapshotsOf(vm).map((s) => s.name)).toContain('base');
  });

  it('reads the nested doc shape and falls back to the status for bodies without one', async () => {
    const { sim, connector } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    sim.failNext('PUT', '/revert', 409, { error: { code: 'RESOURCE_CONFLICT', message: 'busy' } });
    const nested = await backendFailureOf(connector.revert?.revertSnapshot(joinKey(vm, 'base')) ?? Promise.resolve());
    expect([nested.code, nested.backendCode, nested.httpStatus, nested.message]).toEqual(['CONFLICT', 'RESOURCE_CONFLICT', 409, 'busy']);
    sim.failNext('GET', '/snapshots', 400, '<html>bad</html>');
    const text = await backendFailureOf(connector.listSnapshotsOfVMs([vm]));
    expect([text.code, text.backendCode, text.httpStatus, text.message]).toEqual(['INVALID_REQUEST', null, 400, 'HTTP 400']);
  });

  it('garbage list answers are BAD_RESPONSE naming the field', async () => {
    const { sim, connector } = await rig();
    sim.setFault({ mode: 'garbage', json: true });
    const vms = await backendFailureOf(connector.listVMs());
    expect(vms).toMatchObject({ code: 'BAD_RESPONSE', backendCode: null, httpStatus: null });
    expect(vms.message).toMatch(/GET \/api\/v1\/vms: field vms\.0\.name/);
    const snapshots = await backendFailureOf(connector.listSnapshotsOfVMs([sim.vmNames()[0] ?? '']));
    expect(snapshots.code).toBe('BAD_RESPONSE');
    expect(snapshots.message).toMatch(/GET \/api\/v1\/vms\/[^ ]+\/snapshots: field snapshots\.0\.created_at/);
  });

  it('a closed port is UNREACHABLE', async () => {
    const sim = await startLibvirtSimulator({ vmCount: 1 });
    const url = sim.url;
    await sim.close();
    const { connector } = connect(url);
    expect(await backendFailureOf(connector.listVMs())).toMatchObject({ code: 'UNREACHABLE', backendCode: null, httpStatus: null });
    expect((await backendFailureOf(connector.ping())).code).toBe('UNREACHABLE');
  });

  it('half-configured credentials are refused at construction', () => {
    expect(() => connect('http://127.0.0.1:1', { username: 'admin' })).toThrow(/username and password/);
  });
});

describe('auth', () => {
  const auth = { username: 'admin', password: 's3cret' };
  const credentials = { username: 'admin', password: 's3cret' };

  it('without credentials no header is sent and the server refuses', async () => {
    const { connector } = await rig({ auth });
    const failure = await backendFailureOf(connector.listVMs());
    expect([failure.code, failure.backendCode, failure.httpStatus, failure.message]).toEqual([
      'UNAUTHORIZED',
      'INVALID_OR_MISSING_AUTHENTICATION_TOKEN',
      401,
      'Missing authentication token',
    ]);
  });

  it('logs in once, shared by concurrent callers, and reuses the token', async () => {
    const { sim, connector } = await rig({ auth }, credentials);
    const names = sim.vmNames();
    await Promise.all([connector.listVMs(), ...names.map((vm) => connector.listSnapshotsOfVMs([vm]))]);
    expect(sim.loginCount()).toBe(1);
    expect(await connector.getVMs([names[0] ?? ''])).toHaveLength(1);
    expect(sim.loginCount()).toBe(1);
    await expect(connector.ping()).resolves.toBeUndefined();
  });

  it('renews transparently when the server stops accepting the token', async () => {
    const { sim, connector, metrics } = await rig({ auth }, credentials);
    await connector.listVMs();
    sim.expireTokens();
    const before = await metrics.backendRequestCount(BACKEND);
    expect(await connector.listVMs()).toHaveLength(LIBVIRT_SIM_DEFAULT_VMS);
    // The refused call, the login, the retry.
    expect((await metrics.backendRequestCount(BACKEND)) - before).toBe(3);
    expect(sim.loginCount()).toBe(2);
  });

  it('renews before a call when the token expires within 30 s', async () => {
    const { sim, connector } = await rig({ auth: { ...auth, tokenTtlMs: 20_000 } }, credentials);
    await connector.listVMs();
    await connector.listVMs();
    expect(sim.loginCount()).toBe(2);
  });

  it('a wrong password is a BackendFailure with the 401 body', async () => {
    const { sim, connector } = await rig({ auth }, { username: 'admin', password: 'wrong' });
    const failure = await backendFailureOf(connector.listVMs());
    expect([failure.code, failure.backendCode, failure.httpStatus, failure.message]).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 401, 'invalid credentials']);
    expect(sim.loginCount()).toBe(0);
  });
});

describe('simulator wire behaviour', () => {
  const get = async (url: string) => {
    const response = await fetch(url);
    const body: unknown = await response.json();
    return { status: response.status, body };
  };

  it('clamps paging, rejects non-numeric values, answers {vm:null} for a missing VM', async () => {
    const { sim } = await rig({ vmCount: 3 });
    expect(await get(`${sim.url}/api/v1/vms?pageSize=500&page=0`)).toMatchObject({
      status: 200,
      body: { count: 3, pageSize: 100, page: 1 },
    });
    expect(await get(`${sim.url}/api/v1/vms?page=abc`)).toEqual({
      status: 400,
      body: { code: 'INVALID_INPUT', message: 'invalid input', status: 400 },
    });
    expect(await get(`${sim.url}/api/v1/vms/ghost`)).toEqual({ status: 200, body: { vm: null } });
  });

  it('tree=true gives the roots flat; include_metadata=true filters; missing VM is 500', async () => {
    const { sim } = await rig();
    const vm = sim.vmNames()[0] ?? '';
    const tree = await get(`${sim.url}/api/v1/vms/${vm}/snapshots?tree=true`);
    expect(tree.body).toMatchObject({ count: 1, snapshots: [{ name: 'base' }] });
    const withMetadata = await get(`${sim.url}/api/v1/vms/${vm}/snapshots?include_metadata=true`);
    expect(withMetadata.body).toMatchObject({ count: 4 });
    const first = sim.snapshotsOf(vm)[1];
    expect(Object.keys(first ?? {})).toEqual([
      'created_at',
      'name',
      'state',
      'parent',
      'is_current',
      'has_metadata',
      'has_memory',
      'has_disk',
    ]);
    expect(await get(`${sim.url}/api/v1/vms/ghost/snapshots`)).toEqual({
      status: 500,
      body: { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred', status: 500 },
    });
  });

  it('create answers 201; malformed JSON and a missing name are 400 INVALID_INPUT', async () => {
    const { sim } = await rig();
    const url = `${sim.url}/api/v1/vms/${sim.vmNames()[0] ?? ''}/snapshots`;
    const post = (body: string) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const created = await post('{"name":"x"}');
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ snapshot: { name: 'x', parent: 'release-1', is_current: true } });
    for (const body of ['{"name":', '{"description":"no name"}', '{"name":""}']) {
      const response = await post(body);
      expect([response.status, await response.json()]).toEqual([
        400,
        { code: 'INVALID_INPUT', message: 'invalid input', status: 400 },
      ]);
    }
  });

  it('is deterministic for a seed', async () => {
    const a = await rig({ seed: 7 });
    const b = await rig({ seed: 7 });
    const list = async (url: string) => get(`${url}/api/v1/vms`);
    expect((await list(a.sim.url)).body).toEqual((await list(b.sim.url)).body);
    expect(a.sim.vmNames()).toEqual(['vm-web-01', 'vm-db-02', 'vm-cache-03', 'vm-api-04', 'vm-worker-05']);
  });
});

describe('credentials', () => {
  it('takes both a username and a password, or neither; one alone stops the connector with what it needs', () => {
    expect(connect('http://127.0.0.1:1').connector.name).toBe(BACKEND);
    expect(connect('http://127.0.0.1:1', { username: 'admin', password: 'secret' }).connector.name).toBe(BACKEND);
    expect(() => connect('http://127.0.0.1:1', { username: 'admin' })).toThrow(`backend ${BACKEND}: libvirt credentials need both username and password`);
    expect(() => connect('http://127.0.0.1:1', { password: 'secret' })).toThrow(/libvirt credentials need both/);
  });
});
