// Puts a gateway together from connector specs: HTTP client, connectors, engine, app and server.
// main.ts, the tests and the bench all start gateways through this one function.
import { createApp, type App, type AppOptions } from './app.js';
import { Authenticator, type AuthSecrets } from './auth/authenticator.js';
import type { AuthConfig, RateLimitConfig } from './auth/config.js';
import { RateLimiter } from './auth/rateLimit.js';
import { RedisRateLimiter } from './auth/redisRateLimit.js';
import { HttpClient, type HttpClientOptions } from './connectors/http.js';
import { FileLedger } from './connectors/ledger/fileLedger.js';
import { MemoryLedger, type Ledger } from './connectors/ledger/ledger.js';
import { createConnector, type ConnectorSpec } from './connectors/registry.js';
import { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
import { silentLogger, type Logger } from './logging.js';
import { Metrics } from './metrics.js';
import type { LeaseOptions } from './operations/leases.js';
import { connectRedis, type RedisConnection } from './operations/redis.js';
import { FilePolicyStore, RedisPolicyStore } from './policies/store.js';
import { probeBackends, type BackendProbe } from './backendProbe.js';
import { Readiness } from './readiness.js';
import { startServer, type RunningServer } from './server.js';
import type { SubscriptionLimits, SubscriptionSlots } from './subscriptionSlots.js';
import { defaultAdminPort, type ServerSettings } from './serverConfig.js';

export interface StartOptions {
  specs: ConnectorSpec[];
  port: number;
  host: string;
  http?: Omit<HttpClientOptions, 'metrics'>;
  limits?: GatewayOptions['limits'];
  engine?: GatewayOptions['engine'];
  /**
   * The shared read cache (config `cache`): how long answers stay fresh (2 s; a spec's freshnessMs for its backend;
   * 0 turns it off) and its size in bytes (64 MiB).
   */
  cache?: { freshnessMs?: number; maxBytes?: number };
  app?: AppOptions;
  processMetrics?: boolean;
  /** Operations in this Redis, shared with every replica given the same URL and prefix; in memory when absent. */
  redisUrl?: string;
  /** How long finished operations (and their idempotency keys) are kept; 24 hours by default. */
  operationsRetentionMs?: number;
  /** Prefix of the Redis keys and channel; `snapshot-gateway:` by default. */
  redisKeyPrefix?: string;
  /** Who may call; without it (or with neither JWTs nor tokens in it) the gateway is open, which only loopback allows. */
  auth?: AuthConfig;
  authSecrets?: AuthSecrets;
  /** Run open on a non-loopback address anyway (auth.insecure, GATEWAY_INSECURE). */
  insecure?: boolean;
  /** Mutations per authenticated caller; 120 a minute, bursts of 60, by default. */
  rateLimit?: RateLimitConfig;
  /** Lease TTL, renewal and sweep periods (Redis mode); 5 s, 1.5 s and 1 s by default. */
  leases?: LeaseOptions;
  /**
   * Without Redis, the file that keeps what the gateway knows exists on backends whose lists do not say (libgo's
   * snapshots), so a restart still knows it; in memory when absent too (the lab). With Redis, Redis keeps it.
   */
  ledgerFile?: string;
  /**
   * Snapshot policies (docs/policies.md): without Redis, the file that keeps them and their runs (in memory when
   * absent); how often due slots are looked for (10 s; null: never by itself, a test drives runner.tick).
   */
  policies?: { file?: string; tickMs?: number | null };
  /** Where the gateway's log lines go; none are written without one (tests, the bench). */
  logger?: Logger;
  /** Active subscriptions per socket and per caller, sockets per caller, writes per socket; DEFAULT_SUBSCRIPTION_LIMITS for any not given. */
  subscriptions?: Partial<SubscriptionLimits>;
  /**
   * The listeners (config `server`): admin port (9464, or any free one when `port` is 0; `off`), timeouts,
   * connection cap, drain delay and timeout, and whether readiness waits for backends; serverConfig.ts's defaults.
   */
  server?: Partial<ServerSettings>;
  /**
   * Ping every backend once at start, a warn line for each that does not answer (main.ts does; off by default so
   * an embedded gateway or a test sends no traffic it did not ask for). Always on when readiness waits for backends.
   */
  probeBackends?: boolean;
  /** How often backends that did not answer are tried again while readiness waits for them (2 s). */
  probeRetryMs?: number;
}

export interface StartedGateway {
  server: RunningServer;
  /** Whether callers must authenticate (false: the open loopback lab). */
  authRequired: boolean;
  gateway: Gateway;
  /** The Redis connection, when operations live there. */
  redis: RedisConnection | null;
  /** What each caller holds of its subscription limits. */
  subscriptions: SubscriptionSlots;
  /** Stops at once (requests and operations in flight finish), then lets go of Redis and the HTTP client. */
  close(): Promise<void>;
  /** What SIGTERM does: readiness 503, the drain delay, then close(). */
  shutdown(): Promise<void>;
}

/** Whether `host` is reachable only from this machine. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

export class InsecureStartError extends Error {
  override readonly name = 'InsecureStartError';
}

export async function startGateway(options: StartOptions): Promise<StartedGateway> {
  const authenticator = await Authenticator.create(options.auth, options.authSecrets);
  if (!authenticator.required && !isLoopback(options.host) && !(options.insecure ?? options.auth?.insecure ?? false)) {
    throw new InsecureStartError(
      `refusing to listen on ${options.host} without authentication: configure auth.jwt or auth.tokens, ` +
        'or set auth.insecure (GATEWAY_INSECURE=true) to run open',
    );
  }
  const rate = options.rateLimit ?? { mutationsPerMinute: 120, burst: 60 };
  const retentionMs = options.operationsRetentionMs;
  const logger = options.logger ?? silentLogger;
  // Connected (and subscribed) before anything serves, so no request meets a half-ready Redis.
  const redis = options.redisUrl
    ? await connectRedis(options.redisUrl, { prefix: options.redisKeyPrefix, retentionMs, leases: options.leases, logger })
    : null;
  // With Redis every replica takes from the same buckets; alone, this process keeps them.
  const rateLimiter = redis ? new RedisRateLimiter(redis.client, redis.store.prefix, rate, logger) : new RateLimiter(rate);
  const metrics = new Metrics({ processMetrics: options.processMetrics ?? false });
  const http = new HttpClient({ metrics, ...options.http });
  let server: RunningServer;
  let gateway: Gateway;
  let app: App;
  const settings = options.server ?? {};
  const readyWhen = settings.readyWhenBackends ?? 'none';
  const readiness = new Readiness(readyWhen !== 'none');
  const adminPort = settings.adminPort ?? defaultAdminPort(options.port);
  try {
    const ledger: Ledger = redis?.ledger ?? (options.ledgerFile ? await FileLedger.open(options.ledgerFile) : new MemoryLedger());
    const policyFile = options.policies?.file;
    const policies = redis ? new RedisPolicyStore(redis.client, redis.store.prefix) : policyFile ? await FilePolicyStore.open(policyFile) : undefined;
    const connectors = options.specs.map((spec) => createConnector(spec, http, ledger));
    gateway = createGateway({
      connectors,
      circuits: http,
      metrics,
      logger,
      limits: options.limits,
      engine: options.engine,
      operations: redis ? { store: redis.store, pubsub: redis.pubsub, leases: redis.leases } : undefined,
      inventory: redis ? { feed: redis.inventory, baselines: redis.baselines } : undefined,
      readTier: redis?.reads,
      policies,
      retentionMs,
      cache: {
        ...(options.cache?.freshnessMs !== undefined && { defaultFreshMs: options.cache.freshnessMs }),
        ...(options.cache?.maxBytes !== undefined && { maxBytes: options.cache.maxBytes }),
        freshMs: new Map(options.specs.flatMap((spec) => (spec.freshnessMs === undefined ? [] : [[spec.name, spec.freshnessMs] as const]))),
      },
    });
    app = createApp(gateway, { ...options.app, authenticator, rateLimiter, subscriptions: options.subscriptions ?? options.app?.subscriptions });
    server = await startServer(app, gateway, {
      port: options.port,
      host: options.host,
      limits: settings,
      drainDelayMs: settings.drainDelayMs,
      drainTimeoutMs: settings.drainTimeoutMs,
      wsPingIntervalMs: settings.wsPingIntervalMs,
      admin: adminPort === 'off' ? null : { port: adminPort, host: settings.adminHost ?? '127.0.0.1' },
      readiness,
    });
  } catch (error) {
    http.close();
    await redis?.close();
    throw error;
  }
  // Takes over operations whose replica died; the server's close (engine drain) stops it.
  gateway.engine.startSweeper();
  const tickMs = options.policies?.tickMs === undefined ? 10_000 : options.policies.tickMs;
  if (tickMs !== null) gateway.policies.runner.start(tickMs);
  // In the background: the gateway serves meanwhile, and a backend that does not answer is a warn line, not a stop.
  const probe: BackendProbe | null =
    options.probeBackends || readyWhen !== 'none'
      ? probeBackends(gateway.backends.all(), logger, readyWhen, () => readiness.backendsReady(), options.probeRetryMs)
      : null;
  let closed: Promise<void> | undefined;
  // Once, however often it is called (a shutdown, then a test's close).
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      probe?.stop();
      gateway.policies.runner.halt();
      await server.close();
      http.close();
      await redis?.close();
    })());
  return {
    server,
    authRequired: authenticator.required,
    gateway,
    redis,
    subscriptions: app.subscriptions,
    close,
    async shutdown() {
      probe?.stop();
      await server.shutdown();
      await close();
    },
  };
}
