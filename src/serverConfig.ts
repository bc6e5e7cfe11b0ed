// The HTTP listeners' settings (config file `server`, env ADMIN_PORT, ADMIN_HOST, DRAIN_DELAY_MS): the admin port,
// the timeouts and connection cap that bound slow clients, the drain on SIGTERM, and when readiness says ready.
import { z } from 'zod';

/**
 * The admin listener's port unless told: the port Prometheus exporters conventionally take (the OpenTelemetry one
 * uses it), fixed rather than PORT+1 so a scrape config does not depend on the public port, and clear of 4000-4001.
 */
const DEFAULT_ADMIN_PORT = 9464;

/** When readiness waits for backends: `none` (not at all), `any` (one answers its ping), `all` (every one does). */
const READY_WHEN_BACKENDS = ['none', 'any', 'all'] as const;
export type ReadyWhenBackends = (typeof READY_WHEN_BACKENDS)[number];

export const DEFAULT_SERVER_TIMINGS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
  drainDelayMs: 5_000,
  drainTimeoutMs: 10_000,
  wsPingIntervalMs: 12_000,
};

const ms = (max: number) => z.number().int().min(0).max(max);

export const serverSchema = z
  .object({
    /** The admin listener (/metrics, /health, /ready): a port (0: any free one), or `off`. */
    adminPort: z.union([z.number().int().min(0).max(65535), z.literal('off')]).optional(),
    adminHost: z.string().min(1).default('127.0.0.1'),
    /** A client must send its whole request head within this. */
    headersTimeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_SERVER_TIMINGS.headersTimeoutMs),
    /** A client must send its whole request (head and body) within this; answers (SSE streams) are not bounded. */
    requestTimeoutMs: z.number().int().min(100).max(3_600_000).default(DEFAULT_SERVER_TIMINGS.requestTimeoutMs),
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: ms(3_600_000).default(DEFAULT_SERVER_TIMINGS.keepAliveTimeoutMs),
    /** Connections (WebSockets and SSE streams included) held at once; more are dropped on arrival. */
    maxConnections: z.number().int().min(1).max(1_000_000).default(DEFAULT_SERVER_TIMINGS.maxConnections),
    /** After SIGTERM, how long readiness says 503 while everything is still served, before the listener closes. */
    drainDelayMs: ms(600_000).default(DEFAULT_SERVER_TIMINGS.drainDelayMs),
    /** Then how long requests and operations in flight get to finish before what is left is cut. */
    drainTimeoutMs: ms(3_600_000).default(DEFAULT_SERVER_TIMINGS.drainTimeoutMs),
    /** Every graphql-ws socket is pinged this often; one that sent nothing back (not even a pong) by the next ping is dropped. */
    wsPingIntervalMs: z.number().int().min(100).max(600_000).default(DEFAULT_SERVER_TIMINGS.wsPingIntervalMs),
    readyWhenBackends: z.enum(READY_WHEN_BACKENDS).default('none'),
  })
  .strict()
  // Node refuses a head timeout longer than the whole request's.
  .refine((s) => s.headersTimeoutMs <= s.requestTimeoutMs, { path: ['headersTimeoutMs'], message: 'must not exceed requestTimeoutMs' });

type ServerFileConfig = z.output<typeof serverSchema>;

/** The settings as the server takes them: the admin port decided (a number, or off). */
export interface ServerSettings extends Omit<ServerFileConfig, 'adminPort'> {
  adminPort: number | 'off';
}

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The environment variables that override the file's `server` section. */
export const serverEnvSchema = {
  ADMIN_PORT: z.union([z.literal('off'), intFrom(0, 65535)]).optional(),
  ADMIN_HOST: z.string().min(1).optional(),
  DRAIN_DELAY_MS: intFrom(0, 600_000).optional(),
};

/** A public port of 0 (any free one: tests, several gateways on one machine) takes any free admin port too. */
export const defaultAdminPort = (publicPort: number): number => (publicPort === 0 ? 0 : DEFAULT_ADMIN_PORT);

export function resolveServerSettings(
  file: ServerFileConfig,
  env: { PORT: number; ADMIN_PORT?: number | 'off'; ADMIN_HOST?: string; DRAIN_DELAY_MS?: number },
): ServerSettings {
  return {
    ...file,
    adminPort: env.ADMIN_PORT ?? file.adminPort ?? defaultAdminPort(env.PORT),
    adminHost: env.ADMIN_HOST ?? file.adminHost,
    drainDelayMs: env.DRAIN_DELAY_MS ?? file.drainDelayMs,
  };
}

export const DEFAULT_SERVER_FILE: ServerFileConfig = { adminHost: '127.0.0.1', readyWhenBackends: 'none', ...DEFAULT_SERVER_TIMINGS };
