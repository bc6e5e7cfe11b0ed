// The CloudSigma connector against its simulator over real HTTP: listings (one request each, paged when the server
// caps pages), the drive/server/snapshot mapping, every action followed through pollTask, errors and auth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLONED_FROM_META } from '../src/connectors/cloudsigma/connector.js';
import {
  CLOUDSIGMA_SIM_DEFAULT_AUTH,
  startCloudSigmaSimulator,
  type CloudSigmaSimOptions,
  type CloudSigmaSimulator,
} from '../src/connectors/cloudsigma/simulator.js';
import type { Connector } from '../src/connectors/connector.js';
import { BackendFailure } from '../src/connectors/errors.js';
import { HttpClient } from '../src/connectors/http.js';
import { Metrics } from '../src/metrics.js';
import { failureOf, follow, memoryLedgerOf, pollOnce, sliceOf } from './helpers/connectors.js';
import { cloudsigma as cloudsigmaBackend } from '../src/connectors/cloudsigma/backend.js';

const started: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function simulator(options: Partial<CloudSigmaSimOptions> = {}): Promise<CloudSigmaSimulator> {
  const sim = await startCloudSigmaSimulator({ serverCount: 4, opMs: 60, ...options });
  started.push(sim);
  return sim;
}

function connect(sim: CloudSigmaSimulator, credentials: Record<string, string> = CLOUDSIGMA_SIM_DEFAULT_AUTH): Connector {
  const http = new HttpClient({ metrics: new Metrics(), timeoutMs: 2_000, readRetries: 0 });
  started.push({ close: async () => http.close() });
  return cloudsigmaBackend.create({ name: 'cs', baseUrl: sim.apiUrl, http, credentials, settings: {}, ledger: memoryLedgerOf('cs') });
}

const gets = (sim: CloudSigmaSimulator, since: number) => sim.requests().slice(since).map((r) => `${r.method} ${r.path}?${r.query}`);

describe('reads', () => {
  let sim: CloudSigmaSimulator;
  let connector: Connector;
  beforeAll(async () => {
    sim = await simulator({ serverCount: 6, unattachedDrives: 3 });
    connector = connect(sim);
  });

  it('listVMs: servers with their attached drives inline, from one servers and one drives listing', async () => {
    const before = sim.requests().length;
    const vms = await connector.listVMs();
    expect(gets(sim, before).sort()).toEqual(['GET /api/2.0/drives/detail/?limit=0', 'GET /api/2.0/servers/detail/?limit=0']);
    expect(vms.map((vm) => vm.name)).toEqual(sim.servers().map((s) => s.name));
    for (const vm of vms) {
      const server = sim.servers().find((s) => s.uuid === vm.key);
      expect(vm.drives?.map((d) => d.key)).toEqual(server?.drives);
      for (const drive of vm.drives ?? []) expect(drive).toMatchObject({ vmKey: vm.key, status: 'IN_USE' });
    }
    expect(new Set(vms.map((vm) => vm.powerState))).toEqual(new Set(['RUNNING', 'STOPPED', 'PAUSED']));
  });

  it('listDrives: attached and unattached, sizes and statuses; snapshots on their drive and on its server', async () => {
    const drives = await sliceOf(connector, 'drives').listDrives();
    expect(drives).toHaveLength(sim.drives().length);
    expect(drives.filter((d) => d.vmKey === null).map((d) => d.status)).toEqual(['READY', 'READY', 'READY']);
    for (const d of drives) expect(d.sizeBytes).toBe(sim.drives().find((w) => w.uuid === d.key)?.size);
    const spare = drives.find((d) => d.vmKey === null);
    const attached = drives.find((d) => d.vmKey !== null);
    if (!spare || !attached?.vmKey) throw new Error('seed has no spare or attached drive');
    const before = sim.requests().length;
    const [ofDrives, ofVMs] = await Promise.all([
      sliceOf(connector, 'drives').listSnapshotsOfDrives([spare.key, attached.key]),
      connector.listSnapshotsOfVMs([attached.vmKey]),
    ]);
    // Both at once share one snapshots and one drives listing.
    expect(gets(sim, before).sort()).toEqual(['GET /api/2.0/drives/detail/?limit=0', 'GET /api/2.0/snapshots/detail/?limit=0']);
    const wire = sim.snapshots();
    expect(ofDrives.map((s) => s.key).sort()).toEqual(wire.filter((w) => w.drive === spare.key || w.drive === attached.key).map((w) => w.uuid).sort());
    expect(ofDrives.filter((s) => s.driveKey === spare.key).every((s) => s.vmKey === null)).toBe(true);
    const serverDrives = sim.servers().find((s) => s.uuid === attached.vmKey)?.drives ?? [];
    expect(ofVMs.map((s) => s.key).sort()).toEqual(wire.filter((w) => serverDrives.includes(w.drive)).map((w) => w.uuid).sort());
    for (const s of ofVMs) {
      const w = wire.find((x) => x.uuid === s.key);
      expect(s).toMatchObject({ vmKey: attached.vmKey, isCurrent: false, hasDisk: true, hasMemory: false, parentKey: null, status: 'READY' });
      expect(s.sizeBytes).toBe(w?.allocatedSize);
      expect(s.createdAt?.toISOString()).toBe(new Date((w?.timestamp ?? '').replace(' ', 'T')).toISOString());
    }
  });

  it('get*: from one listing each, null for unknown keys', async () => {
    const [vm] = sim.servers();
    const [snapshot] = sim.snapshots();
    expect((await connector.getVMs([vm?.uuid ?? '', 'nope'])).map((v) => v?.name ?? null)).toEqual([vm?.name, null]);
    expect((await sliceOf(connector, 'drives').getDrives(['nope'])).map((d) => d?.key ?? null)).toEqual([null]);
    expect((await connector.getSnapshots([snapshot?.uuid ?? '', 'nope'])).map((s) => s?.name ?? null)).toEqual([snapshot?.name, null]);
  });

  it('pages past the first page when the server caps limit (even limit=0)', async () => {
    const capped = await simulator({ serverCount: 11, maxLimit: 4 });
    const c = connect(capped);
    const before = capped.requests().length;
    expect(await c.listVMs()).toHaveLength(11);
    expect(gets(capped, before).filter((r) => r.includes('/servers/')).sort()).toEqual([
      'GET /api/2.0/servers/detail/?limit=0',
      'GET /api/2.0/servers/detail/?limit=4&offset=4',
      'GET /api/2.0/servers/detail/?limit=4&offset=8',
    ]);
    expect((await sliceOf(c, 'drives').listSnapshotsOfDrives(capped.drives().map((d) => d.uuid))).length).toBe(capped.snapshots().length);
  });
});

describe('actions', () => {
  let sim: CloudSigmaSimulator;
  let connector: Connector;
  beforeAll(async () => {
    sim = await simulator();
    connector = connect(sim);
  });
  const spare = () => {
    const found = sim.drives().find((d) => d.mountedOn === null && !d.name.includes('clone'));
    if (!found) throw new Error('no spare drive');
    return found;
  };

  it('create on a drive: POST /snapshots/ with objects; creating until available', async () => {
    const drive = spare();
    const before = sim.requests().length;
    const result = await connector.createSnapshot(
      { entity: 'Drive', key: drive.uuid },
      { name: 'made', description: 'why', includeMemory: false, quiesce: false, metadata: [{ key: 'team', value: 'a' }] },
    );
    expect(sim.requests()[before]).toMatchObject({
      method: 'POST',
      path: '/api/2.0/snapshots/',
      body: { objects: [{ drive: drive.uuid, name: 'made', meta: { team: 'a', description: 'why' } }] },
    });
    const states = await follow(connector, result);
    expect(states.at(0)?.status).toBe('RUNNING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: result.snapshotKey });
    const [made] = await connector.getSnapshots([result.snapshotKey ?? '']);
    expect(made).toMatchObject({ name: 'made', description: 'why', metadata: [{ key: 'team', value: 'a' }], status: 'READY', driveKey: drive.uuid });
  });

  it('create on a VM is refused before anything is sent, naming its drives', async () => {
    const [vm] = await connector.listVMs();
    if (!vm) throw new Error('no VM');
    expect(connector.refuseSnapshotTarget?.(vm)).toMatch(new RegExp(`pick one of the drives of '${vm.name}' \\('${vm.name}-boot'`));
    const [drive] = await sliceOf(connector, 'drives').listDrives();
    if (drive) expect(connector.refuseSnapshotTarget?.(drive)).toBeNull();
  });

  it('clone: 202 with the new drive; job progress, then the drive remembers its snapshot in meta', async () => {
    const snapshot = sim.snapshots()[0];
    if (!snapshot) throw new Error('no snapshot');
    const result = await connector.clone?.cloneSnapshot(snapshot.uuid, 'restored');
    if (!result || result.done) throw new Error('clone answered no task');
    expect(sim.drives().find((d) => d.uuid === result.driveKey)?.status).toBe('cloning_dst');
    const states = await follow(connector, result);
    expect(states.some((s) => typeof s.progress === 'number' && s.progress > 0 && s.progress < 100)).toBe(true);
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', driveKey: result.driveKey });
    expect(sim.drives().find((d) => d.uuid === result.driveKey)).toMatchObject({ name: 'restored', status: 'unmounted', meta: { [CLONED_FROM_META]: snapshot.uuid } });
    const [drive] = await sliceOf(connector, 'drives').getDrives([result.driveKey ?? '']);
    expect(drive).toMatchObject({ clonedFromKey: snapshot.uuid, status: 'READY', vmKey: null });
  });

  it('a clone whose job fails is FAILED with the job’s message', async () => {
    const snapshot = sim.snapshots()[1];
    sim.failNextClone('storage backend out of capacity');
    const result = await connector.clone?.cloneSnapshot(snapshot?.uuid ?? '', null);
    if (!result) throw new Error('no clone');
    expect((await follow(connector, result)).at(-1)).toEqual({ status: 'FAILED', error: { code: 'JOB_FAILED', message: 'storage backend out of capacity' } });
  });

  it('update: GET then PUT with drive, name and meta; the description survives a metadata change', async () => {
    const snapshot = sim.snapshots().find((s) => s.meta.description !== undefined);
    if (!snapshot) throw new Error('no described snapshot');
    const result = await connector.update?.updateSnapshot(snapshot.uuid, { name: 'renamed', metadata: [{ key: 'k', value: 'v' }] });
    expect(result).toEqual({ done: true, snapshotKey: snapshot.uuid });
    expect(sim.requests().at(-1)).toMatchObject({ method: 'PUT', body: { drive: snapshot.drive, name: 'renamed', meta: { k: 'v', description: snapshot.meta.description } } });
    const [after] = await connector.getSnapshots([snapshot.uuid]);
    expect(after).toMatchObject({ name: 'renamed', metadata: [{ key: 'k', value: 'v' }], description: snapshot.meta.description });
  });

  it('delete: 204 text/html, RUNNING while the snapshot is still there, SUCCEEDED once it is gone', async () => {
    const snapshot = sim.snapshots().at(-1);
    if (!snapshot) throw new Error('no snapshot');
    const result = await connector.deleteSnapshot(snapshot.uuid);
    const states = await follow(connector, result);
    expect(states.at(0)?.status).toBe('RUNNING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: snapshot.uuid });
    expect(sim.snapshots().some((s) => s.uuid === snapshot.uuid)).toBe(false);
  });

  it('deleteSnapshots: one DELETE /snapshots/ for all; an unknown uuid fails them all', async () => {
    const keys = sim.snapshots().slice(0, 3).map((s) => s.uuid);
    const before = sim.requests().length;
    const results = await connector.bulkDelete?.deleteSnapshots(keys);
    expect(sim.requests().slice(before)).toEqual([
      { method: 'DELETE', path: '/api/2.0/snapshots/', query: '', body: { objects: keys.map((uuid) => ({ uuid })) } },
    ]);
    for (const result of results ?? []) {
      if (result instanceof Error) throw result;
      expect((await follow(connector, result)).at(-1)?.status).toBe('SUCCEEDED');
    }
    const failed = await connector.bulkDelete?.deleteSnapshots([sim.snapshots()[0]?.uuid ?? '', 'missing']);
    expect(failed?.map((r) => (r instanceof BackendFailure ? [r.code, r.backendCode, r.httpStatus] : 'ok'))).toEqual([
      ['NOT_FOUND', 'notexist', 404],
      ['NOT_FOUND', 'notexist', 404],
    ]);
  });

  it('a created snapshot that disappears ends FAILED with the notexist message; a foreign task is rejected', async () => {
    expect(await pollOnce(connector, { kind: 'create', uuid: 'gone' })).toEqual({
      status: 'FAILED',
      error: { code: 'notexist', message: 'Object with uuid gone does not exist' },
    });
    expect(await failureOf(pollOnce(connector, { taskId: '1' }))).toMatchObject({ code: 'BAD_RESPONSE', backendCode: null, httpStatus: null });
  });
});

describe('errors and auth', () => {
  it('an error array becomes the failure’s type and message; garbage is BAD_RESPONSE; the next call works', async () => {
    const sim = await simulator();
    const connector = connect(sim);
    sim.failNext('GET', '/servers/detail/', 503, [{ error_point: null, error_type: 'backend', error_message: 'unknown error' }]);
    expect(await failureOf(connector.listVMs())).toMatchObject({ code: 'SERVER_ERROR', backendCode: 'backend', httpStatus: 503, message: 'unknown error' });
    sim.setFault({ mode: 'garbage', json: true });
    expect((await failureOf(sliceOf(connector, 'drives').listDrives())).message).toMatch(/unexpected answer to GET \/drives\/detail\/: field /);
    sim.setFault(null);
    expect((await sliceOf(connector, 'drives').listDrives()).length).toBeGreaterThan(0);
    expect(await failureOf(connector.update?.updateSnapshot('nope', { name: 'x' }) ?? Promise.resolve())).toMatchObject({
      code: 'NOT_FOUND',
      backendCode: 'notexist',
      httpStatus: 404,
    });
  });

  it('Basic auth: wrong credentials are a 401 failure (no token to renew); right ones work, and ping proves them', async () => {
    const sim = await simulator();
    const wrong = connect(sim, { username: CLOUDSIGMA_SIM_DEFAULT_AUTH.username, password: 'wrong' });
    expect(await failureOf(wrong.listVMs())).toMatchObject({ code: 'UNAUTHORIZED', backendCode: null, httpStatus: 401, message: 'HTTP 401' });
    expect(await failureOf(wrong.ping())).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    const right = connect(sim);
    await right.ping();
    expect(sim.requests().at(-1)).toMatchObject({ path: '/api/2.0/servers/', query: 'limit=1&fields=uuid' });
    expect(() => connect(sim, { username: '' })).toThrow(/CloudSigma credentials need a username/);
  });
});
