// Leases on running operations in Redis: which replica acts on or follows each one, lapsing when that replica dies.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisOperationStore } from './store.js';

/**
 * How long a lease outlives its holder's last renewal. Long enough that a replica starved of CPU (thousands of
 * subscribers, two cores) still renews in time: the subscriber bench saw 5 s lapse and false takeovers.
 */
export const DEFAULT_LEASE_TTL_MS = 10_000;

export interface Leases {
  /** This replica's id: the value of every lease it holds. */
  readonly owner: string;
  /** How long a lease lasts unless renewed. */
  readonly ttlMs: number;
  /** How often a holder renews its leases. */
  readonly renewMs: number;
  /** How often a replica looks for running operations nobody holds. */
  readonly sweepMs: number;
  /** Takes the lease if nobody holds it. */
  acquire(id: string): Promise<boolean>;
  /** Extends the lease if this replica still holds it; false when it was lost. */
  renew(id: string): Promise<boolean>;
  /** Gives the lease back if this replica holds it, so another replica can take the operation at once. */
  release(id: string): Promise<void>;
  /** Running operations whose lease is gone. */
  orphans(): Promise<string[]>;
  /** Drops an id from the running set (its record ended or expired). */
  forget(id: string): Promise<void>;
}

export interface LeaseOptions {
  ttlMs?: number;
  renewMs?: number;
  sweepMs?: number;
}

// KEYS: lease. ARGV: owner, TTL ms. Only the holder extends its lease.
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

// KEYS: lease. ARGV: owner. Only the holder deletes its lease: one taken over meanwhile is left alone.
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Leases as strings (`lease:<id>` = the holder's id, with a TTL) next to the store's running set. */
export class RedisLeases implements Leases {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly ttlMs: number;
  readonly renewMs: number;
  readonly sweepMs: number;

  constructor(
    private readonly client: Redis,
    private readonly store: RedisOperationStore,
    options: LeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewMs = options.renewMs ?? DEFAULT_LEASE_TTL_MS / 4;
    this.sweepMs = options.sweepMs ?? 1_000;
  }

  leaseKey(id: string): string {
    return `${this.store.prefix}lease:${id}`;
  }

  async acquire(id: string): Promise<boolean> {
    return (await this.client.set(this.leaseKey(id), this.owner, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  async renew(id: string): Promise<boolean> {
    const reply: unknown = await this.client.eval(RENEW_SCRIPT, 1, this.leaseKey(id), this.owner, String(this.ttlMs));
    return reply === 1;
  }

  async release(id: string): Promise<void> {
    await this.client.eval(RELEASE_SCRIPT, 1, this.leaseKey(id), this.owner);
  }

  async orphans(): Promise<string[]> {
    const ids = await this.client.smembers(this.store.runningKey);
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.exists(this.leaseKey(id));
    const replies = (await pipeline.exec()) ?? [];
    return ids.filter((_id, index) => {
      const [error, exists] = replies[index] ?? [null, 1];
      if (error) throw error;
      return exists === 0;
    });
  }

  async forget(id: string): Promise<void> {
    await this.client.srem(this.store.runningKey, id);
  }
}
