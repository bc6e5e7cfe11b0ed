// Operation records and idempotency keys: in memory (one process), or in Redis (replicas share them).
import type { Redis } from 'ioredis';
import { isTerminal, type OperationRecord } from '../domain/operation.js';
import { idempotencyClaimSchema, operationRecordSchema, parseJson } from './records.js';

export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_KEY_PREFIX = 'snapshot-gateway:';

export type CreateOutcome =
  | { created: true }
  /** The idempotency key was taken: the operation it started, and what that request looked like. */
  | { created: false; existing: OperationRecord; fingerprint: string };

export interface OperationStore {
  /** Saves a new record and, atomically with it, claims its idempotency key. */
  create(record: OperationRecord, idempotency: { key: string; fingerprint: string } | null): Promise<CreateOutcome>;
  save(record: OperationRecord): Promise<void>;
  get(id: string): Promise<OperationRecord | null>;
  /** Newest first. */
  list(): Promise<OperationRecord[]>;
}

export class MemoryOperationStore implements OperationStore {
  private readonly records = new Map<string, OperationRecord>();
  private readonly keys = new Map<string, { id: string; fingerprint: string }>();

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

  async list(): Promise<OperationRecord[]> {
    return [...this.records.values()].reverse();
  }

  private prune(): void {
    const horizon = Date.now() - this.retentionMs;
    for (const [id, record] of this.records) {
      if (isTerminal(record.status) && record.finishedAt !== null && Date.parse(record.finishedAt) < horizon) {
        this.records.delete(id);
      }
    }
    for (const [key, claim] of this.keys) if (!this.records.has(claim.id)) this.keys.delete(key);
  }
}

export interface RedisStoreOptions {
  /** Prepended to every key, so several gateways (or test runs) can share one Redis. */
  prefix?: string;
  /** How long finished operations (and their keys) are kept; running ones never expire. */
  retentionMs?: number;
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
 * (`key:<key>`: id and fingerprint), a sorted set (`ops`) of ids by creation time for `list`, and a set (`running`)
 * of the ids not finished yet, which the lease sweepers read.
 * Single-node Redis: the scripts touch keys they build themselves, which a cluster would refuse.
 */
export class RedisOperationStore implements OperationStore {
  readonly prefix: string;
  readonly retentionMs: number;

  constructor(
    private readonly client: Redis,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
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

  async list(): Promise<OperationRecord[]> {
    const ids = await this.client.zrevrange(this.indexKey, 0, -1);
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hget(this.recordKey(id), 'record');
    const replies = (await pipeline.exec()) ?? [];
    const records: OperationRecord[] = [];
    const expired: string[] = [];
    ids.forEach((id, index) => {
      const [error, text] = replies[index] ?? [null, null];
      if (error) throw error;
      const record = typeof text === 'string' ? this.parse(id, text) : null;
      if (record) records.push(record);
      else if (text === null) expired.push(id);
    });
    // The index does not expire with its records: drop the ids whose record is gone.
    if (expired.length > 0) await this.client.zrem(this.indexKey, ...expired);
    return records;
  }

  private ttlOf(record: OperationRecord): string {
    return isTerminal(record.status) ? String(Math.max(1, Math.round(this.retentionMs))) : '';
  }

  private parse(id: string, text: string): OperationRecord | null {
    const record = parseJson(operationRecordSchema, text);
    if (!record) console.warn(`snapshot-gateway: operation ${id} in Redis is not a valid record; ignored`);
    return record;
  }
}
