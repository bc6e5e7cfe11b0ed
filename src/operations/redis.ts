// Connects a gateway to Redis: one client for commands and publishing, one for subscribing; the shared store and
// pubsub over them; and a close that lets both go.
import { Redis } from 'ioredis';
import { RedisLedger } from '../connectors/ledger/redisLedger.js';
import type { Logger } from '../logging.js';
import { RedisLeases, type LeaseOptions } from './leases.js';
import { RedisReadTier } from '../cache/redisReads.js';
import { RedisBaselines } from '../inventory/baselines.js';
import { inventoryChangeSchema, type InventoryChange } from '../inventory/change.js';
import { createRedisFeed, createRedisOperationPubSub, whenReady, type Feed, type OperationPubSub } from './pubsub.js';
import { DEFAULT_KEY_PREFIX, RedisOperationStore, type RedisStoreOptions } from './store.js';

export interface RedisConnection {
  store: RedisOperationStore;
  pubsub: OperationPubSub;
  /** Which replica follows each running operation. */
  leases: RedisLeases;
  /** What the gateway knows exists on backends whose lists do not say (libgo's snapshots), for every replica. */
  ledger: RedisLedger;
  /** Inventory changes, from whichever replica polls each backend, and what each poll saw last. */
  inventory: Feed<InventoryChange>;
  baselines: RedisBaselines;
  /** The backend answers replicas share (the read cache's shared tier). */
  reads: RedisReadTier;
  /** The commands client (tests read TTLs through it). */
  client: Redis;
  close(): Promise<void>;
}

interface ConnectRedisOptions extends RedisStoreOptions {
  /** How long the first connection may take before the gateway gives up starting. */
  connectTimeoutMs?: number;
  /** How long a command may wait for a stalled Redis before it fails (10 s; a disconnected one fails at once). */
  commandTimeoutMs?: number;
  leases?: LeaseOptions;
  logger: Logger;
}

/** The URL without its password: the only form in which a Redis URL is logged. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}

export async function connectRedis(url: string, options: ConnectRedisOptions): Promise<RedisConnection> {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const { logger } = options;
  const where = redactRedisUrl(url);
  let firstError: string | undefined;
  const open = (role: string, failFast: boolean): Redis => {
    const client = new Redis(url, {
      lazyConnect: true,
      connectionName: `snapshot-gateway-${role}`,
      // Commands fail at once while Redis is away (a mutation answers OperationsUnavailableError), never queue.
      ...(failFast && { enableOfflineQueue: false, commandTimeout: options.commandTimeoutMs ?? 10_000 }),
    });
    let last = '';
    // ioredis retries on its own; one line per distinct error, and no "unhandled error event" noise.
    client.on('error', (error: Error) => {
      firstError ??= error.message;
      if (error.message !== last) logger.error({ redis: where, role, error: error.message }, 'Redis connection failed');
      last = error.message;
    });
    client.on('ready', () => (last = ''));
    return client;
  };
  const client = open('commands', true);
  // The subscriber queues its SUBSCRIBE across reconnects (ioredis resubscribes), so events resume with Redis.
  const subscriber = open('subscriber', false);
  // QUIT lets replies in flight arrive; a client that is not connected would only queue it, so it is cut instead.
  const end = async (redis: Redis) => {
    if (redis.status === 'ready') await redis.quit().catch(() => undefined);
    redis.disconnect();
  };
  const close = async () => {
    await Promise.all([end(client), end(subscriber)]);
  };
  try {
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis at ${where} did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([client.connect(), subscriber.connect(), whenReady(client), whenReady(subscriber)]), timeout]);
    } catch (error) {
      // ioredis' own rejection often says only "Connection is closed": name the Redis and the first cause seen.
      const cause = firstError ?? (error instanceof Error ? error.message : String(error));
      throw new Error(`cannot connect to Redis at ${where}: ${cause}`);
    } finally {
      clearTimeout(timer);
    }
    const channels = { publishClient: client, subscribeClient: subscriber, prefix, logger };
    const pubsub = await createRedisOperationPubSub(channels);
    const inventory = await createRedisFeed(channels, 'inventory:changed', inventoryChangeSchema);
    const store = new RedisOperationStore(client, { prefix, retentionMs: options.retentionMs, logger });
    const leases = new RedisLeases(client, store, options.leases);
    const baselines = new RedisBaselines(client, prefix);
    const reads = new RedisReadTier(client, prefix, logger);
    return { store, pubsub, leases, ledger: new RedisLedger(client, prefix), inventory, baselines, reads, client, close };
  } catch (error) {
    client.disconnect();
    subscriber.disconnect();
    throw error;
  }
}
