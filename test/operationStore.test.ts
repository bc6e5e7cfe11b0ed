// Paging operations, the same in both stores: newest first (ties by id), filtered before the page is cut, a cursor
// that holds when its own operation has expired, and a total counted over everything. And intents read back from
// Redis, old records (with none) included.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { OperationIntent, OperationRecord } from '../src/domain/operation.js';
import { listsAfter, MemoryOperationStore, RedisOperationStore, type OperationStore } from '../src/operations/store.js';
import { operationRecord } from './helpers/records.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';

const available = await redisForTests('operation store paging');
const redis = available ? new Redis(REDIS_URL) : null;
afterAll(() => redis?.disconnect());

const record = (createdAtMs: number, id: string, status: OperationRecord['status'] = 'SUCCEEDED'): OperationRecord => {
  const at = new Date(createdAtMs).toISOString();
  return operationRecord({ id, status, createdAt: at, updatedAt: at, finishedAt: status === 'SUCCEEDED' ? at : null });
};

const stores: [string, () => { store: OperationStore; forget: (id: string) => Promise<void> }][] = [
  [
    'in memory',
    () => {
      const store = new MemoryOperationStore();
      // Memory forgets only by retention; a record never created stands in for an expired one.
      return { store, forget: async () => {} };
    },
  ],
];
if (redis) {
  stores.push([
    'in Redis',
    () => {
      const store = new RedisOperationStore(redis, { prefix: `gw-test-${randomUUID()}:` });
      return { store, forget: async (id) => void (await redis.del(store.recordKey(id))) };
    },
  ]);
}

describe.each(stores)('operations paged %s', (_name, make) => {
  // 250 operations over 50 distinct milliseconds (five per millisecond, to exercise ties); every third one FAILED.
  const base = Date.parse('2030-01-01T00:00:00.000Z');
  const all = Array.from({ length: 250 }, (_, i) =>
    record(base + Math.floor(i / 5), `op-${String(i).padStart(3, '0')}`, i % 3 === 0 ? 'FAILED' : 'SUCCEEDED'),
  );
  const expectedOrder = [...all].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1));

  async function filled() {
    const made = make();
    for (const r of all) await made.store.create(r, null);
    return made;
  }

  async function pageThrough(store: OperationStore, accept: (r: OperationRecord) => boolean, limit: number) {
    const seen: string[] = [];
    let after = null;
    let pages = 0;
    for (;;) {
      const page = await store.page({ accept, after, limit });
      pages++;
      seen.push(...page.records.map((r) => r.id));
      const last = page.records.at(-1);
      if (!page.hasNext || !last) break;
      after = { createdAtMs: Date.parse(last.createdAt), id: last.id };
    }
    return { seen, pages };
  }

  it('pages through everything newest first, each operation once, ties by id', async () => {
    const { store } = await filled();
    const { seen, pages } = await pageThrough(store, () => true, 40);
    expect(seen).toEqual(expectedOrder.map((r) => r.id));
    expect(pages).toBe(7);
    expect(await store.count(() => true)).toBe(250);
  });

  it('filters before it cuts the page, and counts only what matches', async () => {
    const { store } = await filled();
    const failed = (r: OperationRecord) => r.status === 'FAILED';
    const { seen } = await pageThrough(store, failed, 7);
    expect(seen).toEqual(expectedOrder.filter(failed).map((r) => r.id));
    expect(await store.count(failed)).toBe(84);
    expect((await store.page({ accept: () => false, after: null, limit: 10 })).records).toEqual([]);
  });

  it('goes on from a cursor whose own operation is gone', async () => {
    const { store, forget } = await filled();
    const first = await store.page({ accept: () => true, after: null, limit: 12 });
    const last = first.records.at(-1);
    if (!last) throw new Error('empty page');
    await forget(last.id);
    const next = await store.page({ accept: () => true, after: { createdAtMs: Date.parse(last.createdAt), id: last.id }, limit: 5 });
    expect(next.records.map((r) => r.id)).toEqual(expectedOrder.filter((r) => listsAfter(r, { createdAtMs: Date.parse(last.createdAt), id: last.id })).slice(0, 5).map((r) => r.id));
    expect(next.records[0]?.id).toBe(expectedOrder[12]?.id);
  });
});

describe.skipIf(!redis)('operation intents read back from Redis', () => {
  const prefix = `gw-test-${randomUUID()}:`;
  const store = redis ? new RedisOperationStore(redis, { prefix }) : null;
  afterAll(async () => {
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length > 0) await redis?.del(...keys);
  });
  const stored = async (text: string, id: string) => {
    if (!redis || !store) throw new Error('no Redis');
    await redis.hset(store.recordKey(id), 'record', text);
    return store.get(id);
  };

  it('round-trips every kind of intent as it was', async () => {
    const intents: OperationIntent[] = [
      { kind: 'CREATE_SNAPSHOT', target: { entity: 'Drive', key: 'drive-1' }, name: 'nightly' },
      { kind: 'DELETE_SNAPSHOT', snapshotKey: 'vm/old' },
      { kind: 'REVERT_SNAPSHOT', snapshotKey: 'vm/base', wasCurrent: false },
      { kind: 'UPDATE_SNAPSHOT', snapshotKey: 'snap-1', request: { description: 'kept', metadata: [{ key: 'team', value: 'ops' }] } },
      { kind: 'CLONE_SNAPSHOT', snapshotKey: 'snap-2', name: null },
    ];
    for (const intent of intents) {
      const written = operationRecord({ kind: intent.kind, intent });
      expect(await stored(JSON.stringify(written), written.id)).toEqual(written);
    }
  });

  it('loads a record stored before intents were kept with intent null, and ignores one whose intent is malformed', async () => {
    const { intent: _dropped, ...old } = operationRecord();
    expect(await stored(JSON.stringify(old), old.id)).toEqual({ ...old, intent: null });
    const malformed = { ...operationRecord(), intent: { kind: 'CREATE_SNAPSHOT', target: { entity: 'VM', key: 'vm-1' } } };
    expect(await stored(JSON.stringify(malformed), malformed.id)).toBeNull();
  });
});
