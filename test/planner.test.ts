// The planner without GraphQL: requests planned against real connectors over the lab's simulators (the reads through
// a request's loaders), each refusal as domain data, and each plan a serialisable action the engine sends as it is.
import { DEFAULT_CACHE, SharedReads } from '../src/cache/backendReads.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visibility } from '../src/auth/principal.js';
import { Backends } from '../src/connectors/backends.js';
import type { Connector, CreateSnapshotRequest } from '../src/connectors/connector.js';
import { HttpClient } from '../src/connectors/http.js';
import { createConnector } from '../src/connectors/registry.js';
import type { SnapshotRecord, VMRecord } from '../src/domain/model.js';
import type { OperationRecord } from '../src/domain/operation.js';
import { createLoaders } from '../src/graphql/loaders.js';
import { startLab, type Lab } from '../src/lab/lab.js';
import { silentLogger } from '../src/logging.js';
import { Metrics } from '../src/metrics.js';
import { OperationEngine } from '../src/operations/engine.js';
import { planCloneSnapshot } from '../src/operations/planning/cloneSnapshot.js';
import { planCreateSnapshot } from '../src/operations/planning/createSnapshot.js';
import { planDeletions } from '../src/operations/planning/deletionPlan.js';
import type { Named, PlanScope } from '../src/operations/planning/find.js';
import type { OperationPlan } from '../src/operations/planning/plan.js';
import { isRefused, type Refused } from '../src/operations/planning/refused.js';
import { planRevertSnapshot } from '../src/operations/planning/revertSnapshot.js';
import { planCreateSchedule } from '../src/operations/planning/schedules.js';
import { planUpdateSnapshot } from '../src/operations/planning/updateSnapshot.js';
import { createOperationPubSub } from '../src/operations/pubsub.js';
import { MemoryOperationStore } from '../src/operations/store.js';
import { danube as danubeBackend } from '../src/connectors/danube/backend.js';

let lab: Lab;
let http: HttpClient;
let backends: Backends;
let engine: OperationEngine;
const pubsub = createOperationPubSub();

beforeAll(async () => {
  lab = await startLab({ scale: 1, latencyMs: 0, opMs: 20 });
  http = new HttpClient({ metrics: new Metrics(), timeoutMs: 2_000 });
  backends = new Backends(lab.specs.map((spec) => createConnector(spec, http)));
  engine = new OperationEngine({
    store: new MemoryOperationStore(),
    pubsub,
    backends,
    metrics: new Metrics(),
    logger: silentLogger,
    pollIntervalMs: 5,
    maxPollIntervalMs: 20,
  });
});

afterAll(async () => {
  await engine.drain();
  await backends.close();
  http.close();
  await lab.close();
});

/** A fresh request's view: every backend, and loaders of its own reading straight from the backends, as a mutation's do. */
const reads = new SharedReads({ freshMs: new Map(), ...DEFAULT_CACHE });
const scope = (): PlanScope => ({ backends, loaders: createLoaders(backends, new Visibility('all'), reads.direct()) });

const connector = (name: string): Connector => {
  const found = backends.get(name);
  if (!found) throw new Error(`no backend ${name}`);
  return found;
};

/** What a decoded id of the request would be; the planner never reads the id itself, only echoes it. */
const named = <T extends string>(type: T, backend: string, key: string, field: string): Named<T> => ({
  type,
  backend,
  key,
  id: `id-of-${key}`,
  field,
});

const request = (name: string, more: Partial<CreateSnapshotRequest> = {}): CreateSnapshotRequest => ({
  name,
  description: null,
  includeMemory: false,
  quiesce: false,
  metadata: [],
  ...more,
});

function planned(result: OperationPlan | Refused): OperationPlan {
  if (isRefused(result)) throw new Error(`refused: ${JSON.stringify({ ...result, connector: undefined })}`);
  return result;
}

async function firstVM(backend: string): Promise<VMRecord> {
  const [vm] = await connector(backend).listVMs();
  if (!vm) throw new Error(`${backend} has no VM`);
  return vm;
}

async function snapshotsOf(vm: VMRecord): Promise<SnapshotRecord[]> {
  return connector(vm.backend).listSnapshotsOfVMs([vm.key]);
}

/** Starts a plan's operation and waits for its end, as the engine publishes it. */
async function run(plan: OperationPlan, idempotencyKey: string | null = null): Promise<OperationRecord> {
  const changes = pubsub.subscribe('operation:changed');
  const outcome = await engine.start({
    intent: plan.intent,
    backend: plan.backend,
    targetId: `target-${plan.target.key}`,
    snapshotKey: plan.snapshotKey,
    idempotencyKey,
    fingerprint: JSON.stringify(plan.request),
    requestId: null,
    action: plan.action,
  });
  if (!('operation' in outcome)) {
    changes.close();
    return outcome.conflict;
  }
  for await (const record of changes) {
    if (record.id === outcome.operation.id && (record.status === 'SUCCEEDED' || record.status === 'FAILED')) return record;
  }
  throw new Error('the changes ended before the operation did');
}

describe('planning a create', () => {
  it('plans a serialisable CREATE_SNAPSHOT action, which the engine sends as it is', async () => {
    const vm = await firstVM('lab-libvirt');
    const plan = planned(await planCreateSnapshot(scope(), { target: named('VM', vm.backend, vm.key, 'input.targetId'), request: request('planned-1'), idempotent: false }));
    expect(plan).toEqual({
      backend: 'lab-libvirt',
      target: { entity: 'VM', key: vm.key },
      snapshotKey: null,
      intent: { kind: 'CREATE_SNAPSHOT', target: { entity: 'VM', key: vm.key }, name: 'planned-1' },
      action: { kind: 'CREATE_SNAPSHOT', target: { entity: 'VM', key: vm.key }, request: request('planned-1') },
      request: request('planned-1'),
    });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(await run(plan)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await snapshotsOf(vm)).map((s) => s.name)).toContain('planned-1');
  });

  it('refuses a name another snapshot of the VM has, unless the request is idempotent', async () => {
    const vm = await firstVM('lab-libvirt');
    const [taken] = await snapshotsOf(vm);
    if (!taken) throw new Error('no seeded snapshot');
    const target = named('VM', vm.backend, vm.key, 'input.targetId');
    expect(await planCreateSnapshot(scope(), { target, request: request(taken.name), idempotent: false })).toEqual({
      refused: 'INVALID',
      message: `input.name: '${taken.name}' is taken by another snapshot of this VM`,
      field: 'input.name',
    });
    expect(isRefused(await planCreateSnapshot(scope(), { target, request: request(taken.name), idempotent: true }))).toBe(false);
  });

  it("refuses what the backend lacks, and what it would refuse, before anything is sent", async () => {
    const vm = await firstVM('lab-libvirt');
    const target = named('VM', vm.backend, vm.key, 'input.targetId');
    expect(await planCreateSnapshot(scope(), { target, request: request('q', { quiesce: true }), idempotent: false })).toEqual({
      refused: 'UNSUPPORTED',
      connector: connector('lab-libvirt'),
      capability: 'quiesce',
    });
    expect(await planCreateSnapshot(scope(), { target, request: request('a/b'), idempotent: false })).toEqual({
      refused: 'INVALID',
      message: "input.name: libvirt snapshot names cannot contain '/'",
      field: 'input.name',
    });
    // Nothing was sent: the VM holds neither.
    expect((await snapshotsOf(vm)).map((s) => s.name)).not.toContain('q');
  });

  it('answers NOT_FOUND for a key or a backend that is not there', async () => {
    for (const [backend, key] of [['lab-libvirt', 'no-such-vm'], ['no-such-backend', 'vm']] as const) {
      expect(await planCreateSnapshot(scope(), { target: named('VM', backend, key, 'input.targetId'), request: request('x'), idempotent: false })).toEqual({
        refused: 'NOT_FOUND',
        message: 'input.targetId: no VM has this id',
        id: `id-of-${key}`,
      });
    }
  });

  it('answers BACKEND_FAILED with the failure when the target cannot be read', async () => {
    const vm = await firstVM('lab-denvr');
    lab.setFaults({ denvr: { mode: 'error', probability: 1 } });
    try {
      const refused = await planCreateSnapshot(scope(), { target: named('VM', vm.backend, vm.key, 'input.targetId'), request: request('x'), idempotent: false });
      expect(refused).toMatchObject({ refused: 'BACKEND_FAILED', connector: connector('lab-denvr'), failure: { backend: 'lab-denvr' } });
    } finally {
      lab.setFaults({});
    }
  });
});

describe('planning actions on a snapshot', () => {
  it('refuses a clone where the backend cannot clone, and an update with nothing to change', async () => {
    const [snapshot] = await snapshotsOf(await firstVM('lab-libvirt'));
    if (!snapshot) throw new Error('no seeded snapshot');
    const ref = named('Snapshot', snapshot.backend, snapshot.key, 'input.snapshotId');
    expect(await planCloneSnapshot(scope(), { snapshot: ref, name: null })).toMatchObject({ refused: 'UNSUPPORTED', capability: 'clone' });
    expect(await planUpdateSnapshot(scope(), { snapshot: ref, request: {} })).toEqual({
      refused: 'INVALID',
      message: 'input: give at least one of name, description or metadata',
      field: 'input',
    });
  });

  it("words the backend's refusal of a revert on the snapshot id's field", async () => {
    const vm = (await connector('lab-danube').listVMs()).find((v) => v.powerState !== 'STOPPED');
    if (!vm) throw new Error('no running Danube VM');
    const [snapshot] = await snapshotsOf(vm);
    if (!snapshot) throw new Error('no seeded snapshot');
    const refused = await planRevertSnapshot(scope(), { snapshot: named('Snapshot', snapshot.backend, snapshot.key, 'input.snapshotId') });
    expect(refused).toMatchObject({ refused: 'INVALID', field: 'input.snapshotId' });
    expect(isRefused(refused) && refused.refused === 'INVALID' && refused.message).toMatch(/^input\.snapshotId: the VM must be stopped/);
  });
});

describe('planning many deletes', () => {
  /** The plans of a bulk delete without descendants, in the order given. */
  const planDeleteSnapshots = async (given: PlanScope, snapshots: Named<'Snapshot'>[]) => (await planDeletions(given, snapshots, false)).deletions.map((d) => d.plan);

  it('batches those of a backend with bulk delete, sends the batch once, and plans the others alone', async () => {
    const danubeVM = await firstVM('lab-danube');
    const disk1 = (await snapshotsOf(danubeVM)).filter((s) => s.driveKey === (danubeVM.drives ?? [])[0]?.key).slice(0, 2);
    const [single] = await snapshotsOf(await firstVM('lab-libvirt'));
    if (disk1.length < 2 || !single) throw new Error('not enough seeded snapshots');
    const plans = (await planDeleteSnapshots(scope(), [...disk1, single].map((s) => named('Snapshot', s.backend, s.key, 'field')))).map(planned);
    const [first, second, alone] = plans.map((p) => p.action);
    const batch = { id: expect.any(String), snapshotKeys: disk1.map((s) => s.key) };
    expect(first).toEqual({ kind: 'DELETE_SNAPSHOT', snapshotKey: disk1[0]?.key, batch, descendants: false });
    expect(second).toEqual({ kind: 'DELETE_SNAPSHOT', snapshotKey: disk1[1]?.key, batch, descendants: false });
    expect(alone).toEqual({ kind: 'DELETE_SNAPSHOT', snapshotKey: single.key, batch: null, descendants: false });

    const from = lab.sim(danubeBackend).requests().length;
    const ends = await Promise.all(plans.map((plan) => run(plan)));
    expect(ends.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const deletes = lab.sim(danubeBackend).requests().slice(from).filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    const left = (await snapshotsOf(danubeVM)).map((s) => s.key);
    for (const gone of disk1) expect(left).not.toContain(gone.key);
  });

  it('leaves out of the bulk request a delete whose operation was not started', async () => {
    const vm = (await connector('lab-danube').listVMs())[1];
    if (!vm) throw new Error('no second Danube VM');
    const disk1 = (await snapshotsOf(vm)).filter((s) => s.driveKey === (vm.drives ?? [])[0]?.key).slice(0, 2);
    const [kept, deleted] = (await planDeleteSnapshots(scope(), disk1.map((s) => named('Snapshot', s.backend, s.key, 'field')))).map(planned);
    if (!kept || !deleted) throw new Error('not enough seeded snapshots');
    // A key already used for another request: the engine does not start the first delete (a conflict).
    const other = await firstVM('lab-libvirt');
    const create = planned(await planCreateSnapshot(scope(), { target: named('VM', other.backend, other.key, 'input.targetId'), request: request('keyed'), idempotent: true }));
    await run(create, 'used-key');
    expect(await run(kept, 'used-key')).toMatchObject({ kind: 'CREATE_SNAPSHOT' });
    expect(await run(deleted)).toMatchObject({ status: 'SUCCEEDED' });
    const left = (await snapshotsOf(vm)).map((s) => s.key);
    expect(left).toContain(kept.snapshotKey);
    expect(left).not.toContain(deleted.snapshotKey);
  });
});

describe('planning schedules', () => {
  it('plans a schedule on a backend that keeps them, which the engine makes at once, and refuses it elsewhere', async () => {
    const vm = await firstVM('lab-danube');
    const schedule = { name: 'nightly', schedule: '0 3 * * *', retention: 7, active: true, description: null, quiesce: false };
    const plan = await planCreateSchedule(scope(), { target: named('VM', vm.backend, vm.key, 'input.targetId'), request: schedule });
    expect(plan).toEqual({ backend: 'lab-danube', action: { kind: 'CREATE_SCHEDULE', target: { entity: 'VM', key: vm.key }, request: schedule } });
    if (isRefused(plan)) throw new Error('refused');
    expect(await engine.configure(plan.backend, plan.action)).toMatchObject({ entity: 'SnapshotSchedule', name: 'nightly', retention: 7 });

    const libvirtVM = await firstVM('lab-libvirt');
    expect(await planCreateSchedule(scope(), { target: named('VM', libvirtVM.backend, libvirtVM.key, 'input.targetId'), request: schedule })).toMatchObject({
      refused: 'UNSUPPORTED',
      capability: 'schedules',
    });
  });
});
