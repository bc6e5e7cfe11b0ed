// The CLI: reads the config, starts the gateway, and the embedded lab when no backends are configured.
// stdout carries the plain start-up banner (scripts read its address line) and, around it, the JSON log lines.
import { ConfigError, loadConfig, type Config } from './config.js';
import type { ConnectorSpec } from './connectors/registry.js';
import { localLibvirtdHint } from './connectors/libvirtd/localHint.js';
import { describeFaults } from './lab/labEnv.js';
import { simulatorLines, startLab, type Lab } from './lab/lab.js';
import { createLogger, urlForLog, type Logger } from './logging.js';
import { readTrustedDocuments } from './graphql/persistedDocuments.js';
import { redactRedisUrl } from './operations/redis.js';
import { isLoopback, startGateway } from './start.js';
import { startTracing } from './tracing.js';

function fail(message: string): never {
  console.error(`snapshot-gateway: ${message}`);
  process.exit(2);
}

function readConfig(): Config {
  try {
    return loadConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

/** The effective configuration as one log line: backends by name, kind and URL, never a credential. */
function logStart(logger: Logger, config: Config, specs: ConnectorSpec[], url: string, lab: boolean): void {
  const { env } = config;
  logger.info(
    {
      url,
      lab,
      backends: specs.map((spec) => ({ name: spec.name, kind: spec.kind, baseUrl: urlForLog(spec.baseUrl) })),
      http: config.http,
      limits: config.limits,
      subscriptions: config.subscriptions,
      cache: config.cache,
      server: config.server,
      operations: env.REDIS_URL
        ? { store: 'redis', redis: redactRedisUrl(env.REDIS_URL), keyPrefix: env.REDIS_KEY_PREFIX, retentionHours: env.OPERATIONS_RETENTION_HOURS }
        : { store: 'memory', retentionHours: env.OPERATIONS_RETENTION_HOURS },
      logLevel: env.LOG_LEVEL,
    },
    'gateway started',
  );
}

async function main(): Promise<void> {
  const config = readConfig();
  const { env } = config;
  const logger = createLogger(env.LOG_LEVEL);
  // Before anything serves: from the OTEL_* environment, or off (docs/tracing.md).
  const tracing = startTracing();
  let lab: Lab | undefined;
  let specs: ConnectorSpec[];
  // Asked while the lab starts, so it costs the start nothing.
  const libvirtdHint = config.backends.length === 0 ? localLibvirtdHint() : Promise.resolve(null);
  if (config.backends.length === 0) {
    lab = await startLab({
      scale: env.LAB_SCALE,
      latencyMs: env.LAB_LATENCY_MS,
      opMs: env.LAB_OP_MS,
      faults: env.LAB_FAULTS,
      knobs: config.labKnobs,
    });
    specs = lab.specs;
  } else {
    specs = config.backends.map((b) => ({ ...b, credentials: config.secrets.get(b.name) ?? {} }));
  }
  // `http` holds the backend client's settings and, beside them, what browsers may do (docs/browsers.md).
  const { cors, csrfPrevention, allowedHosts, ...backendHttp } = config.http;
  let started;
  try {
    const persisted = config.persistedDocuments;
    const trusted = persisted.file ? await readTrustedDocuments(persisted.file) : new Map<string, string>();
    started = await startGateway({
      specs,
      port: env.PORT,
      host: env.HOST,
      http: backendHttp,
      limits: config.limits,
      app: { cors, csrfPrevention, allowedHosts, persistedDocuments: { trusted, only: persisted.only, apq: persisted.apq }, ui: config.ui.enabled },
      processMetrics: true,
      redisUrl: env.REDIS_URL,
      operationsRetentionMs: env.OPERATIONS_RETENTION_HOURS * 60 * 60 * 1000,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      // The lab's simulators start afresh each time, so what a gateway knew of them would be wrong after a restart.
      ...(lab ? {} : { ledgerFile: env.GATEWAY_STATE_FILE, policies: { file: env.GATEWAY_POLICIES_FILE } }),
      auth: config.auth,
      authSecrets: config.authSecrets,
      insecure: env.GATEWAY_INSECURE === 'true' || (config.auth?.insecure ?? false),
      rateLimit: config.rateLimit,
      subscriptions: config.subscriptions,
      server: config.server,
      cache: config.cache,
      probeBackends: true,
      logger,
    });
  } catch (error) {
    await lab?.close();
    fail(error instanceof Error ? error.message : String(error));
  }
  const { server } = started;
  logStart(logger, config, specs, server.url, lab !== undefined);
  if (lab) {
    console.log(
      `Lab: no backends configured, so the embedded lab runs (LAB_SCALE=${env.LAB_SCALE}, LAB_OP_MS=${env.LAB_OP_MS}, LAB_FAULTS=${describeFaults(env.LAB_FAULTS)}):`,
    );
    for (const line of simulatorLines(lab)) console.log(`  ${line}`);
    const hint = await libvirtdHint;
    if (hint) console.log(`  ${hint}`);
  }
  console.log(`Snapshot gateway on ${server.url}`);
  console.log(`  GraphiQL:  ${server.url}/graphql`);
  if (config.ui.enabled) console.log(`  UI:        ${server.url}/ui/ (progress of every operation)`);
  console.log(`  WebSocket: ${server.url.replace(/^http/, 'ws')}/graphql (graphql-ws); SSE on the same path`);
  console.log(`  Health:    ${server.url}/health (liveness)   Ready: ${server.url}/ready (readiness)`);
  console.log(
    server.adminUrl
      ? `  Admin:     ${server.adminUrl}/metrics (Prometheus), /health, /ready${isLoopback(config.server.adminHost) ? '; loopback only' : ''}`
      : '  Admin:     off (ADMIN_PORT=off): no /metrics',
  );
  console.log(
    started.authRequired
      ? 'Auth: Bearer JWT or API token required on every request and socket'
      : `WARNING: no authentication configured: anyone who reaches ${server.url} can read and change every backend`,
  );
  console.log(
    env.REDIS_URL
      ? `Operations: in Redis at ${redactRedisUrl(env.REDIS_URL)}, shared with every replica on it; finished ones kept ${env.OPERATIONS_RETENTION_HOURS} h`
      : `Operations: in memory (set REDIS_URL to share them between replicas); finished ones kept ${env.OPERATIONS_RETENTION_HOURS} h`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, drainDelayMs: config.server.drainDelayMs },
      'stopping: not ready from now on; serving on through the drain delay, then finishing requests and operations in flight',
    );
    void (async () => {
      await started.shutdown();
      await lab?.close();
      // What is batched goes out before the process does.
      await tracing.shutdown().catch(() => undefined);
      logger.info('stopped');
      process.exit(0);
    })();
  };
  // `on`, not `once`: Ctrl-C under `npm start` delivers SIGINT twice (the terminal's and npm's forward), and a
  // second one with no listener would kill the process mid-drain. PID 1 in a container gets these handlers too.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
