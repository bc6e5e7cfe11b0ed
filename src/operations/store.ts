// Operation records and idempotency keys: in memory (one process), or in Redis (replicas share them).
import type { Redis } from 'ioredis';
import { isTerminal, type OperationRecord } from '../domain/operation.js';
import { silentLogger, type Logger } from '../logging.js';
import { idempotencyClaimSchema, operationRecordSchema, parseJson } from './records.js';

const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_KEY_PREFIX = 'snapshot-gateway:';

type CreateOutcome =
  | { created: true }
  /** The idempotency key was taken: the operation it started, and what that request looked like. */
  | { created: false; existing: OperationRecord; fingerprint: string };

/** Where a page starts: just after this operation in the listing order (newest first; ties by id, descending). */
export interface OperationPosition {
  createdAtMs: number;
  id: string;
}

export interface OperationPageQuery {
  accept: (record: OperationRecord) => boolean;
  after: OperationPosition | null;
  limit: number;
}

export interface OperationPage {
  records: OperationRecord[];
  hasNext: boolean;
}

/** Whether `record` lists after `position`: older, or as old with a smaller id. */
export const listsAfter = (record: OperationRecord, position: OperationPosition): boolean => {
  const createdAtMs = Date.parse(record.createdAt);
  return createdAtMs < position.createdAtMs || (createdAtMs === position.createdAtMs && record.id < position.id);
};

/** The listing order: newest first, ties by id, descending (as Redis' ZREVRANGE orders equal scores). */
const newestFirst = (a: OperationRecord, b: OperationRecord): number =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export interface OperationStore {
  /** Saves a new record and, atomically with it, claims its idempotency key. */
  create(record: OperationRecord, idempotency: { key: string; fingerprint: string } | null): Promise<CreateOutcome>;
  save(record: OperationRecord): Promise<void>;
  get(id: string): Promise<OperationRecord | null>;
  /** Up to `limit` accepted records after the position, newest first, and whether more follow. */
  page(query: OperationPageQuery): Promise<OperationPage>;
  /** How many records `accept` takes, over all of them. */
  count(accept: (record: OperationRecord) => boolean): Promise<number>;
  /**
   * Notes that someone asked to cancel the operation, beside its record (which only the replica following it
   * writes), for that replica to read; it goes with the record.
   */
  requestCancel(id: string): Promise<void>;
  cancelRequested(id: string): Promise<boolean>;
}

export class MemoryOperationStore implements OperationStore {
  private readonly records = new Map<string, OperationRecord>();
  private readonly keys = new Map<string, { id: string; fingerprint: string }>();
  private readonly cancels = new Set<string>();

  /** @param retentionMs how long finished operations (and their keys) are kept */
  constructor(private readonly retentionMs = DEFAULT_RETENTION_MS) {}

  async create(record: OperationRecord, idempotency: { key: string; fingerprint: string } | null): Promise<CreateOutcome> {
    this.prune();
    if (idempotency) {
      const claimed = this.keys.get(idempotency.key);
      const existing = claimed && this.records.get(claimed.id);
      if (claimed && existing) return { created: false, existing, fingerprint: claimed.fingerprint };
      this.keys.set(idempotency.key, { id: record.id, fingerprint: idempotency.fingerprint });
    }
    this.records.set(record.id, record);
    return { created: true };
  }

  async save(record: OperationRecord): Promise<void> {
    this.records.set(record.id, record);
  }

  async get(id: string): Promise<OperationRecord | null> {
    return this.records.get(id) ?? null;
  }

  async page({ accept, after, limit }: OperationPageQuery): Promise<OperationPage> {
    const listed = [...this.records.values()].filter((r) => accept(r) && (!after || listsAfter(r, after))).sort(newestFirst);
    return { records: listed.slice(0, limit), hasNext: listed.length > limit };
  }

  async count(accept: (record: OperationRecord) => boolean): Promise<number> {
    let count = 0;
    for (const record of this.records.values()) if (accept(record)) count++;
    return count;
  }

  async requestCancel(id: string): Promise<void> {
    if (this.records.has(id)) this.cancels.add(id);
  }

  async cancelRequested(id: string): Promise<boolean> {
    return this.cancels.has(id);
  }

  private prune(): void {
    const horizon = Date.now() - this.retentionMs;
    for (const [id, record] of this.records) {
      if (isTerminal(record.status) && record.finishedAt !== null && Date.parse(record.finishedAt) < horizon) {
        this.records.delete(id);
      }
    }
    for (const [key, claim] of this.keys) if (!this.records.has(claim.id)) this.keys.delete(key);
    for (const id of this.cancels) if (!this.records.has(id)) this.cancels.delete(id);
  }
}

export interface RedisStoreOptions {
  /** Prepended to every key, so several gateways (or test runs) can share one Redis. */
  prefix?: string;
  /** How long finished operations (and their keys) are kept; running ones never expire. */
  retentionMs?: number;
  /** Where a record that does not parse is reported; nowhere by default. */
  logger?: Logger;
}

// KEYS: record hash, index, idempotency key (or none). ARGV: record JSON, id, score, claim JSON, record key prefix,
// TTL ms ('' = none), running set.
// One script, so the record and its key are claimed together or not at all, whatever other replicas do meanwhile.
const CREATE_SCRIPT = `
if #KEYS == 3 then
  local claim = redis.call('GET', KEYS[3])
  if claim then
    local ok, decoded = pcall(cjson.decode, claim)
    if ok and type(decoded) == 'table' and type(decoded.id) == 'string' then
      local existing = redis.call('HGET', ARGV[5] .. decoded.id, 'record')
      if existing then return {claim, existing} end
    end
  end
  redis.call('SET', KEYS[3], ARGV[4])
  redis.call('HSET', KEYS[1], 'record', ARGV[1], 'idempotencyKey', KEYS[3])
else
  redis.call('HSET', KEYS[1], 'record', ARGV[1])
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
if ARGV[6] ~= '' then
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  if #KEYS == 3 then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
else
  redis.call('SADD', ARGV[7], ARGV[2])
end
return false
`;

// KEYS: record hash. ARGV: record JSON, TTL ms ('' = none), running set, id, revision. A finished record and its
// idempotency key expire together, and leave the running set that replicas sweep for operations nobody follows.
// A finished record, or one at this revision or past it, is kept: a replica whose lease lapsed cannot undo the
// work of the one that took over.
const SAVE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'record')
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' then
    if stored.status == 'SUCCEEDED' or stored.status == 'FAILED' then return 0 end
    if type(stored.revision) == 'number' and stored.revision >= tonumber(ARGV[5]) then return 0 end
  end
end
redis.call('HSET', KEYS[1], 'record', ARGV[1])
if ARGV[2] ~= '' then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  local key = redis.call('HGET', KEYS[1], 'idempotencyKey')
  if key then redis.call('PEXPIRE', key, ARGV[2]) end
  redis.call('SREM', ARGV[3], ARGV[4])
else
  redis.call('SADD', ARGV[3], ARGV[4])
end
return 1
`;

/**
 * Records as hashes (`op:<id>`: the record's JSON and the idempotency key it claimed), keys as strings
 * (`key:<key>`: id and fingerprint), a sorted set (`ops`) of ids by creation time for paging, and a set (`running`)
 * of the ids not finished yet, which the lease sweepers read.
 * Single-node Redis: the scripts touch keys they build themselves, which a cluster would refuse.
 */
// KEYS: record hash. ARGV: when. Only on a record that exists, so a request for an expired one leaves no key behind.
const REQUEST_CANCEL_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], 'record') == 1 then redis.call('HSETNX', KEYS[1], 'cancel', ARGV[1]) end
`;

export class RedisOperationStore implements OperationStore {
  readonly prefix: string;
  readonly retentionMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly client: Redis,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.logger = options.logger ?? silentLogger;
  }

  recordKey(id: string): string {
    return `${this.prefix}op:${id}`;
  }

  idempotencyKey(key: string): string {
    return `${this.prefix}key:${key}`;
  }

  get indexKey(): string {
    return `${this.prefix}ops`;
  }

  get runningKey(): string {
    return `${this.prefix}running`;
  }

  async create(record: OperationRecord, idempotency: { key: string; fingerprint: string } | null): Promise<CreateOutcome> {
    const keys = [this.recordKey(record.id), this.indexKey];
    if (idempotency) keys.push(this.idempotencyKey(idempotency.key));
    const claim = JSON.stringify({ id: record.id, fingerprint: idempotency?.fingerprint ?? '' });
    const args = [JSON.stringify(record), record.id, String(Date.parse(record.createdAt)), claim, this.recordKey(''), this.ttlOf(record), this.runningKey];
    const reply: unknown = await this.client.eval(CREATE_SCRIPT, keys.length, ...keys, ...args);
    if (!Array.isArray(reply)) return { created: true };
    const [claimText, recordText] = reply;
    const taken = typeof claimText === 'string' ? parseJson(idempotencyClaimSchema, claimText) : null;
    const existing = typeof recordText === 'string' ? parseJson(operationRecordSchema, recordText) : null;
    if (!taken || !existing) throw new Error(`Redis holds an unreadable operation for idempotency key ${idempotency?.key ?? ''}`);
    return { created: false, existing, fingerprint: taken.fingerprint };
  }

  async save(record: OperationRecord): Promise<void> {
    await this.client.eval(SAVE_SCRIPT, 1, this.recordKey(record.id), JSON.stringify(record), this.ttlOf(record), this.runningKey, record.id, String(record.revision));
  }

  async get(id: string): Promise<OperationRecord | null> {
    const text = await this.client.hget(this.recordKey(id), 'record');
    return text === null ? null : this.parse(id, text);
  }

  /** A field of the record's hash, so it expires with the record and no save overwrites it. */
  async requestCancel(id: string): Promise<void> {
    await this.client.eval(REQUEST_CANCEL_SCRIPT, 1, this.recordKey(id), new Date().toISOString());
  }

  async cancelRequested(id: string): Promise<boolean> {
    return (await this.client.hexists(this.recordKey(id), 'cancel')) === 1;
  }

  /** Walks the index newest first, a chunk of ids at a time, reading only as far as the page needs. */
  async page({ accept, after, limit }: OperationPageQuery): Promise<OperationPage> {
    const records: OperationRecord[] = [];
    let hasNext = false;
    await this.walk(after ? await this.rankAfter(after) : 0, Math.max(100, limit + 1), (record) => {
      if (!accept(record)) return true;
      if (records.length === limit) {
        hasNext = true;
        return false;
      }
      records.push(record);
      return true;
    });
    return { records, hasNext };
  }

  /** Reads every record: the price of a totalCount, paid only when a client asks for one. */
  async count(accept: (record: OperationRecord) => boolean): Promise<number> {
    let count = 0;
    await this.walk(0, 500, (record) => {
      if (accept(record)) count++;
      return true;
    });
    return count;
  }

  /** The rank the page after `position` starts at; found by score when that operation has expired meanwhile. */
  private async rankAfter(position: OperationPosition): Promise<number> {
    const rank = await this.client.zrevrank(this.indexKey, position.id);
    if (rank !== null) return rank + 1;
    const newer = await this.client.zcount(this.indexKey, `(${position.createdAtMs}`, '+inf');
    const sameTime = await this.client.zrangebyscore(this.indexKey, position.createdAtMs, position.createdAtMs);
    return newer + sameTime.filter((id) => id > position.id).length;
  }

  /**
   * Hands `visit` the records from `start` on, newest first, until it answers false or the index ends. Ids whose
   * record has expired are dropped from the index afterwards (not during the walk, which would shift the ranks).
   */
  private async walk(start: number, chunk: number, visit: (record: OperationRecord) => boolean): Promise<void> {
    const expired: string[] = [];
    try {
      for (let rank = start; ; rank += chunk) {
        const ids = await this.client.zrevrange(this.indexKey, rank, rank + chunk - 1);
        if (ids.length === 0) return;
        const pipeline = this.client.pipeline();
        for (const id of ids) pipeline.hget(this.recordKey(id), 'record');
        const replies = (await pipeline.exec()) ?? [];
        for (const [index, id] of ids.entries()) {
          const [error, text] = replies[index] ?? [null, null];
          if (error) throw error;
          if (text === null) {
            expired.push(id);
            continue;
          }
          const record = typeof text === 'string' ? this.parse(id, text) : null;
          if (record && !visit(record)) return;
        }
        if (ids.length < chunk) return;
      }
    } finally {
      if (expired.length > 0) await this.client.zrem(this.indexKey, ...expired);
    }
  }

  private ttlOf(record: OperationRecord): string {
    return isTerminal(record.status) ? String(Math.max(1, Math.round(this.retentionMs))) : '';
  }

  private parse(id: string, text: string): OperationRecord | null {
    const record = parseJson(operationRecordSchema, text);
    if (!record) this.logger.warn({ operationId: id }, 'an operation in Redis is not a valid record; ignored');
    return record;
  }
}
