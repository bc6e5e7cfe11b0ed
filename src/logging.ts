// The gateway's logger: pino JSON lines (stdout by default), with whatever could hold a secret redacted by key.
import type { YogaLogger } from 'graphql-yoga';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys that may hold a secret, redacted where a line could carry them. This is the net, not the rule: request bodies,
 * GraphQL variables, connectionParams and credentials are never handed to the logger at all. No leading wildcards
 * (`*.password`): pino would run every field of every line through them, several times the cost of a line.
 */
const SECRET_KEYS = [
  'password',
  'passwd',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'credentials',
  'secrets',
  'authorization',
  'cookie',
  'connectionParams',
  'variables',
  'body',
  'redisUrl',
];
/** Headers that carry credentials (Node lowercases header names). */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-auth-token', 'es-api-key', 'x-api-key'];
/** Where headers could sit in a line: logged as such, or inside a request or response object. */
const HEADER_HOLDERS = ['headers', 'req.headers', 'request.headers', 'res.headers', 'response.headers'];

const REDACTED_PATHS: readonly string[] = [
  ...SECRET_KEYS,
  ...HEADER_HOLDERS.flatMap((holder) => SECRET_HEADERS.map((header) => `${holder}["${header}"]`)),
  ...['connection', 'params', 'extra', 'err', 'error', 'config', 'options'].flatMap((holder) => SECRET_KEYS.map((key) => `${holder}.${key}`)),
  'backends[*].credentials',
  // ioredis errors carry the failed command with its arguments (AUTH's are the password).
  'err.command',
];

export const REDACTED = '[redacted]';

/**
 * A logger at `level`. The default destination writes each line synchronously, so JSON lines and the plain start-up
 * banner on the same stdout never interleave, and nothing is lost on process.exit.
 */
export function createLogger(level: LogLevel, destination: DestinationStream = pino.destination({ dest: 1, sync: true })): Logger {
  return pino(
    {
      level,
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Writes nothing: what gateways started without a logger (tests, the bench) get. */
export const silentLogger: Logger = pino({ level: 'silent' }, { write: () => undefined });

/** yoga's own messages (masked unexpected errors, debug traces) as lines of this logger. */
export function yogaLogging(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      if (!logger.isLevelEnabled(level)) return;
      const [first] = args;
      if (first instanceof Error) logger[level]({ source: 'yoga', err: first }, first.message);
      else logger[level]({ source: 'yoga' }, args.map(String).join(' '));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A URL as it may be logged: no user, password, query or fragment. */
export function urlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an unparsable URL)';
  }
}
