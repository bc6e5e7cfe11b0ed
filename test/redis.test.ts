// Operations shared through a real Redis: two gateways in this process in front of one lab, so an operation
// started on one is followed, replayed and listed on the other; and the Redis store on its own (atomic keys, TTLs).
import { createHash, randomUUID } from 'node:crypto';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../src/domain/operation.js';
import { callerId, callerScopedKey } from '../src/auth/callerKeys.js';
import { authSchema } from '../src/auth/config.js';
import { decodeId } from '../src/graphql/ids.js';
import { startLab, type Lab } from '../src/lab/lab.js';
import { RedisOperationStore } from '../src/operations/store.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import type { FirstVmsQuery, OperationsFeedSubscription, OperationsPageQuery } from './gql/graphql.js';
import { CreateSnapshot, FirstVms, FollowOperation } from './helpers/documents.js';
import { collectWs, executeWith, query, startTestGateway, untilSubscribers, wsClient, type TestGateway } from './helpers/gateway.js';
import { until } from './helpers/logs.js';
import { operationRecord } from './helpers/records.js';
import { deleteKeysUnder, REDIS_URL, redisForTests } from './helpers/redis.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

const PREFIX = `gw-test-${randomUUID()}:`;
const RETENTION_MS = 60 * 60 * 1000;

const available = await redisForTests('Redis scale-out');

const OperationsPage = graphql(`
  query OperationsPage($first: Int, $after: String) {
    operations(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id status createdAt } }
    }
  }
`);

const CancelTargetsRedis = graphql(`
  query CancelTargetsRedis {
    vms(first: 100) { edges { node { backend { name } drives { id } } } }
  }
`);

const CancelAcross = graphql(`
  mutation CancelAcross($id: ID!) {
    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { id status } } }
  }
`);

const OperationsFeed = graphql(`
  subscription OperationsFeed($filter: OperationFilter) {
    operations(filter: $filter) { id status }
  }
`);

type Vm = FirstVmsQuery['vms']['edges'][number]['node'];

const skipReason = available ? '' : ` (skipped: no Redis answers at ${REDIS_URL}; start one or set REDIS_URL)`;

describe.skipIf(!available)(`operations shared through Redis${skipReason}`, () => {
  let lab: Lab;
  let a: StartedGateway;
  let b: StartedGateway;
  let wsB: Client;
  let redis: Redis;
  let vms: Vm[];

  const start = () =>
    startGateway({
      specs: lab.specs,
      port: 0,
      host: '127.0.0.1',
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
      http: { timeoutMs: 2_000, readRetries: 1 },
      redisUrl: REDIS_URL,
      redisKeyPrefix: PREFIX,
      operationsRetentionMs: RETENTION_MS,
    });
  const graphqlUrl = (gw: StartedGateway) => `${gw.server.url}/graphql`;
  const adminUrlOf = (gw: StartedGateway) => {
    if (gw.server.adminUrl === null) throw new Error('the replica has no admin listener');
    return gw.server.adminUrl;
  };
  const rawId = (id: string) => decodeId(id)?.key ?? id;

  beforeAll(async () => {
    lab = await startLab({ scale: 2, latencyMs: 0, opMs: 300 });
    [a, b] = await Promise.all([start(), start()]);
    wsB = wsClient(`${b.server.url.replace(/^http/, 'ws')}/graphql`);
    redis = new Redis(REDIS_URL);
    vms = (await query(graphqlUrl(a), FirstVms)).vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === 'lab-libvirt');
  });
  afterAll(async () => {
    await wsB?.dispose();
    await Promise.all([a?.close(), b?.close()]);
    await lab?.close();
    if (redis) {
      await deleteKeysUnder(redis, PREFIX);
      redis.disconnect();
    }
  });

  const vm = (index: number): Vm => {
    const found = vms[index];
    if (!found) throw new Error(`the lab has no libvirt VM #${index}`);
    return found;
  };

  async function create(on: StartedGateway, vmId: string, name: string, idempotencyKey?: string) {
    const { createSnapshot } = await query(graphqlUrl(on), CreateSnapshot, { input: { targetId: vmId, name, idempotencyKey } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    return createSnapshot.operation;
  }

  it('streams an operation started on A to an operation(id) subscriber on B, to SUCCEEDED', async () => {
    const operation = await create(a, vm(0).id, 'from-a');
    const events = await collectWs(wsB, FollowOperation, { id: operation.id });
    const statuses = events.map((e) => e.data?.operation.status);
    expect(events.every((e) => e.errors === undefined)).toBe(true);
    expect(statuses).toContain('RUNNING');
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    expect(events.at(-1)?.data?.operation.snapshot).toMatchObject({ name: 'from-a', isCurrent: true });
  });

  it('shows the changes of an operation started on A to an operations subscriber on B, past foreign messages', async () => {
    const target = vm(1);
    const ready = new Promise<void>((resolve) => wsB.on('connected', () => resolve()));
    const feed = wsB.iterate<OperationsFeedSubscription>({ query: print(OperationsFeed), variables: { filter: { targetId: target.id } } });
    const seen: string[] = [];
    let id = '';
    const reading = (async () => {
      for await (const result of feed) {
        const change = result.data?.operations;
        if (!change) continue;
        seen.push(change.status);
        if (change.status === 'SUCCEEDED') break;
      }
    })();
    await ready;
    // graphql-ws says nothing when the subscription is in place on the server: B's gauge does.
    await untilSubscribers(adminUrlOf(b), 1);
    // Messages on the channel that are not records are dropped, and the stream goes on.
    await redis.publish(`${PREFIX}operation:changed`, 'not json');
    await redis.publish(`${PREFIX}operation:changed`, JSON.stringify({ id: 1 }));
    id = (await create(a, target.id, 'watched-from-b')).id;
    await reading;
    expect(id).not.toBe('');
    expect(seen).toContain('RUNNING');
    expect(seen.at(-1)).toBe('SUCCEEDED');
  });

  it("replays A's idempotency key on B: A's operation, and the backend acts once", async () => {
    const target = vm(2);
    const before = lab.sim(libvirtBackend).snapshotsOf(target.name).length;
    const key = `key-${randomUUID()}`;
    const first = await create(a, target.id, 'once', key);
    const whileRunning = await create(b, target.id, 'once', key);
    expect(whileRunning.id).toBe(first.id);
    const concurrent = await Promise.all([create(a, target.id, 'once', key), create(b, target.id, 'once', key)]);
    expect(concurrent.map((op) => op.id)).toEqual([first.id, first.id]);
    await collectWs(wsB, FollowOperation, { id: first.id });
    const afterwards = await create(b, target.id, 'once', key);
    expect(afterwards).toMatchObject({ id: first.id, status: 'SUCCEEDED' });
    expect(lab.sim(libvirtBackend).snapshotsOf(target.name).length).toBe(before + 1);
  });

  it('pages through operations started on A and on B, newest first, from either replica', async () => {
    const fromA = await create(a, vm(3).id, 'page-a');
    const fromB = await create(b, vm(3).id, 'page-b');
    await Promise.all([collectWs(wsB, FollowOperation, { id: fromA.id }), collectWs(wsB, FollowOperation, { id: fromB.id })]);
    const ids: string[] = [];
    const created: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 50; page++) {
      const { operations }: OperationsPageQuery = await query(graphqlUrl(b), OperationsPage, { first: 2, after });
      total = operations.totalCount;
      expect(operations.edges.length).toBeLessThanOrEqual(2);
      ids.push(...operations.edges.map((e) => e.node.id));
      created.push(...operations.edges.map((e) => e.node.createdAt));
      if (!operations.pageInfo.hasNextPage) break;
      after = operations.pageInfo.endCursor ?? null;
    }
    expect(ids).toContain(fromA.id);
    expect(ids).toContain(fromB.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
    expect(ids.indexOf(fromB.id)).toBeLessThan(ids.indexOf(fromA.id));
    expect([...created].sort().reverse()).toEqual(created);
    const onA = await query(graphqlUrl(a), OperationsPage, { first: 1000 });
    expect(onA.operations.totalCount).toBe(total);
  });

  it('keeps a running operation for good and a finished one (with its key) for the retention', async () => {
    const key = `key-${randomUUID()}`;
    const operation = await create(a, vm(0).id, 'ttl', key);
    const recordKey = `${PREFIX}op:${rawId(operation.id)}`;
    const keyKey = `${PREFIX}key:${callerScopedKey('anonymous', key)}`;
    expect(await redis.pttl(recordKey)).toBe(-1);
    expect(await redis.pttl(keyKey)).toBe(-1);
    await collectWs(wsB, FollowOperation, { id: operation.id });
    for (const ttlOf of [recordKey, keyKey]) {
      const ttl = await redis.pttl(ttlOf);
      expect(ttl).toBeGreaterThan(RETENTION_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(RETENTION_MS);
    }
  });

  it('cancels on one replica what the other follows: the follower reads the request beside the record and sends it', async () => {
    const slow = await startLab({ scale: 1, latencyMs: 0, opMs: 5_000 });
    const prefix = `${PREFIX}cancel:`;
    const replica = () =>
      startGateway({ specs: slow.specs, port: 0, host: '127.0.0.1', engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 }, redisUrl: REDIS_URL, redisKeyPrefix: prefix });
    const [follower, other] = await Promise.all([replica(), replica()]);
    try {
      const { vms } = await query(graphqlUrl(follower), CancelTargetsRedis);
      const drive = vms.edges.map((e) => e.node).find((vm) => vm.backend.name === 'lab-danube')?.drives[0];
      if (!drive) throw new Error('the lab has no Danube drive');
      const operation = await create(follower, drive.id, 'cancel-across');
      const { cancelOperation } = await query(graphqlUrl(other), CancelAcross, { id: operation.id });
      expect(cancelOperation).toMatchObject({ __typename: 'OperationPayload' });
      // Followed to its end on the replica that asked for the cancel, which does not follow it.
      const ws = wsClient(`${other.server.url.replace(/^http/, 'ws')}/graphql`);
      const events = await collectWs(ws, FollowOperation, { id: operation.id });
      await ws.dispose();
      expect(events.at(-1)?.data?.operation).toMatchObject({ status: 'CANCELLED' });
      expect(await redis.hget(`${prefix}op:${rawId(operation.id)}`, 'cancel')).toMatch(/^\d{4}-/);
    } finally {
      await Promise.all([follower.close(), other.close()]);
      await slow.close();
    }
  });

  describe('the store on its own', () => {
    const record = (over: Partial<OperationRecord> = {}): OperationRecord => operationRecord({ task: { job: 1, nested: [true, null] }, ...over });

    it('lets exactly one of many concurrent creates, from two instances, claim an idempotency key', async () => {
      const other = new Redis(REDIS_URL);
      try {
        const prefix = `${PREFIX}race-${randomUUID()}:`;
        const stores = [new RedisOperationStore(redis, { prefix }), new RedisOperationStore(other, { prefix })];
        const key = `key-${randomUUID()}`;
        const records = Array.from({ length: 20 }, () => record());
        const outcomes = await Promise.all(
          records.map((r, i) => (stores[i % 2] ?? stores[0])?.create(r, { key, fingerprint: `fp-${i % 2}` })),
        );
        const winners = outcomes.flatMap((o, i) => (o?.created ? [records[i]] : []));
        expect(winners).toHaveLength(1);
        const winner = winners[0];
        for (const outcome of outcomes) {
          if (outcome && !outcome.created) expect(outcome.existing).toEqual(winner);
        }
        const losers = outcomes.filter((o) => o && !o.created);
        expect(losers).toHaveLength(19);
        // Only the winner was stored: the losers left no record behind.
        const stored = await Promise.all(records.map((r) => stores[0]?.get(r.id)));
        expect(stored.filter((s) => s !== null)).toHaveLength(1);
      } finally {
        other.disconnect();
      }
    });

    it('round-trips records as they were, lists newest first, and forgets expired ones and unreadable ones', async () => {
      const prefix = `${PREFIX}store-${randomUUID()}:`;
      const store = new RedisOperationStore(redis, { prefix, retentionMs: 80 });
      const older = record({ createdAt: '2030-01-01T00:00:00.000Z' });
      const newer = record({ createdAt: '2030-01-01T00:00:01.000Z' });
      await store.create(older, null);
      await store.create(newer, null);
      expect(await store.get(newer.id)).toEqual(newer);
      expect((await store.page({ accept: () => true, after: null, limit: 100 })).records.map((r) => r.id)).toEqual([newer.id, older.id]);
      // Unfinished records sit in the running set the lease sweepers read; a finished one leaves it.
      expect((await redis.smembers(store.runningKey)).sort()).toEqual([newer.id, older.id].sort());

      const finished: OperationRecord = { ...older, status: 'SUCCEEDED', finishedAt: new Date().toISOString(), revision: 2 };
      await store.save(finished);
      expect(await store.get(older.id)).toEqual(finished);
      expect(await redis.smembers(store.runningKey)).toEqual([newer.id]);
      // Redis expires the finished record after its retention.
      await until('the finished record to expire', async () => ((await store.get(older.id)) === null ? true : null));
      expect((await store.page({ accept: () => true, after: null, limit: 100 })).records.map((r) => r.id)).toEqual([newer.id]);
      expect(await redis.zrange(store.indexKey, 0, -1)).toEqual([newer.id]);

      await redis.hset(store.recordKey(newer.id), 'record', '{"not":"a record"}');
      expect(await store.get(newer.id)).toBeNull();
    });

    it('keeps a finished record, or a newer revision, from a stale write (a replica whose lease lapsed)', async () => {
      const store = new RedisOperationStore(redis, { prefix: `${PREFIX}stale-${randomUUID()}:` });
      const running = record();
      await store.create(running, null);
      await store.save({ ...running, status: 'RUNNING', revision: 2 });
      await store.save({ ...running, message: 'stale', revision: 2 });
      expect(await store.get(running.id)).toMatchObject({ status: 'RUNNING', message: null, revision: 2 });
      const finished: OperationRecord = { ...running, status: 'SUCCEEDED', finishedAt: new Date().toISOString(), revision: 3 };
      await store.save(finished);
      await store.save({ ...running, status: 'RUNNING', revision: 4 });
      expect(await store.get(running.id)).toEqual(finished);
      expect(await redis.smembers(store.runningKey)).toEqual([]);
    });
  });
});

describe.skipIf(!available)(`the mutation rate limit shared through Redis${skipReason}`, () => {
  const token = `rate-${randomUUID()}`;
  const sha256 = createHash('sha256').update(token).digest('hex');
  const prefix = `${PREFIX}rate-${randomUUID()}:`;
  const replicas: TestGateway[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startTestGateway({}, {
          auth: authSchema.parse({ tokens: [{ name: 'shared', sha256, scopes: ['snapshots:read', 'snapshots:write'] }] }),
          rateLimit: { mutationsPerMinute: 6, burst: 3 },
          redisUrl: REDIS_URL,
          redisKeyPrefix: prefix,
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
  });

  it('counts a caller once across replicas: its burst is spent whichever replica it reaches', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const targets = await Promise.all(
      replicas.map(async (replica) => {
        const vms = await executeWith(replica.graphqlUrl, headers, FirstVms);
        const vm = vms.data?.vms.edges.map((e) => e.node).find((n) => n.backend.name === 'lab-libvirt');
        if (!vm) throw new Error('no libvirt VM');
        return vm.id;
      }),
    );
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const replica = i % 2;
      const result = await executeWith(replicas[replica]?.graphqlUrl ?? '', headers, CreateSnapshot, { input: { targetId: targets[replica] ?? '', name: `shared-rate-${i}` } });
      statuses.push(result.status);
      if (i === 3) expect(result.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // The bucket lives in Redis, and goes once it would be full again.
    const client = replicas[0]?.started.redis?.client;
    if (!client) throw new Error('the replica has no Redis connection');
    const ttl = await client.pttl(`${prefix}rate:${callerId('token', 'shared')}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3 * 10_000 + 1_000);
  });
});
