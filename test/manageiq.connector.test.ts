// The MANAGEIQ connector over real HTTP against the ManageIQ simulator: paging, mapping, trees, queued actions
// followed through tasks, bulk delete, failures, token auth; and the simulator's own wire behaviour.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../src/connectors/capabilities.js';
import type { Connector } from '../src/connectors/connector.js';
import { BackendFailure } from '../src/connectors/errors.js';
import { HttpClient } from '../src/connectors/http.js';
import { joinKey } from '../src/connectors/keys.js';
import {
  powerStateOf,
  REFRESH_POLLS,
  WAITING_FOR_INVENTORY,
} from '../src/connectors/manageiq/connector.js';
import {
  MANAGEIQ_SIM_DEFAULT_AUTH,
  type ManageIQSimOptions,
  type ManageIQSimulator,
  type SimCollection,
  startManageIQSimulator,
} from '../src/connectors/manageiq/simulator.js';
import { wireActionRequest, wireAuthAnswer, wireResults } from '../src/connectors/manageiq/wire.js';
import type { SnapshotRecord } from '../src/domain/model.js';
import type { ActionResult, JsonValue, TaskState } from '../src/domain/operation.js';
import { ManualClock } from '../src/lab/kit/clock.js';
import { Metrics } from '../src/metrics.js';
import { memoryLedgerOf, pollOnce } from './helpers/connectors.js';
import { manageiq as manageiqBackend } from '../src/connectors/manageiq/backend.js';

const BACKEND = 'miq';
const CREDENTIALS = { ...MANAGEIQ_SIM_DEFAULT_AUTH };

interface Rig {
  sim: ManageIQSimulator;
  connector: Connector;
  metrics: Metrics;
  /** The simulator's clock: tasks and tokens move only when the test advances it. */
  clock: ManualClock;
}

function connect(url: string, credentials: Record<string, string> = CREDENTIALS): { connector: Connector; metrics: Metrics } {
  const metrics = new Metrics();
  // Each failure as the connector reports it: a dead port's retries must not open the circuit (faults.test.ts tests that).
  const http = new HttpClient({ metrics, timeoutMs: 2_000, circuitBreaker: { consecutiveFailures: 100 } });
  return { connector: manageiqBackend.create({ name: BACKEND, baseUrl: url, http, credentials, settings: {}, ledger: memoryLedgerOf(BACKEND) }), metrics };
}

const opened: ManageIQSimulator[] = [];
async function rig(options: Partial<ManageIQSimOptions> = {}, credentials?: Record<string, string>): Promise<Rig> {
  const clock = new ManualClock();
  const sim = await startManageIQSimulator({ vmCount: 5, instanceCount: 2, clock, ...options });
  opened.push(sim);
  return { sim, clock, ...connect(sim.url, credentials) };
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function backendFailureOf(promise: Promise<unknown>): Promise<BackendFailure> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof BackendFailure)) throw new Error(`expected a BackendFailure, got ${String(error)}`);
    expect(error.backend).toBe(BACKEND);
    return error;
  }
  throw new Error('expected a rejection');
}

const vmKey = (collection: SimCollection, id: string) => joinKey(collection, id);
const snapKey = (collection: SimCollection, id: string, sid: string) => joinKey(collection, id, sid);

function taskOf(result: ActionResult): JsonValue {
  if (result.done) throw new Error('expected a task to follow');
  return result.task;
}

/** Polls a task like the engine does, the simulator's clock moving `everyMs` between polls; every state seen, in order. */
async function follow(connector: Connector, clock: ManualClock, task: JsonValue, everyMs = 15): Promise<TaskState[]> {
  const states: TaskState[] = [];
  for (let i = 0; i < 400; i++) {
    const state = await pollOnce(connector, task);
    states.push(state);
    if (state.status === 'SUCCEEDED' || state.status === 'FAILED') return states;
    clock.advance(everyMs);
  }
  throw new Error('the task never ended');
}

function depthOf(snapshot: SnapshotRecord, byKey: Map<string, SnapshotRecord>): number {
  let depth = 1;
  for (let at = snapshot; at.parentKey !== null; depth++) {
    const parent = byKey.get(at.parentKey);
    if (!parent) throw new Error(`dangling parent ${at.parentKey}`);
    at = parent;
  }
  return depth;
}

const current = (snapshots: SnapshotRecord[]) => snapshots.filter((s) => s.isCurrent);

describe('reads over 150 VMs and 20 instances', () => {
  let fleet: Rig;
  beforeAll(async () => {
    const clock = new ManualClock();
    const sim = await startManageIQSimulator({ vmCount: 150, instanceCount: 20, clock });
    fleet = { sim, clock, ...connect(sim.url) };
    await fleet.connector.ping();
  });
  afterAll(async () => fleet.sim.close());

  it('listVMs: one expanded page per collection; instances once, as INSTANCE, though /api/vms lists them too', async () => {
    const before = fleet.sim.requestCount();
    const vms = await fleet.connector.listVMs();
    expect(fleet.sim.requestCount() - before).toBe(2);
    const requests = fleet.sim.requests().slice(-2);
    expect(requests.map((r) => r.path).sort()).toEqual(['/api/instances', '/api/vms']);
    for (const r of requests) expect(new URLSearchParams(r.query).get('expand')).toBe('resources');
    expect(vms).toHaveLength(170);
    expect(new Set(vms.map((vm) => vm.key)).size).toBe(170);
    const infra = vms.filter((vm) => vm.kind === 'VM');
    const cloud = vms.filter((vm) => vm.kind === 'INSTANCE');
    expect(infra.map((vm) => vm.key)).toEqual(fleet.sim.ids('vms').map((id) => vmKey('vms', id)));
    expect(cloud.map((vm) => vm.key)).toEqual(fleet.sim.ids('instances').map((id) => vmKey('instances', id)));
    expect(vms[0]).toEqual({
      entity: 'VM',
      backend: BACKEND,
      key: vmKey('vms', '1'),
      name: fleet.sim.name('vms', '1'),
      kind: 'VM',
      powerState: 'RUNNING',
      drives: [],
    });
  });

  it('maps every power state the fleet has', async () => {
    const vms = await fleet.connector.listVMs();
    for (const vm of vms) {
      const [collection, id] = JSON.parse(vm.key);
      expect(vm.powerState).toBe(powerStateOf(fleet.sim.powerState(collection, id)));
    }
    expect(new Set(vms.map((vm) => vm.powerState))).toEqual(new Set(['RUNNING', 'STOPPED', 'PAUSED', 'UNKNOWN']));
  });

  it('getVMs: a few by their own resource, null for absent ones, an instance under a VM key, malformed keys', async () => {
    const instance = fleet.sim.ids('instances')[0] ?? '';
    const before = fleet.sim.requestCount();
    const got = await fleet.connector.getVMs([vmKey('vms', '3'), vmKey('vms', instance), vmKey('vms', '99999'), 'nope', vmKey('vms', '3')]);
    expect(fleet.sim.requestCount() - before).toBe(3);
    expect(got.map((vm) => vm?.key ?? null)).toEqual([vmKey('vms', '3'), null, null, null, vmKey('vms', '3')]);
    const [asInstance] = await fleet.connector.getVMs([vmKey('instances', instance)]);
    expect(asInstance?.kind).toBe('INSTANCE');
  });

  it('getVMs: many from one listing of their collection', async () => {
    const ids = fleet.sim.ids('vms').slice(0, 10);
    const before = fleet.sim.requestCount();
    const got = await fleet.connector.getVMs(ids.map((id) => vmKey('vms', id)));
    expect(fleet.sim.requestCount() - before).toBe(1);
    expect(fleet.sim.requests().at(-1)?.path).toBe('/api/vms');
    expect(got.map((vm) => vm?.name)).toEqual(ids.map((id) => fleet.sim.name('vms', id)));
  });

  it('snapshot trees of every VM and instance in one request per collection, whatever the number of VMs', async () => {
    const keys = [
      ...fleet.sim.ids('vms').map((id) => vmKey('vms', id)),
      ...fleet.sim.ids('instances').map((id) => vmKey('instances', id)),
    ];
    const before = fleet.sim.requestCount();
    const snapshots = await fleet.connector.listSnapshotsOfVMs(keys);
    expect(fleet.sim.requestCount() - before).toBe(2);
    const asked = fleet.sim.requests().slice(-2).map((r) => new URLSearchParams(r.query).get('attributes') ?? '');
    for (const attributes of asked) expect(attributes.split(',')).toContain('snapshots');
    expect(snapshots).toHaveLength(170 * 5);
    for (const key of keys) {
      const own = snapshots.filter((s) => s.vmKey === key);
      const byKey = new Map(own.map((s) => [s.key, s]));
      expect(own).toHaveLength(5);
      expect(current(own)).toHaveLength(1);
      for (const s of own) if (s.parentKey !== null) expect(byKey.has(s.parentKey)).toBe(true);
      expect(Math.max(...own.map((s) => depthOf(s, byKey)))).toBeGreaterThanOrEqual(3);
    }
    const fewer = fleet.sim.requestCount();
    await fleet.connector.listSnapshotsOfVMs(keys.slice(0, 10));
    expect(fleet.sim.requestCount() - fewer).toBe(1);
  });

  it('sizes, times and descriptions read back as the server has them', async () => {
    const instance = fleet.sim.ids('instances')[1] ?? '';
    const [vmSnapshots, instanceSnapshots] = [fleet.sim.snapshotsOf('vms', '2'), fleet.sim.snapshotsOf('instances', instance)];
    const records = await fleet.connector.listSnapshotsOfVMs([vmKey('vms', '2'), vmKey('instances', instance)]);
    for (const [collection, id, wires] of [
      ['vms', '2', vmSnapshots],
      ['instances', instance, instanceSnapshots],
    ] as const) {
      for (const wire of wires) {
        const record = records.find((r) => r.key === snapKey(collection, id, wire.id));
        expect(record).toMatchObject({
          name: wire.name,
          sizeBytes: wire.total_size,
          isCurrent: wire.current === 1,
          description: wire.description || null,
          parentKey: wire.parent_id === null ? null : snapKey(collection, id, wire.parent_id),
          hasMemory: false,
          hasDisk: true,
          vmPowerState: null,
          driveKey: null,
        });
        expect(record?.createdAt?.toISOString()).toBe(new Date(wire.create_time).toISOString());
      }
    }
    expect(vmSnapshots.every((s) => typeof s.total_size === 'number' && s.total_size > 0)).toBe(true);
    expect(instanceSnapshots.every((s) => s.total_size === null)).toBe(true);
    expect(records.find((r) => r.name === 'base')?.description).toBe('Clean OS install');
  });

  it('getSnapshots: each VM once, null for absent snapshots, absent VMs and malformed keys', async () => {
    const sid = fleet.sim.snapshotsOf('vms', '4')[2]?.id ?? '';
    const before = fleet.sim.requestCount();
    const got = await fleet.connector.getSnapshots([
      snapKey('vms', '4', sid),
      snapKey('vms', '4', '999999'),
      snapKey('vms', '99999', '1'),
      'garbage',
      joinKey('vms', '4'),
      snapKey('vms', '4', sid),
    ]);
    expect(fleet.sim.requestCount() - before).toBe(2);
    expect(got.map((s) => s?.key ?? null)).toEqual([snapKey('vms', '4', sid), null, null, null, null, snapKey('vms', '4', sid)]);
  });

  it('drives are not part of ManageIQ here: no drive slice, so no drive snapshots', () => {
    expect(fleet.connector.drives).toBeUndefined();
    expect(capabilitiesOf(fleet.connector).driveSnapshots).toBe(false);
  });

  it('capabilities: instances cannot revert', async () => {
    const [vm, instance] = await fleet.connector.getVMs([vmKey('vms', '1'), vmKey('instances', fleet.sim.ids('instances')[0] ?? '')]);
    if (!vm || !instance) throw new Error('missing VM');
    const backend = capabilitiesOf(fleet.connector);
    expect(capabilitiesOf(fleet.connector, vm)).toEqual(backend);
    expect(capabilitiesOf(fleet.connector, instance)).toEqual({ ...backend, revert: false });
    expect(backend).toEqual({
      memorySnapshots: true,
      quiesce: false,
      revert: true,
      clone: false,
      driveSnapshots: false,
      snapshotTree: true,
      bulkDelete: true,
      subtreeDelete: false,
      update: false,
      schedules: false,
      metadata: false,
      // ManageIQ's API has no task cancel.
      cancel: [],
    });
  });
});

describe('paging past the first page', () => {
  it('the server caps limit at 8: the first page tells the step, the rest come together, nothing twice', async () => {
    const { sim, connector } = await rig({ vmCount: 30, instanceCount: 12, maxResultsPerPage: 8 });
    await connector.ping();
    const before = sim.requestCount();
    const vms = await connector.listVMs();
    // /api/vms holds 42 rows (instances included): 6 pages; /api/instances 12: 2 pages.
    expect(sim.requestCount() - before).toBe(8);
    expect(vms).toHaveLength(42);
    expect(new Set(vms.map((vm) => vm.key)).size).toBe(42);
    const offsets = sim
      .requests()
      .slice(-8)
      .filter((r) => r.path === '/api/vms')
      .map((r) => Number(new URLSearchParams(r.query).get('offset')))
      .sort((a, b) => a - b);
    expect(offsets).toEqual([0, 8, 16, 24, 32, 40]);
    const snapshots = await connector.listSnapshotsOfVMs(vms.map((vm) => vm.key));
    expect(snapshots).toHaveLength(42 * 5);
  });

  it("one VM's snapshots come whole from its resource, not from its subcollection (count system-wide, pages capped)", async () => {
    // 3 VMs and 2 instances of 5 snapshots each: 25 in the system.
    const { sim, connector } = await rig({ vmCount: 3, maxResultsPerPage: 2 });
    const page = await fetch(`${sim.url}/api/vms/1/snapshots?expand=resources&offset=0&limit=1000`, {
      headers: { authorization: `Basic ${Buffer.from('admin:smartvm').toString('base64')}` },
    });
    expect(await page.json()).toMatchObject({ count: 25, subcount: 2, pages: 1 });
    await connector.ping();
    const before = sim.requestCount();
    const snapshots = await connector.listSnapshotsOfVMs([vmKey('vms', '1')]);
    expect(snapshots.map((s) => s.name)).toEqual(['base', 'updates', 'experiment', 'pre-release', 'release-1']);
    expect(sim.requestCount() - before).toBe(1);
    expect(sim.requests().at(-1)).toMatchObject({ path: '/api/vms/1', query: 'attributes=cloud%2Csnapshots' });
  });
});

describe('actions, followed through their tasks', () => {
  const request = (name: string, includeMemory = false) => ({ name, description: null, includeMemory, quiesce: false, metadata: [] });

  it('create on a VM: Queued, Active with pct_complete, Finished; the snapshot is found by name and is current', async () => {
    const { sim, connector, clock } = await rig({ opMs: 600 });
    const previous = sim.snapshotsOf('vms', '1').find((s) => s.current === 1);
    const result = await connector.createSnapshot({ entity: 'VM', key: vmKey('vms', '1') }, { ...request('nightly', true), description: 'before patching' });
    expect(result).toMatchObject({ done: false, message: "Creating snapshot nightly for Virtual Machine id:1 name:'web-vm-01'" });
    const body = wireActionRequest.safeParse(sim.requests().at(-1)?.body);
    expect(body.success).toBe(false);
    expect(sim.requests().at(-1)?.body).toEqual({ name: 'nightly', description: 'before patching', memory: true });
    const states = await follow(connector, clock, taskOf(result));
    expect(states[0]?.status).toBe('PENDING');
    expect(states.some((s) => s.status === 'RUNNING' && typeof s.progress === 'number' && s.progress > 0 && s.progress < 100)).toBe(true);
    const done = states.at(-1);
    const created = sim.snapshotsOf('vms', '1').find((s) => s.name === 'nightly');
    expect(done).toMatchObject({ status: 'SUCCEEDED', message: 'Task completed successfully', progress: 100 });
    expect(done?.snapshotKey).toBe(snapKey('vms', '1', created?.id ?? ''));
    expect(created).toMatchObject({ current: 1, parent_id: previous?.id, description: 'before patching' });
    expect(sim.snapshotsOf('vms', '1').filter((s) => s.current === 1)).toHaveLength(1);
  });

  it('create on an instance, and a create without a description sends none', async () => {
    const { sim, connector, clock } = await rig();
    const instance = sim.ids('instances')[0] ?? '';
    const result = await connector.createSnapshot({ entity: 'VM', key: vmKey('instances', instance) }, request('cloud-snap'));
    expect(sim.requests().at(-1)).toMatchObject({ path: `/api/instances/${instance}/snapshots`, body: { name: 'cloud-snap', memory: false } });
    const done = (await follow(connector, clock, taskOf(result))).at(-1);
    const created = sim.snapshotsOf('instances', instance).find((s) => s.name === 'cloud-snap');
    expect(done?.snapshotKey).toBe(snapKey('instances', instance, created?.id ?? ''));
  });

  it('create refuses drives and keys that are not ManageIQ VMs; a blank name is the server’s 400 results', async () => {
    const { connector } = await rig();
    expect((await backendFailureOf(connector.createSnapshot({ entity: 'Drive', key: 'd' }, request('x')))).code).toBe('UNSUPPORTED');
    expect((await backendFailureOf(connector.createSnapshot({ entity: 'VM', key: 'vm-1' }, request('x')))).code).toBe('NOT_FOUND');
    const blank = await backendFailureOf(connector.createSnapshot({ entity: 'VM', key: vmKey('vms', '1') }, request('  ')));
    expect([blank.code, blank.backendCode, blank.httpStatus, blank.message]).toEqual(['INVALID_REQUEST', null, 400, 'Must specify a name for the snapshot']);
    const missing = await backendFailureOf(connector.createSnapshot({ entity: 'VM', key: vmKey('vms', '404') }, request('x')));
    expect([missing.code, missing.backendCode, missing.httpStatus, missing.message]).toEqual(['NOT_FOUND', 'not_found', 404, "Couldn't find Vm with 'id'=404"]);
  });

  it('waits for the inventory to show a new snapshot, then names it (not an older one of the same name)', async () => {
    const { sim, connector, clock } = await rig({ inventoryLagMs: 150 });
    // ManageIQ allows repeated names: the seeded 'base' (taken long ago) must not be mistaken for the new one.
    const result = await connector.createSnapshot({ entity: 'VM', key: vmKey('vms', '2') }, request('base'));
    const states = await follow(connector, clock, taskOf(result));
    expect(states.some((s) => s.status === 'RUNNING' && s.message === WAITING_FOR_INVENTORY)).toBe(true);
    const bases = sim.snapshotsOf('vms', '2').filter((s) => s.name === 'base');
    expect(bases).toHaveLength(2);
    expect(states.at(-1)?.snapshotKey).toBe(snapKey('vms', '2', bases[1]?.id ?? ''));
  });

  it(`gives up naming the snapshot after ${REFRESH_POLLS} polls, and still succeeds`, async () => {
    const { connector, clock } = await rig({ inventoryLagMs: 60_000 });
    const result = await connector.createSnapshot({ entity: 'VM', key: vmKey('vms', '2') }, request('never-seen'));
    const states = await follow(connector, clock, taskOf(result), 1);
    const waiting = states.filter((s) => s.message === WAITING_FOR_INVENTORY);
    expect(waiting).toHaveLength(REFRESH_POLLS - 1);
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    expect(states.at(-1)?.snapshotKey).toBeUndefined();
  });

  it('revert on a VM: the snapshot becomes current; on an instance: UNSUPPORTED without a request', async () => {
    const { sim, connector, clock } = await rig();
    const base = sim.snapshotsOf('vms', '1').find((s) => s.name === 'base');
    const key = snapKey('vms', '1', base?.id ?? '');
    const result = await connector.revert?.revertSnapshot(key);
    if (!result) throw new Error('no revert');
    expect(result).toMatchObject({ done: false, snapshotKey: key, message: "Reverting to snapshot base for Virtual Machine id:1 name:'web-vm-01'" });
    expect(sim.requests().at(-1)?.body).toEqual({ action: 'revert' });
    expect((await follow(connector, clock, taskOf(result))).at(-1)?.status).toBe('SUCCEEDED');
    expect(sim.snapshotsOf('vms', '1').find((s) => s.current === 1)?.name).toBe('base');
    const instance = sim.ids('instances')[0] ?? '';
    const before = sim.requestCount();
    const refused = await backendFailureOf(connector.revert?.revertSnapshot(snapKey('instances', instance, '1')) ?? Promise.resolve());
    expect(refused.code).toBe('UNSUPPORTED');
    expect(sim.requestCount()).toBe(before);
  });

  it('revert of an unknown snapshot is the server’s 400 failed result; delete of one is its 404', async () => {
    const { connector } = await rig();
    const revert = await backendFailureOf(connector.revert?.revertSnapshot(snapKey('vms', '1', '999')) ?? Promise.resolve());
    expect([revert.code, revert.backendCode, revert.httpStatus, revert.message]).toEqual(['INVALID_REQUEST', null, 400, "Couldn't find Snapshot with 'id'=999"]);
    const remove = await backendFailureOf(connector.deleteSnapshot(snapKey('vms', '1', '999')));
    expect([remove.code, remove.backendCode, remove.httpStatus, remove.message]).toEqual(['NOT_FOUND', 'not_found', 404, "Couldn't find Snapshot with 'id'=999"]);
    expect((await backendFailureOf(connector.deleteSnapshot('nope'))).code).toBe('NOT_FOUND');
  });

  it('delete with the POST action (for its task): children move up to the parent', async () => {
    const { sim, connector, clock } = await rig();
    const byName = new Map(sim.snapshotsOf('vms', '1').map((s) => [s.name, s]));
    const updates = byName.get('updates');
    const key = snapKey('vms', '1', updates?.id ?? '');
    const result = await connector.deleteSnapshot(key);
    expect(sim.requests().at(-1)).toMatchObject({ method: 'POST', path: `/api/vms/1/snapshots/${updates?.id}`, body: { action: 'delete' } });
    expect(result).toMatchObject({ done: false, snapshotKey: key });
    expect((await follow(connector, clock, taskOf(result))).at(-1)?.status).toBe('SUCCEEDED');
    const after = sim.snapshotsOf('vms', '1');
    expect(after.some((s) => s.name === 'updates')).toBe(false);
    expect(after.find((s) => s.name === 'pre-release')?.parent_id).toBe(byName.get('base')?.id);
  });

  it('deleteSnapshots: one bulk POST per VM, results in key order, each failing on its own', async () => {
    const { sim, connector, clock } = await rig();
    const instance = sim.ids('instances')[1] ?? '';
    const vmIds = sim.snapshotsOf('vms', '3').map((s) => s.id);
    const instanceIds = sim.snapshotsOf('instances', instance).map((s) => s.id);
    const keys = [
      snapKey('vms', '3', vmIds[4] ?? ''),
      snapKey('instances', instance, instanceIds[4] ?? ''),
      'garbage',
      snapKey('vms', '3', vmIds[2] ?? ''),
      snapKey('vms', '3', '99999'),
    ];
    await connector.ping();
    const before = sim.requests().length;
    const results = await connector.bulkDelete?.deleteSnapshots(keys);
    const sent = sim.requests().slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'POST /api/instances/' + instance + '/snapshots',
      'POST /api/vms/3/snapshots',
    ]);
    const vmBody = wireActionRequest.parse(sent.find((r) => r.path === '/api/vms/3/snapshots')?.body);
    expect(vmBody.action).toBe('delete');
    expect(vmBody.resources?.map((r) => r.href)).toEqual(
      [vmIds[4], vmIds[2], '99999'].map((id) => `${sim.url}/api/vms/3/snapshots/${id}`),
    );
    expect(results?.map((r) => (r instanceof Error ? r.message : r.done))).toEqual([
      false,
      false,
      `not a ManageIQ snapshot key: garbage`,
      false,
      "Couldn't find Snapshot with 'id'=99999",
    ]);
    const tasks = (results ?? []).flatMap((r) => (r instanceof Error || r.done ? [] : [r.task]));
    for (const task of tasks) expect((await follow(connector, clock, task)).at(-1)?.status).toBe('SUCCEEDED');
    expect(sim.snapshotsOf('vms', '3').map((s) => s.id)).toEqual(vmIds.filter((id) => id !== vmIds[4] && id !== vmIds[2]));
    expect(sim.snapshotsOf('instances', instance)).toHaveLength(4);
  });

  it('a bulk request the server refuses fails every snapshot of that VM only', async () => {
    const { sim, connector } = await rig();
    sim.failNext('POST', '/api/vms/1/snapshots', 500, { error: { kind: 'internal_server_error', message: 'vCenter is down', klass: 'RuntimeError' } });
    const a = sim.snapshotsOf('vms', '1')[4]?.id ?? '';
    const b = sim.snapshotsOf('vms', '2')[4]?.id ?? '';
    const results = await connector.bulkDelete?.deleteSnapshots([snapKey('vms', '1', a), snapKey('vms', '2', b)]);
    expect(results?.[0]).toBeInstanceOf(BackendFailure);
    expect(results?.[0]).toMatchObject({ code: 'SERVER_ERROR', backendCode: 'internal_server_error', httpStatus: 500, message: 'vCenter is down' });
    expect(results?.[1]).toMatchObject({ done: false, snapshotKey: snapKey('vms', '2', b) });
  });

  it('a task that ends in Error is FAILED with its message', async () => {
    const { sim, connector, clock } = await rig({ opMs: 30 });
    sim.failNextTask('Unable to create snapshot: the disk is locked');
    const result = await connector.createSnapshot({ entity: 'VM', key: vmKey('vms', '1') }, request('doomed'));
    const last = (await follow(connector, clock, taskOf(result))).at(-1);
    expect(last).toMatchObject({
      status: 'FAILED',
      error: { code: 'TASK_ERROR', message: 'Unable to create snapshot: the disk is locked' },
    });
    expect(sim.snapshotsOf('vms', '1').some((s) => s.name === 'doomed')).toBe(false);
  });

  it('pollTask: a task reference of another shape, and a task the server no longer has', async () => {
    const { connector } = await rig();
    expect(await backendFailureOf(pollOnce(connector, { id: 1 }))).toMatchObject({ code: 'BAD_RESPONSE', backendCode: null, httpStatus: null });
    const gone = await backendFailureOf(pollOnce(connector, { taskId: '777', op: 'delete', collection: 'vms', vmId: '1' }));
    expect([gone.code, gone.backendCode, gone.httpStatus, gone.message]).toEqual(['NOT_FOUND', 'not_found', 404, "Couldn't find MiqTask with 'id'=777"]);
  });
});

describe('failures', () => {
  it('an injected 500 carries the envelope’s kind and message; the next call works', async () => {
    const { sim, connector } = await rig();
    sim.failNext('GET', '/api/vms', 500, { error: { kind: 'internal_server_error', message: 'PG::ConnectionBad', klass: 'ActiveRecord::StatementInvalid' } });
    const failure = await backendFailureOf(connector.listVMs());
    expect([failure.code, failure.backendCode, failure.httpStatus, failure.message]).toEqual(['SERVER_ERROR', 'internal_server_error', 500, 'PG::ConnectionBad']);
    expect(await connector.listVMs()).toHaveLength(7);
  });

  it('a body without an envelope has only the status to go by', async () => {
    const { sim, connector } = await rig();
    sim.failNext('GET', '/api/vms/1', 400, '<html>bad</html>');
    const text = await backendFailureOf(connector.listSnapshotsOfVMs([vmKey('vms', '1')]));
    expect([text.code, text.backendCode, text.httpStatus, text.message]).toEqual(['INVALID_REQUEST', null, 400, 'HTTP 400']);
  });

  it('garbage answers are BAD_RESPONSE naming the field', async () => {
    const { sim, connector } = await rig();
    await connector.ping();
    sim.setFault({ mode: 'garbage', json: true });
    const vms = await backendFailureOf(connector.listVMs());
    expect(vms).toMatchObject({ code: 'BAD_RESPONSE', backendCode: null, httpStatus: null });
    expect(vms.message).toMatch(/unexpected answer to GET \/api\/(vms|instances): field (count|subcount|resources\.0\.id)/);
    const snapshots = await backendFailureOf(connector.listSnapshotsOfVMs([vmKey('vms', '1')]));
    expect(snapshots.message).toMatch(/GET \/api\/vms\/1: field id: /);
  });

  it('a closed port is UNREACHABLE', async () => {
    const sim = await startManageIQSimulator({ vmCount: 1 });
    const url = sim.url;
    await sim.close();
    const { connector } = connect(url);
    expect((await backendFailureOf(connector.listVMs())).code).toBe('UNREACHABLE');
    expect((await backendFailureOf(connector.ping())).code).toBe('UNREACHABLE');
  });

  it('credentials without a username or password are refused at construction', () => {
    expect(() => connect('http://127.0.0.1:1', { username: 'admin' })).toThrow(/username and a password/);
    expect(() => connect('http://127.0.0.1:1', {})).toThrow(/username and a password/);
  });
});

describe('auth', () => {
  it('one GET /api/auth (Basic) for all concurrent callers, then X-Auth-Token', async () => {
    const { sim, connector } = await rig();
    await Promise.all([connector.listVMs(), connector.ping(), connector.listSnapshotsOfVMs([vmKey('vms', '1')])]);
    expect(sim.loginCount()).toBe(1);
    const [login] = sim.requests();
    expect(login?.path).toBe('/api/auth');
    await connector.listVMs();
    expect(sim.loginCount()).toBe(1);
  });

  it('renews transparently when the server stops accepting the token', async () => {
    const { sim, connector, metrics } = await rig();
    await connector.listVMs();
    sim.expireTokens();
    const before = await metrics.backendRequestCount(BACKEND);
    await connector.ping();
    // The refused call, the login, the retry.
    expect((await metrics.backendRequestCount(BACKEND)) - before).toBe(3);
    expect(sim.loginCount()).toBe(2);
    expect(sim.requests().slice(-3).map((r) => r.path)).toEqual(['/api', '/api/auth', '/api']);
  });

  it('renews before a call when the token expires within 30 s', async () => {
    const { sim, connector } = await rig({ auth: { ...CREDENTIALS, tokenTtlSeconds: 20 } });
    await connector.ping();
    await connector.ping();
    expect(sim.loginCount()).toBe(2);
  });

  it('a wrong password is a BackendFailure with the 401 body', async () => {
    const { sim, connector } = await rig({}, { username: 'admin', password: 'wrong' });
    const failure = await backendFailureOf(connector.listVMs());
    expect([failure.code, failure.backendCode, failure.httpStatus, failure.message]).toEqual(['UNAUTHORIZED', 'unauthorized', 401, 'Authentication failed']);
    expect(sim.loginCount()).toBe(0);
  });

  it('sends the group on every call; one the user lacks is refused with the server’s message', async () => {
    const group = 'Ops & Admins / EU';
    const { sim, connector } = await rig({ auth: { username: 'ops', password: 'pw', groups: ['EvmGroup-user', group] } }, { username: 'ops', password: 'pw', group });
    expect(await connector.listVMs()).toHaveLength(7);
    const other = connect(sim.url, { username: 'ops', password: 'pw', group: 'EvmGroup-super_administrator' }).connector;
    const refused = await backendFailureOf(other.listVMs());
    expect([refused.code, refused.backendCode, refused.httpStatus, refused.message]).toEqual([
      'UNAUTHORIZED',
      'unauthorized',
      401,
      'Invalid Authorization Group EvmGroup-super_administrator specified',
    ]);
  });
});

describe('simulator wire behaviour', () => {
  const basic = `Basic ${Buffer.from('admin:smartvm').toString('base64')}`;
  const get = async (url: string, headers: Record<string, string> = { authorization: basic }) => {
    const response = await fetch(url, { headers });
    const text = await response.text();
    const body: unknown = text === '' ? null : JSON.parse(text);
    return { status: response.status, headers: response.headers, body };
  };
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer: unknown = await response.json();
    return { status: response.status, body: answer };
  };

  it('collections: hrefs unless expanded, attributes pick fields, pages and links only with offset and limit', async () => {
    const { sim } = await rig({ vmCount: 5, instanceCount: 2 });
    const plain = await get(`${sim.url}/api/vms`);
    expect(plain.body).toMatchObject({ name: 'vms', count: 7, subcount: 7 });
    expect(plain.body).toHaveProperty('resources.6', { href: `${sim.url}/api/vms/7` });
    expect(plain.body).not.toHaveProperty('pages');
    expect(plain.body).not.toHaveProperty('links');
    const picked = await get(`${sim.url}/api/instances?expand=resources&attributes=name,power_state&offset=1&limit=1`);
    expect(picked.body).toEqual({
      name: 'instances',
      count: 2,
      subcount: 1,
      pages: 2,
      resources: [{ href: `${sim.url}/api/instances/7`, id: '7', name: 'db-instance-02', power_state: 'off' }],
      actions: [{ name: 'query', method: 'post', href: `${sim.url}/api/instances` }],
      links: {
        self: `${sim.url}/api/instances?expand=resources&attributes=name%2Cpower_state&offset=1&limit=1`,
        previous: `${sim.url}/api/instances?expand=resources&attributes=name%2Cpower_state&offset=0&limit=1`,
        first: `${sim.url}/api/instances?expand=resources&attributes=name%2Cpower_state&offset=0&limit=1`,
        last: `${sim.url}/api/instances?expand=resources&attributes=name%2Cpower_state&offset=2&limit=1`,
      },
    });
    expect(await get(`${sim.url}/api/vms?offset=0&limit=0`)).toMatchObject({
      status: 400,
      body: { error: { kind: 'bad_request', message: 'Limit must be greater than zero if offset is specified', klass: 'Api::BadRequestError' } },
    });
  });

  it('resources: ids as strings, ISO times, current as 0/1, hrefs of the subcollection; unknown ids are 404', async () => {
    const { sim } = await rig();
    const vm = await get(`${sim.url}/api/vms/6`);
    expect(vm.body).toMatchObject({ id: '6', cloud: true, type: 'ManageIQ::Providers::Openstack::CloudManager::Vm' });
    const snapshots = await get(`${sim.url}/api/vms/2/snapshots?expand=resources`);
    expect(snapshots.body).toMatchObject({ name: 'snapshots', count: 35, subcount: 5 });
    const first = sim.snapshotsOf('vms', '2')[1];
    expect(first).toMatchObject({ href: `${sim.url}/api/vms/2/snapshots/${first?.id}`, current: 0, parent_id: expect.stringMatching(/^\d+$/) });
    expect(first?.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await get(`${sim.url}/api/vms/2/snapshots/0`)).toMatchObject({
      status: 404,
      body: { error: { kind: 'not_found', message: "Couldn't find Snapshot with 'id'=0", klass: 'ActiveRecord::RecordNotFound' } },
    });
    expect((await get(`${sim.url}/api/instances/1`)).status).toBe(404);
  });

  it('actions: create answers a results list (400 when it fails), revert a flat result, DELETE 204 with no task id', async () => {
    const { sim } = await rig();
    const created = await post(`${sim.url}/api/vms/1/snapshots`, { name: 'x', memory: false });
    expect(created).toMatchObject({ status: 200, body: { results: [{ success: true, task_id: expect.stringMatching(/^\d+$/) }] } });
    expect(await post(`${sim.url}/api/vms/1/snapshots`, { description: 'no name' })).toEqual({
      status: 400,
      body: { results: [{ success: false, message: 'Must specify a name for the snapshot' }] },
    });
    const sid = sim.snapshotsOf('vms', '1')[0]?.id ?? '';
    const reverted = await post(`${sim.url}/api/vms/1/snapshots/${sid}`, { action: 'revert' });
    expect(reverted.body).toEqual({
      success: true,
      message: "Reverting to snapshot base for Virtual Machine id:1 name:'web-vm-01'",
      task_id: expect.stringMatching(/^\d+$/),
      task_href: expect.stringContaining('/api/tasks/'),
    });
    expect(await post(`${sim.url}/api/instances/6/snapshots/26`, { action: 'revert' })).toMatchObject({
      status: 400,
      body: { error: { kind: 'bad_request', message: 'Unsupported Action revert for the snapshots sub-collection' } },
    });
    expect((await post(`${sim.url}/api/vms/1/snapshots/${sid}`, { action: 'rename' })).status).toBe(400);
    const removed = await fetch(`${sim.url}/api/vms/1/snapshots/${sid}`, { method: 'DELETE', headers: { authorization: basic } });
    expect([removed.status, await removed.text()]).toEqual([204, '']);
  });

  it('tasks: Queued with the queue message, then Active with pct_complete, then Finished Ok', async () => {
    const { sim, clock } = await rig({ opMs: 300 });
    const created = await post(`${sim.url}/api/vms/1/snapshots`, { name: 'timed' });
    const href = wireResults.parse(created.body).results[0]?.task_href ?? '';
    const started = clock.now();
    const queued = (await get(href)).body;
    expect(queued).toMatchObject({
      state: 'Queued',
      status: 'Ok',
      message: "Queued the action: [Creating snapshot timed for Virtual Machine id:1 name:'web-vm-01'] being run for user: [admin]",
      pct_complete: null,
    });
    // The simulator's clock, stepped: Queued for the first fifth (60 ms), then Active, then Finished at 300 ms.
    clock.advance(59);
    expect((await get(href)).body).toMatchObject({ state: 'Queued', pct_complete: null, started_on: null });
    clock.advance(1 + 120);
    const active = (await get(href)).body;
    expect(active).toMatchObject({
      state: 'Active',
      message: "Processing Creating snapshot timed for Virtual Machine id:1 name:'web-vm-01'",
      pct_complete: 50,
      started_on: `${new Date(started + 60).toISOString().slice(0, 19)}Z`,
    });
    clock.advance(119);
    expect((await get(href)).body).toMatchObject({ state: 'Active', pct_complete: 99 });
    clock.advance(1);
    expect((await get(href)).body).toMatchObject({
      state: 'Finished',
      status: 'Ok',
      message: 'Task completed successfully',
      pct_complete: 100,
      updated_on: `${new Date(started + 300).toISOString().slice(0, 19)}Z`,
    });
    expect(sim.snapshotsOf('vms', '1').at(-1)).toMatchObject({ name: 'timed', current: 1 });
  });

  it('auth: 401 envelopes for no credentials and a stale token; tokens renew on use; the UI TTL', async () => {
    const { sim, clock } = await rig();
    const none = await get(`${sim.url}/api/vms`, {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="Application"');
    expect(none.body).toEqual({
      error: {
        kind: 'unauthorized',
        message: 'Api::BaseController::Authentication::AuthenticationError',
        klass: 'Api::BaseController::Authentication::AuthenticationError',
      },
    });
    expect((await get(`${sim.url}/api/vms`, { 'x-auth-token': 'abc' })).body).toMatchObject({
      error: { message: 'Invalid Authentication Token abc specified' },
    });
    expect((await get(`${sim.url}/api/auth?requester_type=ui`)).body).toMatchObject({ token_ttl: 3600, requester_type: 'ui' });
    const { body } = await get(`${sim.url}/api/auth`);
    const token = wireAuthAnswer.parse(body).auth_token;
    expect((await get(`${sim.url}/api/vms`, { 'x-auth-token': token })).status).toBe(200);
    // 600 s each, from the last use that renewed it.
    clock.advance(500_000);
    expect((await get(`${sim.url}/api/vms`, { 'x-auth-token': token })).status).toBe(200);
    clock.advance(500_000);
    expect((await get(`${sim.url}/api/vms`, { 'x-auth-token': token, 'x-auth-skip-token-renewal': 'true' })).status).toBe(200);
    clock.advance(100_000);
    expect((await get(`${sim.url}/api/vms`, { 'x-auth-token': token })).body).toMatchObject({
      error: { message: `Invalid Authentication Token ${token} specified` },
    });
  });
});
