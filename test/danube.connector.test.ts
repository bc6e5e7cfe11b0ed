// The Danube connector against its simulator over real HTTP: reads (VMs and disks in two requests, one snapshot list
// per VM with bounded concurrency), every action followed through /task/<id>/status/, failed and revoked tasks,
// `{"detail"}` preconditions, schedules, and auth (Token login renewed after expiry, ES-API-KEY).
import { afterAll, describe, expect, it } from 'vitest';
import { DANUBE_CREDENTIALS, DanubeConnector, SNAPSHOT_LIST_CONCURRENCY } from '../src/connectors/danube/connector.js';
import {
  DANUBE_SIM_DEFAULT_API_KEY,
  DANUBE_SIM_DEFAULT_AUTH,
  startDanubeSimulator,
  type DanubeSimOptions,
  type DanubeSimulator,
} from '../src/connectors/danube/simulator.js';
import { HttpClient } from '../src/connectors/http.js';
import { joinKey } from '../src/connectors/keys.js';
import { Metrics } from '../src/metrics.js';
import { failureOf, follow, memoryLedgerOf } from './helpers/connectors.js';
import { readCredentials } from '../src/connectors/credentials.js';

const started: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function simulator(options: Partial<DanubeSimOptions> = {}): Promise<DanubeSimulator> {
  const sim = await startDanubeSimulator({ vmCount: 4, opMs: 60, ...options });
  started.push(sim);
  return sim;
}

function connect(sim: DanubeSimulator, credentials: Record<string, string> = DANUBE_SIM_DEFAULT_AUTH): DanubeConnector {
  const http = new HttpClient({ metrics: new Metrics(), timeoutMs: 2_000, readRetries: 0, concurrency: 64 });
  started.push({ close: async () => http.close() });
  return new DanubeConnector({ name: 'dn', baseUrl: sim.apiUrl, http, credentials: readCredentials('dn', DANUBE_CREDENTIALS, credentials), settings: {}, ledger: memoryLedgerOf('dn') });
}

const since = (sim: DanubeSimulator, from: number) => sim.requests().slice(from).map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);

describe('reads', () => {
  it('VMs with power state and disks inline: /vm/?full=true and /vm/define/?full=true, after one login', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const vms = await dn.listVMs();
    expect(since(sim, 0)).toEqual(['POST /api/accounts/login/', 'GET /api/vm/?full=true', 'GET /api/vm/define/?full=true']);
    expect(vms.map((vm) => [vm.key, vm.powerState])).toEqual(sim.vms().map((vm) => [vm.hostname, ({ running: 'RUNNING', stopped: 'STOPPED', frozen: 'PAUSED', 'stopped-': 'STOPPED' } as Record<string, string>)[vm.status]]));
    const first = vms[0];
    expect(first?.drives).toEqual([
      { entity: 'Drive', backend: 'dn', key: joinKey(first?.key ?? '', '1'), name: `${first?.key} disk 1`, sizeBytes: 10_240 * 1024 * 1024, status: 'IN_USE', vmKey: first?.key, clonedFromKey: null },
      { entity: 'Drive', backend: 'dn', key: joinKey(first?.key ?? '', '2'), name: `${first?.key} disk 2`, sizeBytes: 51_200 * 1024 * 1024, status: 'IN_USE', vmKey: first?.key, clonedFromKey: null },
    ]);
  });

  it('snapshots: one list per VM shared by the VM and drive reads, never more than the bound at once', async () => {
    const sim = await simulator({ vmCount: 30, latencyMs: 20 });
    const dn = connect(sim);
    const vms = await dn.listVMs();
    const from = sim.requests().length;
    const [ofVMs, ofDrives] = await Promise.all([
      dn.listSnapshotsOfVMs(vms.map((vm) => vm.key)),
      dn.drives.listSnapshotsOfDrives(vms.flatMap((vm) => (vm.drives ?? []).map((d) => d.key))),
    ]);
    expect(since(sim, from)).toHaveLength(30);
    expect(sim.maxInFlight()).toBeLessThanOrEqual(SNAPSHOT_LIST_CONCURRENCY + 1);
    expect(ofVMs).toHaveLength(sim.snapshots().length);
    expect(ofDrives).toHaveLength(sim.snapshots().length);
    const h = vms[0]?.key ?? '';
    const daily = ofVMs.find((s) => s.vmKey === h && s.name === 'daily-1');
    expect(daily).toMatchObject({ driveKey: joinKey(h, '1'), scheduleKey: joinKey(h, '1', 'daily'), description: 'Automatic snapshot', status: 'READY' });
    expect(ofVMs.find((s) => s.vmKey === h && s.name === 'data1')).toMatchObject({ driveKey: joinKey(h, '2'), scheduleKey: null });
  });

  it('maps pending and lost snapshots; a VM that is gone has none', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[0]?.hostname ?? '';
    sim.loseSnapshot(h, 1, 'backup1');
    const [lost, missing] = await dn.getSnapshots([joinKey(h, '1', 'backup1'), joinKey('nope.example', '1', 'x')]);
    expect(lost).toMatchObject({ status: 'ERROR', description: 'before the upgrade' });
    expect(missing).toBeNull();
  });

  it('schedules: one /vm/define/snapshot/ for every VM and disk', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[1]?.hostname ?? '';
    const from = sim.requests().length;
    const schedules = await dn.schedules.list({ vmKeys: [h], driveKeys: [] });
    expect(since(sim, from).filter((r) => !r.includes('login'))).toEqual(['GET /api/vm/define/snapshot/?full=true']);
    expect(schedules?.map((s) => [s.name, s.active, s.retention, s.description])).toEqual([
      ['daily', true, 30, null],
      ['hourly', false, 24, 'off for now'],
    ]);
  });
});

describe('actions', () => {
  it('creates on a disk with fsfreeze: 201 PENDING, STARTED, then SUCCESS with the snapshot', async () => {
    // Long enough that a poll lands in each phase even on a loaded machine.
    const sim = await simulator({ opMs: 600 });
    const dn = connect(sim);
    const h = sim.vms()[0]?.hostname ?? '';
    const result = await dn.createSnapshot({ entity: 'Drive', key: joinKey(h, '2') }, { name: 'pre-upgrade', description: 'note', includeMemory: false, quiesce: true, metadata: [] });
    expect(result).toMatchObject({ done: false, snapshotKey: joinKey(h, '2', 'pre-upgrade') });
    expect(sim.requests().at(-1)).toMatchObject({ method: 'POST', path: `/api/vm/${h}/snapshot/pre-upgrade/`, body: { disk_id: 2, note: 'note', fsfreeze: true } });
    const states = await follow(dn, result);
    expect(states.map((s) => s.message)).toContain('pending');
    expect(states.map((s) => s.message)).toContain('started');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: joinKey(h, '2', 'pre-upgrade') });
    expect(sim.snapshots(h).find((s) => s.name === 'pre-upgrade')).toMatchObject({ diskId: 2, status: 1, note: 'note' });
  });

  it('a VM target means its first disk', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[1]?.hostname ?? '';
    const result = await dn.createSnapshot({ entity: 'VM', key: h }, { name: 'whole', description: null, includeMemory: false, quiesce: false, metadata: [] });
    expect((await follow(dn, result)).at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: joinKey(h, '1', 'whole') });
  });

  it('a failed task ends FAILED with the backend’s message, and the pending row is gone; a revoked one too', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[0]?.hostname ?? '';
    sim.failNextTask('Got bad return code (1). Error: cannot create snapshot: out of space');
    const failed = await dn.createSnapshot({ entity: 'VM', key: h }, { name: 'doomed', description: null, includeMemory: false, quiesce: false, metadata: [] });
    expect((await follow(dn, failed)).at(-1)).toEqual({ status: 'FAILED', error: { code: 'FAILURE', message: 'Got bad return code (1). Error: cannot create snapshot: out of space' } });
    expect(sim.snapshots(h).some((s) => s.name === 'doomed')).toBe(false);
    sim.revokeNextTask();
    const revoked = await dn.deleteSnapshot(joinKey(h, '1', 'backup1'));
    // Stopped at the backend: the engine reads back that nothing of it is there before it says CANCELLED.
    expect((await follow(dn, revoked)).at(-1)).toEqual({ status: 'CANCELLED', message: 'the backend revoked the task (Task revoked)' });
    expect(sim.snapshots(h).find((s) => s.name === 'backup1')?.status).toBe(1);
  });

  it('preconditions answer {"detail"}: a taken name (406), a running VM’s rollback (423), a bad name (400 FAILURE)', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[0]?.hostname ?? '';
    const request = { description: null, includeMemory: false, quiesce: false, metadata: [] };
    expect(await failureOf(dn.createSnapshot({ entity: 'VM', key: h }, { name: 'backup1', ...request }))).toMatchObject({ code: 'INVALID_REQUEST', backendCode: null, httpStatus: 406, message: 'Snapshot already exists' });
    expect(await failureOf(dn.revert.revertSnapshot(joinKey(h, '1', 'backup1')))).toMatchObject({ code: 'INVALID_REQUEST', backendCode: null, httpStatus: 423, message: 'VM is not stopped' });
    expect(await failureOf(dn.createSnapshot({ entity: 'VM', key: h }, { name: 'no spaces', ...request }))).toMatchObject({ code: 'INVALID_REQUEST', backendCode: 'FAILURE', httpStatus: 400, message: 'name: Enter a valid value.' });
    expect(await failureOf(dn.createSnapshot({ entity: 'Drive', key: joinKey(h, '9') }, { name: 'x', ...request }))).toMatchObject({ code: 'INVALID_REQUEST', backendCode: null, httpStatus: 412, message: 'Invalid disk_id' });
  });

  it('rolls back a stopped VM’s disk: newer snapshots of that disk are gone, the other disk’s stay', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[0]?.hostname ?? '';
    sim.setVmStatus(h, 'stopped');
    const result = await dn.revert.revertSnapshot(joinKey(h, '1', 'backup2'));
    expect(sim.requests().at(-1)).toMatchObject({ method: 'PUT', body: { disk_id: 1, force: true } });
    expect((await follow(dn, result)).at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: joinKey(h, '1', 'backup2') });
    expect(sim.snapshots(h).map((s) => `${s.diskId}/${s.name}`).sort()).toEqual(['1/backup1', '1/backup2', '2/data1']);
  });

  it('updates the note synchronously (PUT with note: no rollback, even on a running VM)', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[0]?.hostname ?? '';
    expect(await dn.update.updateSnapshot(joinKey(h, '1', 'backup2'), { description: 'keep me' })).toEqual({ done: true, snapshotKey: joinKey(h, '1', 'backup2') });
    expect(sim.snapshots(h).map((s) => s.name)).toContain('backup3');
    expect(sim.snapshots(h).find((s) => s.name === 'backup2')?.note).toBe('keep me');
    expect(await failureOf(Promise.resolve().then(() => dn.update.updateSnapshot(joinKey(h, '1', 'backup2'), { name: 'renamed' })))).toMatchObject({ code: 'UNSUPPORTED', backendCode: null, httpStatus: null });
  });

  it('deletes one, a lost one synchronously, and many with one DELETE per VM disk', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const [a, b] = sim.vms();
    const ha = a?.hostname ?? '';
    const hb = b?.hostname ?? '';
    expect((await follow(dn, await dn.deleteSnapshot(joinKey(ha, '1', 'backup3')))).at(-1)?.status).toBe('SUCCEEDED');
    sim.loseSnapshot(ha, 1, 'backup2');
    expect(await dn.deleteSnapshot(joinKey(ha, '1', 'backup2'))).toMatchObject({ done: true, message: 'Snapshot successfully deleted from DB' });
    const from = sim.requests().length;
    const keys = [joinKey(ha, '1', 'backup1'), joinKey(hb, '1', 'backup1'), joinKey(ha, '2', 'data1'), joinKey(hb, '1', 'backup2')];
    const results = await dn.bulkDelete.deleteSnapshots(keys);
    expect(sim.requests().slice(from).map((r) => [r.method, r.path, r.body])).toEqual([
      ['DELETE', `/api/vm/${ha}/snapshot/`, { disk_id: 1, snapnames: ['backup1'] }],
      ['DELETE', `/api/vm/${hb}/snapshot/`, { disk_id: 1, snapnames: ['backup1', 'backup2'] }],
      ['DELETE', `/api/vm/${ha}/snapshot/`, { disk_id: 2, snapnames: ['data1'] }],
    ]);
    for (const [i, result] of (results ?? []).entries()) {
      if (result instanceof Error) throw result;
      expect((await follow(dn, result)).at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshotKey: keys[i] });
    }
    expect(sim.snapshots(ha).map((s) => s.name)).toEqual(['daily-1']);
    expect(sim.snapshots(hb).map((s) => s.name)).toEqual(['daily-1', 'backup3']);
  });

  it('creates, updates and deletes snapshot definitions; the server’s own checks come back as failures', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    const h = sim.vms()[0]?.hostname ?? '';
    const created = await dn.schedules.create({ entity: 'Drive', key: joinKey(h, '2') }, { name: 'nightly', schedule: '0 2 * * *', retention: 7, active: true, description: 'data', quiesce: true });
    expect(created).toMatchObject({ key: joinKey(h, '2', 'nightly'), driveKey: joinKey(h, '2'), vmKey: h, retention: 7, description: 'data' });
    expect(sim.definitions().find((d) => d.name === 'nightly')).toMatchObject({ diskId: 2, fsfreeze: true });
    expect(await dn.schedules.update(joinKey(h, '2', 'nightly'), { retention: 3, active: false })).toMatchObject({ retention: 3, active: false, schedule: '0 2 * * *' });
    await dn.schedules.delete(joinKey(h, '2', 'nightly'));
    expect(sim.definitions().some((d) => d.name === 'nightly')).toBe(false);
    const long = dn.schedules.create({ entity: 'VM', key: h }, { name: 'toolongname', schedule: '0 2 * * *', retention: 7, active: true, description: null, quiesce: false });
    expect(await failureOf(Promise.resolve(long))).toMatchObject({ code: 'INVALID_REQUEST', backendCode: 'FAILURE', httpStatus: 400, message: 'name: Ensure this field has no more than 8 characters.' });
  });
});

describe('auth', () => {
  it('logs in once, and again after the token expired (401, then renewed and retried)', async () => {
    const sim = await simulator();
    const dn = connect(sim);
    await dn.listVMs();
    await dn.listVMs();
    expect(sim.loginCount()).toBe(1);
    sim.expireTokens();
    expect(await dn.listVMs()).toHaveLength(4);
    expect(sim.loginCount()).toBe(2);
  });

  it('renews a token before it runs out (expires within the margin)', async () => {
    const sim = await simulator({ auth: { tokenTtlSeconds: 5 } });
    const dn = connect(sim);
    await dn.ping();
    await dn.ping();
    // Each token expires within the 30 s renewal margin, so each call logs in first: never a 401.
    expect(sim.loginCount()).toBe(2);
  });

  it('uses ES-API-KEY without logging in; a wrong one is 401 "Invalid API key"', async () => {
    const sim = await simulator();
    expect(await connect(sim, { apiKey: DANUBE_SIM_DEFAULT_API_KEY }).listVMs()).toHaveLength(4);
    expect(sim.loginCount()).toBe(0);
    expect(await failureOf(connect(sim, { apiKey: 'nope' }).ping())).toMatchObject({ code: 'UNAUTHORIZED', backendCode: null, httpStatus: 401, message: 'Invalid API key' });
    expect(await failureOf(connect(sim, { ...DANUBE_SIM_DEFAULT_AUTH, password: 'wrong' }).ping())).toMatchObject({
      code: 'INVALID_REQUEST',
      backendCode: null,
      httpStatus: 400,
      message: 'Unable to log in with provided credentials.',
    });
  });
});
