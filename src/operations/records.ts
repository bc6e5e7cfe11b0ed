// The zod shapes of what the gateway reads back from Redis (records, idempotency claims): Redis is a boundary.
import { z } from 'zod';
import { OPERATION_KINDS, OPERATION_STATUSES, type OperationIntent, type OperationRecord } from '../domain/operation.js';

const isoTime = z.iso.datetime({ offset: true });

const metadataEntry = z.object({ key: z.string(), value: z.string() });

const operationIntentSchema: z.ZodType<OperationIntent> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('CREATE_SNAPSHOT'),
    target: z.object({ entity: z.enum(['VM', 'Drive']), key: z.string().min(1) }),
    name: z.string().min(1),
  }),
  z.object({ kind: z.literal('DELETE_SNAPSHOT'), snapshotKey: z.string().min(1) }),
  z.object({ kind: z.literal('REVERT_SNAPSHOT'), snapshotKey: z.string().min(1), wasCurrent: z.boolean() }),
  z.object({
    kind: z.literal('UPDATE_SNAPSHOT'),
    snapshotKey: z.string().min(1),
    request: z.object({ name: z.string().optional(), description: z.string().optional(), metadata: z.array(metadataEntry).optional() }),
  }),
  z.object({ kind: z.literal('CLONE_SNAPSHOT'), snapshotKey: z.string().min(1), name: z.string().nullable() }),
]);

export const operationRecordSchema: z.ZodType<OperationRecord> = z.object({
  entity: z.literal('Operation'),
  id: z.string().min(1),
  kind: z.enum(OPERATION_KINDS),
  status: z.enum(OPERATION_STATUSES),
  progress: z.number().nullable(),
  message: z.string().nullable(),
  backend: z.string(),
  targetId: z.string(),
  snapshotKey: z.string().nullable(),
  driveKey: z.string().nullable(),
  error: z
    .object({ code: z.string(), message: z.string(), backendCode: z.string().nullish(), httpStatus: z.number().int().nullish() })
    .nullable(),
  task: z.json().nullable(),
  // Records stored before intents were kept have none: they load with null.
  intent: operationIntentSchema.nullable().default(null),
  createdAt: isoTime,
  updatedAt: isoTime,
  finishedAt: isoTime.nullable(),
  revision: z.number().int().min(1),
});

/** What an idempotency key points at: the operation it started and the request's fingerprint. */
export const idempotencyClaimSchema = z.object({ id: z.string().min(1), fingerprint: z.string() });

/** Parses JSON text from Redis against a schema; null when it is not JSON or not of that shape. */
export function parseJson<T>(schema: z.ZodType<T>, text: string): T | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
