// The configuration: a JSON file (--config FILE or GATEWAY_CONFIG) and the environment, parsed with zod.
// A mistake is one clear line naming the field, and the process exits non-zero.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { authSchema, rateLimitSchema } from './auth/config.js';
import type { AuthSecrets } from './auth/authenticator.js';
import { corsSchema, DEFAULT_CORS } from './browsers/config.js';
import { allowedHostsSchema } from './browsers/hosts.js';
import { describeIssue, firstIssueOf } from './configIssues.js';
import { DEFAULT_CACHE } from './cache/backendReads.js';
import { DEFAULT_CIRCUIT } from './connectors/circuit.js';
import { BACKEND_KINDS, backendOf } from './connectors/registry.js';
import { DEFAULT_LAB_OP_MS, labFaultsSchema, labKnobsSchema, type LabKnobs } from './lab/labEnv.js';
import { LOG_LEVELS } from './logging.js';
import { DEFAULT_LIMITS } from './limits.js';
import { DEFAULT_SUBSCRIPTION_LIMITS } from './subscriptionSlots.js';
import { DEFAULT_SERVER_FILE, resolveServerSettings, serverEnvSchema, serverSchema, type ServerSettings } from './serverConfig.js';

/** What a credential's value is: a common mistake is to put the secret itself there. */
const TAKES_A_NAME = 'takes the name of an environment variable holding the secret, not the secret';
const credentialVariable = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `${TAKES_A_NAME}; this value is no such name (letters, digits and _, not starting with a digit)`);
const timeoutMs = z.number().int().min(100).max(300_000);
const freshnessMs = z.number().int().min(0).max(3_600_000);

const backendSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must be 1-63 letters, digits, dot, dash or underscore'),
    kind: z.enum(BACKEND_KINDS),
    /** Where the backend is: an http(s) URL, or what its kind takes instead (LIBVIRTD: a libvirt URI). */
    baseUrl: z.string({ error: 'must be a string' }),
    /** Credential name -> the environment variable that holds it (secrets never sit in the file). */
    credentials: z.record(z.string(), credentialVariable).default({}),
    /** Backend-specific settings, checked by its connector. */
    settings: z.record(z.string(), z.unknown()).default({}),
    /** This backend's timeout per call; http.timeoutMs when absent. */
    timeoutMs: timeoutMs.optional(),
    /** How long its answers stay fresh in the shared read cache; cache.freshnessMs when absent; 0: not cached. */
    freshnessMs: freshnessMs.optional(),
  })
  .strict()
  .superRefine((backend, ctx) => {
    // The kind's module says what its address is.
    const address = backendOf(backend.kind).address.schema.safeParse(backend.baseUrl);
    if (!address.success) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: address.error.issues[0]?.message ?? 'invalid' });
  });

const circuitSchema = z
  .object({
    consecutiveFailures: z.number().int().min(1).max(1000).default(DEFAULT_CIRCUIT.consecutiveFailures),
    halfOpenAfterMs: z.number().int().min(10).max(3_600_000).default(DEFAULT_CIRCUIT.halfOpenAfterMs),
  })
  .strict();

const fileSchema = z
  .object({
    backends: z.array(backendSchema).default([]),
    http: z
      .object({
        timeoutMs: timeoutMs.default(10_000),
        readRetries: z.number().int().min(0).max(10).default(2),
        concurrency: z.number().int().min(1).max(1024).default(16),
        circuitBreaker: circuitSchema.default(DEFAULT_CIRCUIT),
        /** Which other origins' pages may call from a browser (docs/browsers.md). */
        cors: corsSchema.default(DEFAULT_CORS),
        /** Refuse POSTs a page on another origin could send without a preflight (docs/browsers.md). */
        csrfPrevention: z.boolean().default(true),
        /** Host names (as in `Host`) an open gateway answers to besides loopback ones; once listed, held to them (docs/browsers.md). */
        allowedHosts: allowedHostsSchema.default([]),
      })
      .strict()
      .default({ timeoutMs: 10_000, readRetries: 2, concurrency: 16, circuitBreaker: DEFAULT_CIRCUIT, cors: DEFAULT_CORS, csrfPrevention: true, allowedHosts: [] }),
    limits: z
      .object({
        maxPageSize: z.number().int().min(1).max(100_000).default(DEFAULT_LIMITS.maxPageSize),
        maxBatchSize: z.number().int().min(1).max(100_000).default(DEFAULT_LIMITS.maxBatchSize),
        maxDepth: z.number().int().min(2).max(1000).default(DEFAULT_LIMITS.maxDepth),
        maxAliases: z.number().int().min(0).max(100_000).default(DEFAULT_LIMITS.maxAliases),
        maxCost: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_LIMITS.maxCost),
        maxBodyBytes: z.number().int().min(1024).max(1024 * 1024 * 1024).default(DEFAULT_LIMITS.maxBodyBytes),
        introspection: z.boolean().default(DEFAULT_LIMITS.introspection),
      })
      .strict()
      .default({ ...DEFAULT_LIMITS }),
    /** Who may call (JWTs, static tokens); without it, only a loopback gateway runs, open to anyone who reaches it. */
    auth: authSchema.optional(),
    rateLimit: rateLimitSchema.default({ mutationsPerMinute: 120, burst: 60 }),
    /**
     * Active subscriptions per graphql-ws socket and per caller, open graphql-ws sockets per caller, and the least
     * time between two writes to a socket (docs/subscriptions.md).
     */
    subscriptions: z
      .object({
        perSocket: z.number().int().min(1).max(100_000).default(DEFAULT_SUBSCRIPTION_LIMITS.perSocket),
        perCaller: z.number().int().min(1).max(1_000_000).default(DEFAULT_SUBSCRIPTION_LIMITS.perCaller),
        socketsPerCaller: z.number().int().min(1).max(100_000).default(DEFAULT_SUBSCRIPTION_LIMITS.socketsPerCaller),
        writeIntervalMs: z.number().int().min(0).max(10_000).default(DEFAULT_SUBSCRIPTION_LIMITS.writeIntervalMs),
      })
      .strict()
      .default({ ...DEFAULT_SUBSCRIPTION_LIMITS }),
    /** The listeners: admin port, timeouts, connection cap, drain and readiness (serverConfig.ts). */
    server: serverSchema.default(DEFAULT_SERVER_FILE),
    /** The read cache every request shares (docs/freshness.md): how long answers stay fresh, and its size in bytes. */
    cache: z
      .object({
        freshnessMs: freshnessMs.default(DEFAULT_CACHE.defaultFreshMs),
        maxBytes: z.number().int().min(0).max(64 * 1024 * 1024 * 1024).default(DEFAULT_CACHE.maxBytes),
      })
      .strict()
      .default({ freshnessMs: DEFAULT_CACHE.defaultFreshMs, maxBytes: DEFAULT_CACHE.maxBytes }),
    /** The progress UI on /ui/ (docs/ui.md). */
    ui: z.object({ enabled: z.boolean().default(true) }).strict().default({ enabled: true }),
    /** Trusted documents and APQ (docs/persisted-documents.md). */
    persistedDocuments: z
      .object({
        /** An allowlist: sha256 -> document (the client preset's persisted-documents.json), relative to the working directory. */
        file: z.string().min(1).optional(),
        /** Run only the documents of `file`; anything sent in full is refused. */
        only: z.boolean().default(false),
        /** Learn documents sent with their hash (Apollo's automatic persisted queries). */
        apq: z.boolean().default(true),
      })
      .strict()
      .refine((p) => !p.only || p.file !== undefined, { message: 'only: true needs a file of trusted documents', path: ['only'] })
      .default({ only: false, apq: true }),
  })
  .strict();

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  PORT: intFrom(0, 65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_CONFIG: z.string().min(1).optional(),
  LAB_SCALE: intFrom(1, 1000).default(1),
  LAB_LATENCY_MS: intFrom(0, 60_000).default(0),
  LAB_OP_MS: intFrom(0, 600_000).default(DEFAULT_LAB_OP_MS),
  /** Faults of the lab's simulators, e.g. `cloudsigma=down,manageiq=error:0.2,denvr=slow:2000,danube=garbage`. */
  LAB_FAULTS: labFaultsSchema,
  /**
   * Without Redis, where the gateway keeps what it knows exists on backends whose lists do not say (libgo's
   * snapshots); relative paths are from the working directory. With Redis, Redis keeps it; the lab keeps it in memory.
   */
  GATEWAY_STATE_FILE: z.string().min(1).default('.gateway-state/ledger.json'),
  /** Without Redis (and outside the lab), where the gateway's snapshot policies and their runs are kept. */
  GATEWAY_POLICIES_FILE: z.string().min(1).default('.gateway-state/policies.json'),
  /** No default: without it operations stay in this process's memory. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  OPERATIONS_RETENTION_HOURS: z.coerce.number().positive().max(24 * 366).default(24),
  /** Prefix of the Redis keys and channel, so several gateway fleets (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().min(1).default('snapshot-gateway:'),
  /** Same as auth.insecure in the file: run without authentication on a non-loopback address. */
  GATEWAY_INSECURE: z.enum(['true', 'false']).default('false'),
  /** The least severe log lines written (JSON on stdout); `silent` writes none. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  ...serverEnvSchema,
});

type FileConfig = z.output<typeof fileSchema>;
type BackendConfig = z.output<typeof backendSchema>;
type EnvConfig = z.output<typeof envSchema>;

export interface Config extends Omit<FileConfig, 'server'> {
  /** The file's `server` section with ADMIN_PORT, ADMIN_HOST and DRAIN_DELAY_MS over it. */
  server: ServerSettings;
  env: EnvConfig;
  /** The simulators' own knobs (LAB_LIBGO_LISTS, …), from the environment. */
  labKnobs: LabKnobs;
  /** Credentials of each backend, read from the environment variables the file names. */
  secrets: Map<string, Record<string, string>>;
  /** The JWT key or secret, read from the environment variable auth.jwt names. */
  authSecrets: AuthSecrets;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function firstIssue(where: string, error: z.ZodError, schema: z.core.$ZodType): ConfigError {
  return new ConfigError(describeIssue(where, schema, firstIssueOf(error)));
}

/** The config file named by --config or GATEWAY_CONFIG, if any. */
function configPath(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const flag = argv.indexOf('--config');
  if (flag !== -1) {
    const value = argv[flag + 1];
    if (!value) throw new ConfigError('--config: give the path of a JSON file');
    return value;
  }
  return env.GATEWAY_CONFIG || undefined;
}

export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) throw firstIssue('env', parsedEnv.error, envSchema);
  const labKnobs = labKnobsSchema.safeParse(env);
  if (!labKnobs.success) throw firstIssue('env', labKnobs.error, labKnobsSchema);
  const path = configPath(argv, env);
  let raw: unknown = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`${path}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(path ?? 'config', parsed.error, fileSchema);
  const where = path ?? 'config';
  return {
    ...parsed.data,
    server: resolveServerSettings(parsed.data.server, parsedEnv.data),
    env: parsedEnv.data, labKnobs: labKnobs.data, secrets: readSecrets(parsed.data.backends, env, where), authSecrets: readAuthSecrets(parsed.data.auth, env, where) };
}

function readAuthSecrets(auth: FileConfig['auth'], env: NodeJS.ProcessEnv, where: string): AuthSecrets {
  const jwt = auth?.jwt;
  const field = jwt?.publicKeyEnv ? 'publicKeyEnv' : 'secretEnv';
  const variable = jwt?.publicKeyEnv ?? jwt?.secretEnv;
  if (!variable) return {};
  const value = env[variable];
  if (!value) throw new ConfigError(`${where}.auth.jwt.${field}: environment variable ${variable} is not set`);
  return { jwtKey: value };
}

function readSecrets(backends: BackendConfig[], env: NodeJS.ProcessEnv, where: string): Map<string, Record<string, string>> {
  const secrets = new Map<string, Record<string, string>>();
  backends.forEach((backend, index) => {
    if (secrets.has(backend.name)) throw new ConfigError(`${where}.backends[${index}].name: '${backend.name}' is used twice`);
    const values: Record<string, string> = {};
    for (const [credential, variable] of Object.entries(backend.credentials)) {
      const value = env[variable];
      if (!value) {
        throw new ConfigError(`${where}.backends[${index}].credentials.${credential}: ${TAKES_A_NAME}; environment variable ${variable} is not set`);
      }
      values[credential] = value;
    }
    secrets.set(backend.name, values);
  });
  return secrets;
}
