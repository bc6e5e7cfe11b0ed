// The ledger in Redis, shared by every replica: one set of names per backend and key, changed with SADD/SREM so
// replicas never overwrite each other's additions.
import type { Redis } from 'ioredis';
import type { Ledger } from './ledger.js';

export class RedisLedger implements Ledger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keyOf(backend: string, key: string): string {
    return `${this.prefix}known:${JSON.stringify([backend, key])}`;
  }

  async read(backend: string, keys: readonly string[]): Promise<Map<string, string[]>> {
    const answer = new Map<string, string[]>();
    if (keys.length === 0) return answer;
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.smembers(this.keyOf(backend, key));
    const replies = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const [error, names] = replies[i] ?? [new Error('no reply'), null];
      if (error) throw error;
      if (Array.isArray(names) && names.length > 0) answer.set(key, names.filter((n): n is string => typeof n === 'string'));
    });
    return answer;
  }

  async remember(backend: string, key: string, names: readonly string[]): Promise<void> {
    await this.redis.sadd(this.keyOf(backend, key), ...names);
  }

  async forget(backend: string, key: string, names: readonly string[]): Promise<void> {
    await this.redis.srem(this.keyOf(backend, key), ...names);
  }
}
