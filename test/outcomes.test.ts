// Writes whose answer is lost (the backend's answer comes after the gateway gave up, or the connection is cut once
// the request went out): the operation reads the backend back and ends with what it shows, never with a guess.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OperationIntent } from '../src/domain/operation.js';
import { decodeId, encodeId } from '../src/graphql/ids.js';
import { RedisOperationStore } from '../src/operations/store.js';
import { graphql } from './gql/index.js';
import type { OutcomeVmsQuery } from './gql/graphql.js';
import { CreateSnapshot, DeleteSnapshot, FollowOperation, RevertSnapshot } from './helpers/documents.js';
import { collectWs, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';
import { operationRecord } from './helpers/records.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';
import { manageiq as manageiqBackend } from '../src/connectors/manageiq/backend.js';

/** Each lab backend's own timeout here: its writes are answered later than this when made slow. */
const TIMEOUT_MS = 500;
/** How late a slow answer comes: well after the gateway gave up on it. */
const LATE_MS = 1_500;
/** How long the gateway reads the backend back for the action to show. */
const SETTLE_MS = 1_500;

const OutcomeVms = graphql(`
  query OutcomeVms {
    vms(first: 1000) {
      edges {
        node {
          id
          kind
          powerState
          backend { name }
          drives { id }
          snapshots(first: 100) { edges { node { id name isCurrent } } }
        }
      }
    }
  }
`);

const OutcomeVmSnapshots = graphql(`
  query OutcomeVmSnapshots($id: ID!) {
    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent } } } }
  }
`);

const OutcomeOperation = graphql(`
  query OutcomeOperation($id: ID!) {
    operation(id: $id) { status progress message error { code message } snapshot { name } }
  }
`);

type Vm = OutcomeVmsQuery['vms']['edges'][number]['node'];

const startGateway = () =>
  startTestGateway(
    { opMs: 50 },
    {
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100, settleMs: SETTLE_MS },
      http: { timeoutMs: 2_000, readRetries: 1, circuitBreaker: { consecutiveFailures: 1_000 } },
    },
    (spec) => ({ ...spec, timeoutMs: TIMEOUT_MS }),
  );

async function vmsOf(gw: TestGateway, backend: string): Promise<Vm[]> {
  const data = await query(gw.graphqlUrl, OutcomeVms);
  return data.vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === backend && vm.kind === 'VM');
}

const pick = <T,>(items: T[], index: number, what: string): T => {
  const item = items[index];
  if (item === undefined) throw new Error(`the lab has no ${what} #${index}`);
  return item;
};

/** Every state of the operation over graphql-ws, until it ends. */
async function follow(gw: TestGateway, id: string) {
  const client = wsClient(gw.wsUrl);
  try {
    const states = (await collectWs(client, FollowOperation, { id })).map((r) => r.data?.operation);
    const last = states.at(-1);
    if (!last) throw new Error('the subscription gave no state');
    return { states, last };
  } finally {
    await client.dispose();
  }
}

/** Polls until `probe` answers something other than null. */
async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function create(gw: TestGateway, targetId: string, name: string): Promise<string> {
  const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId, name } });
  if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
  return createSnapshot.operation.id;
}

async function remove(gw: TestGateway, snapshotId: string): Promise<string> {
  const { deleteSnapshot } = await query(gw.graphqlUrl, DeleteSnapshot, { input: { snapshotId } });
  if (deleteSnapshot.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleteSnapshot.__typename}`);
  return deleteSnapshot.operation.id;
}

async function revert(gw: TestGateway, snapshotId: string): Promise<string> {
  const { revertSnapshot } = await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId } });
  if (revertSnapshot.__typename !== 'OperationPayload') throw new Error(`revert answered ${revertSnapshot.__typename}`);
  return revertSnapshot.operation.id;
}

/** The VM's snapshots as the backend shows them now. */
async function snapshotsOf(gw: TestGateway, vm: Vm) {
  return (await query(gw.graphqlUrl, OutcomeVmSnapshots, { id: vm.id })).vm?.snapshots.edges.map((e) => e.node) ?? [];
}

const LOST = new RegExp(`^the backend's answer was lost \\(the backend took longer than ${TIMEOUT_MS} ms to answer\\)`);

/** The backend's key of a VM, as messages name it. */
const keyOf = (vm: Vm): string => decodeId(vm.id)?.key ?? vm.id;
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a write whose answer is lost', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());
  afterEach(() => gw.lab.setFaults({}));

  const late = (kind: 'libvirt' | 'manageiq', method: string) => gw.lab.setFaults({ [kind]: { mode: 'slow', ms: LATE_MS, methods: [method] } });
  const failNext = (kind: 'libvirt' | 'manageiq', method: string, path: string) =>
    (kind === 'libvirt' ? gw.lab.sim(libvirtBackend) : gw.lab.sim(manageiqBackend)).failNext(method, path, 500);

  describe.each([
    ['LIBVIRT', 'lab-libvirt', 'libvirt', 'POST'],
    ['MANAGEIQ (task-based)', 'lab-manageiq', 'manageiq', 'POST'],
  ] as const)('create on %s', (_what, backend, kind, method) => {
    it('ends SUCCEEDED with its snapshot when the backend made it', async () => {
      const vm = pick(await vmsOf(gw, backend), 0, `${backend} VM`);
      const name = `lost-answer-made-${kind}`;
      late(kind, method);
      const { states, last } = await follow(gw, await create(gw, vm.id, name));
      expect(last).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, snapshot: { name } });
      expect(last.message).toMatch(LOST);
      expect(last.message).toContain(`snapshot '${name}' on VM '${keyOf(vm)}'`);
      // Never FAILED on the way: the lost answer made it check, not give up.
      expect(states.map((s) => s?.status)).not.toContain('FAILED');
      expect((await snapshotsOf(gw, vm)).filter((s) => s.name === name)).toHaveLength(1);
    });

    it('ends FAILED (NOT_APPLIED) when the backend refused it, and the backend has no such snapshot', async () => {
      const vm = pick(await vmsOf(gw, backend), 1, `${backend} VM`);
      const name = `lost-answer-refused-${kind}`;
      const before = await snapshotsOf(gw, vm);
      late(kind, method);
      // The refusal comes as late as the answer would: the gateway never sees it.
      failNext(kind, method, '/snapshots');
      const id = await create(gw, vm.id, name);
      const checking = await until('the operation to say it is checking', async () => {
        const operation = (await query(gw.graphqlUrl, OutcomeOperation, { id })).operation;
        return operation?.message?.endsWith('checking the backend for the outcome') ? operation : null;
      });
      expect(checking).toMatchObject({ status: 'RUNNING', error: null });
      expect(checking.message).toMatch(LOST);
      const { last } = await follow(gw, id);
      expect(last).toMatchObject({ status: 'FAILED', snapshot: null, error: { code: 'NOT_APPLIED' } });
      expect(last.error?.message).toMatch(LOST);
      expect(last.error?.message).toMatch(new RegExp(`no snapshot named '${name}' exists on VM '${escaped(keyOf(vm))}' after \\d+ s`));
      expect(await snapshotsOf(gw, vm)).toEqual(before);
    });
  });

  describe.each([
    ['LIBVIRT', 'lab-libvirt', 'libvirt', 'DELETE', '/snapshots/'],
    ['MANAGEIQ (task-based)', 'lab-manageiq', 'manageiq', 'POST', '/snapshots/'],
  ] as const)('delete on %s', (_what, backend, kind, method, path) => {
    it('ends SUCCEEDED when the backend deleted it', async () => {
      const vm = pick(await vmsOf(gw, backend), 2, `${backend} VM`);
      const victim = pick((await snapshotsOf(gw, vm)).filter((s) => !s.isCurrent), 0, 'snapshot');
      late(kind, method);
      const { last } = await follow(gw, await remove(gw, victim.id));
      expect(last).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, snapshot: null });
      expect(last.message).toMatch(LOST);
      expect((await snapshotsOf(gw, vm)).map((s) => s.id)).not.toContain(victim.id);
    });

    it('ends FAILED (NOT_APPLIED) when the backend refused it, and the snapshot is still there', async () => {
      const vm = pick(await vmsOf(gw, backend), 3, `${backend} VM`);
      const before = await snapshotsOf(gw, vm);
      const victim = pick(before.filter((s) => !s.isCurrent), 0, 'snapshot');
      late(kind, method);
      failNext(kind, method, path);
      const { last } = await follow(gw, await remove(gw, victim.id));
      expect(last).toMatchObject({ status: 'FAILED', error: { code: 'NOT_APPLIED' } });
      expect(last.error?.message).toMatch(/still exists \(READY\) after \d+ s: the backend did not do it$/);
      expect(await snapshotsOf(gw, vm)).toEqual(before);
    });
  });

  describe('revert on LIBVIRT', () => {
    it('ends SUCCEEDED when the backend reverted, the snapshot now current', async () => {
      const vm = pick(await vmsOf(gw, 'lab-libvirt'), 4, 'libvirt VM');
      const target = pick((await snapshotsOf(gw, vm)).filter((s) => !s.isCurrent), 0, 'snapshot');
      late('libvirt', 'PUT');
      const { last } = await follow(gw, await revert(gw, target.id));
      expect(last).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, snapshot: { name: target.name } });
      expect(last.message).toMatch(LOST);
      expect((await snapshotsOf(gw, vm)).find((s) => s.isCurrent)?.id).toBe(target.id);
    });

    it('ends FAILED (NOT_APPLIED) when the backend refused, the current snapshot unchanged', async () => {
      const vm = pick(await vmsOf(gw, 'lab-libvirt'), 3, 'libvirt VM');
      const before = await snapshotsOf(gw, vm);
      const target = pick(before.filter((s) => !s.isCurrent), 0, 'snapshot');
      late('libvirt', 'PUT');
      gw.lab.sim(libvirtBackend).failNext('PUT', '/revert', 500);
      const { last } = await follow(gw, await revert(gw, target.id));
      expect(last).toMatchObject({ status: 'FAILED', error: { code: 'NOT_APPLIED' } });
      expect(last.error?.message).toMatch(/is not the current one of its VM after \d+ s: the backend did not do it$/);
      expect(await snapshotsOf(gw, vm)).toEqual(before);
    });
  });

  it('checks too when the connection is cut after the request was sent', async () => {
    const vm = pick(await vmsOf(gw, 'lab-libvirt'), 0, 'libvirt VM');
    const name = 'cut-after-sending';
    gw.lab.setFaults({ libvirt: { mode: 'cut', methods: ['POST'] } });
    const { last } = await follow(gw, await create(gw, vm.id, name));
    expect(last).toMatchObject({ status: 'SUCCEEDED', progress: 100, snapshot: { name } });
    expect(last.message).toMatch(/^the backend's answer was lost \(the connection was cut after the request was sent: /);
  });

  it('still ends FAILED at once when the backend answers with a refusal', async () => {
    const vm = pick(await vmsOf(gw, 'lab-libvirt'), 0, 'libvirt VM');
    gw.lab.sim(libvirtBackend).failNext('POST', '/snapshots', 503);
    const { states, last } = await follow(gw, await create(gw, vm.id, 'refused-in-time'));
    expect(last).toMatchObject({ status: 'FAILED', error: { code: 'SERVER_ERROR' } });
    expect(states.some((s) => s?.message?.includes('checking the backend'))).toBe(false);
  });

  it('ends SUCCEEDED at progress 100 on every lab backend', async () => {
    const data = await query(gw.graphqlUrl, OutcomeVms);
    const backends = ['lab-libvirt', 'lab-manageiq', 'lab-cloudsigma', 'lab-danube', 'lab-denvr'];
    const ids = await Promise.all(
      backends.map(async (backend) => {
        // A running VM: every backend can snapshot one (Denvr's PLANNED, say, cannot be).
        const vm = data.vms.edges.map((e) => e.node).find((v) => v.backend.name === backend && v.kind === 'VM' && v.powerState === 'RUNNING');
        if (!vm) throw new Error(`no VM on ${backend}`);
        // CloudSigma snapshots single drives.
        const targetId = backend === 'lab-cloudsigma' ? pick(vm.drives, 0, 'drive').id : vm.id;
        return create(gw, targetId, 'progress-everywhere');
      }),
    );
    const finals = await Promise.all(ids.map(async (id) => (await follow(gw, id)).last));
    expect(finals.map((f) => [f.status, f.progress, f.error])).toEqual(backends.map(() => ['SUCCEEDED', 100, null]));
  });
});

describe('a write whose answer is lost on a backend that cannot be read either', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('ends FAILED (OUTCOME_UNKNOWN), saying what to check', async () => {
    const vm = pick(await vmsOf(gw, 'lab-libvirt'), 0, 'libvirt VM');
    const name = 'unreadable-outcome';
    gw.lab.setFaults({ libvirt: { mode: 'slow', ms: LATE_MS, methods: ['POST'] } });
    // Every read of a snapshot list fails from here on (this gateway's lab is not used after this test).
    for (let i = 0; i < 500; i++) gw.lab.sim(libvirtBackend).failNext('GET', '/snapshots', 500);
    const { last } = await follow(gw, await create(gw, vm.id, name));
    expect(last).toMatchObject({ status: 'FAILED', error: { code: 'OUTCOME_UNKNOWN' } });
    expect(last.error?.message).toMatch(LOST);
    expect(last.error?.message).toMatch(/reading the backend failed \(.+\): check whether VM '.+' has a snapshot named 'unreadable-outcome'$/);
  });
});

const available = await redisForTests('taking over an operation whose answer never came');

describe.skipIf(!available)('taking over an operation whose replica stopped before the backend answered', () => {
  const prefix = `gw-outcomes-${randomUUID()}:`;
  let gw: TestGateway;
  let redis: Redis;
  let store: RedisOperationStore;
  beforeAll(async () => {
    gw = await startTestGateway(
      { opMs: 50 },
      {
        engine: { pollIntervalMs: 20, maxPollIntervalMs: 100, settleMs: SETTLE_MS },
        redisUrl: REDIS_URL,
        redisKeyPrefix: prefix,
        leases: { sweepMs: 100 },
      },
    );
    redis = new Redis(REDIS_URL);
    store = new RedisOperationStore(redis, { prefix });
  });
  afterAll(async () => {
    await gw?.close();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  /** Stores an operation as a replica killed while its action was in flight leaves it: running, no task, no lease. */
  async function orphan(vm: Vm, intent: OperationIntent, createdAt: Date): Promise<string> {
    const at = createdAt.toISOString();
    const record = operationRecord({
      status: 'RUNNING',
      message: 'Sent to the backend',
      backend: 'lab-libvirt',
      targetId: vm.id,
      intent,
      createdAt: at,
      updatedAt: at,
      revision: 2,
    });
    await store.create(record, null);
    return encodeId('Operation', record.backend, record.id);
  }

  const ended = (id: string) =>
    until('the operation to end', async () => {
      const operation = (await query(gw.graphqlUrl, OutcomeOperation, { id })).operation;
      return operation && (operation.status === 'SUCCEEDED' || operation.status === 'FAILED') ? operation : null;
    });

  it('reads the backend for its intent: SUCCEEDED when the snapshot was made, NOT_APPLIED when not', async () => {
    const vm = pick(await vmsOf(gw, 'lab-libvirt'), 1, 'libvirt VM');
    const startedAt = new Date();
    // The action the stopped replica sent, done on the backend.
    expect((await follow(gw, await create(gw, vm.id, 'made-before-the-takeover'))).last.status).toBe('SUCCEEDED');
    const made = await orphan(vm, { kind: 'CREATE_SNAPSHOT', target: { entity: 'VM', key: keyOf(vm) }, name: 'made-before-the-takeover' }, startedAt);
    const never = await orphan(vm, { kind: 'CREATE_SNAPSHOT', target: { entity: 'VM', key: keyOf(vm) }, name: 'never-made' }, new Date());

    const [succeeded, failed] = await Promise.all([ended(made), ended(never)]);
    expect(succeeded).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, snapshot: { name: 'made-before-the-takeover' } });
    expect(succeeded.message).toMatch(/^the replica acting on this operation stopped before the backend answered; the backend shows /);
    expect(failed).toMatchObject({ status: 'FAILED', error: { code: 'NOT_APPLIED' } });
    expect(failed.error?.message).toMatch(/^the replica acting on this operation stopped before the backend answered, and no snapshot named 'never-made' exists/);
    expect((await snapshotsOf(gw, vm)).map((s) => s.name)).not.toContain('never-made');
  });
});
