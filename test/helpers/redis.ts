// Whether the tests that need Redis can run: they read REDIS_URL (default loopback); under CI=true a missing Redis
// is a failure, never a skip.
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at the URL within a second (no retries: this only decides skip or fail). */
export async function redisAnswers(url: string = REDIS_URL): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Whether Redis is there; under CI=true its absence registers a failing test named `suite`. */
export async function redisForTests(suite: string): Promise<boolean> {
  const available = await redisAnswers();
  if (!available && process.env.CI === 'true') {
    // CI starts a Redis for these tests: not finding one is a failure, never a skip.
    describe(suite, () => {
      it(`needs a Redis at ${REDIS_URL} (CI=true: start one or set REDIS_URL)`, () => {
        throw new Error(`no Redis answers at ${REDIS_URL}`);
      });
    });
  }
  return available;
}

/** Deletes every key under `prefix` (a test's own), a batch of the SCAN at a time; answers how many went. */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
