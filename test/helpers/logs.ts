// Log lines as tests read them: a logger whose lines are kept in memory, and the shapes of the lines the gateway writes.
import { z } from 'zod';
import { OPERATION_STATUSES } from '../../src/domain/operation.js';
import { createLogger, type Logger, type LogLevel } from '../../src/logging.js';

/** Every line: pino's level (as a label), time and message, and whatever fields the line has. */
export const logLine = z.looseObject({ level: z.string(), time: z.iso.datetime(), pid: z.number(), msg: z.string() });

export const requestLine = z.object({
  msg: z.literal('request'),
  level: z.string(),
  requestId: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  durationMs: z.number().min(0),
  operationType: z.enum(['query', 'mutation', 'subscription']).optional(),
  operationName: z.string().optional(),
  caller: z.string().optional(),
  client: z.string().optional(),
  aborted: z.literal(true).optional(),
});

export const changeLine = z.object({
  msg: z.literal('operation changed'),
  level: z.string(),
  operationId: z.string(),
  requestId: z.string().optional(),
  kind: z.string(),
  status: z.enum(OPERATION_STATUSES),
  backend: z.string(),
  targetId: z.string(),
  progress: z.number().nullable(),
  message: z.string().optional(),
  revision: z.number().int(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  errorBackendCode: z.string().optional(),
  errorHttpStatus: z.number().int().optional(),
});

export const wsLine = z.object({
  msg: z.enum(['ws connect', 'ws subscribe', 'ws subscribe refused', 'ws complete', 'ws close']),
  connectionId: z.string(),
  subscriptionId: z.string().optional(),
  operationType: z.enum(['query', 'mutation', 'subscription']).optional(),
  operationName: z.string().optional(),
  code: z.number().optional(),
  durationMs: z.number().optional(),
});

/** The lines among `lines` that have this shape. */
export function linesOf<T>(lines: readonly unknown[], schema: z.ZodType<T>): T[] {
  return lines.flatMap((line) => {
    const parsed = schema.safeParse(line);
    return parsed.success ? [parsed.data] : [];
  });
}

export interface CapturedLogs {
  logger: Logger;
  /** Every line written, as written. */
  text: string[];
  /** Every line, parsed. */
  lines(): unknown[];
}

/** A real gateway logger (redaction and all) writing into memory. */
export function captureLogs(level: LogLevel = 'info'): CapturedLogs {
  const text: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void text.push(line) });
  return { logger, text, lines: () => text.map((line): unknown => JSON.parse(line)) };
}

/** Waits until `probe` answers something (at once or as a promise), polling. */
export async function until<T>(what: string, probe: () => T | null | undefined | Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null && found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
