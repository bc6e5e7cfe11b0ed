// What every mutation does around the planner: validate the input, decode its ids, and start the operation planned
// (or answer the typed error of its refusal).
import { z } from 'zod';
import { callerScopedKey } from '../../auth/callerKeys.js';
import type { Gate } from '../../operations/deletions.js';
import { OperationsUnavailable } from '../../operations/engine.js';
import { specOf } from '../../operations/planned.js';
import type { Named } from '../../operations/planning/find.js';
import type { OperationPlan } from '../../operations/planning/plan.js';
import { isRefused, type Refused } from '../../operations/planning/refused.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { OperationsUnavailableError, ValidationError } from '../errors.js';
import { decodeId, type NodeType } from '../ids.js';
import { typedErrorOf } from './refused.js';
import { OperationPayload, type OperationResult } from './results.js';

export const MetadataEntryInput = builder.inputType('MetadataEntryInput', {
  description: 'One key/value pair to set on a snapshot (at most 64, keys unique).',
  fields: (t) => ({
    key: t.string({ required: true, description: 'The key: 1 to 128 characters.' }),
    value: t.string({ required: true, description: 'Its value: at most 1024 characters.' }),
  }),
});

/** The idempotencyKey field every operation mutation takes. */
export const IDEMPOTENCY_KEY = {
  description: 'Replaying the mutation with the same key (1 to 200 characters, per caller) answers the same Operation instead of acting twice.',
} as const;

/** The `input` argument of every mutation. */
export const INPUT_ARG = { required: true, description: 'What to do, and to what.' } as const;

const printable = (what: string) =>
  z.string().refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${what} must not contain control characters`);

export const nameSchema = printable('name')
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'name must not be empty').max(128, 'name must be at most 128 characters'));
export const descriptionSchema = z.string().max(1024, 'description must be at most 1024 characters');
export const metadataSchema = z
  .array(z.object({ key: z.string().min(1, 'key must not be empty').max(128), value: z.string().max(1024) }))
  .max(64, 'at most 64 metadata entries')
  .refine((entries) => new Set(entries.map((e) => e.key)).size === entries.length, 'metadata keys must be unique');
export const idempotencyKeySchema = z.string().min(1).max(200);
export const idSchema = z.string().min(1, 'id must not be empty').max(2048);

/** Parses input with zod; the first problem becomes a ValidationError naming the field as a dotted path. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | ValidationError {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = ['input', ...(issue?.path ?? []).map(String)].join('.');
  return new ValidationError(`${field}: ${issue?.message ?? 'invalid'}`, field);
}

const isOneOf = <T extends string>(value: string, types: readonly T[]): value is T => {
  const names: readonly string[] = types;
  return names.includes(value);
};

/** Decodes an id given in `field`, which must name one of `types`, for the planner. */
export function decodeFor<T extends NodeType>(id: string, field: string, types: readonly T[]): Named<T> | ValidationError {
  const decoded = decodeId(id);
  if (!decoded) return new ValidationError(`${field}: '${id}' is not an id of this gateway`, field);
  const { type, backend, key } = decoded;
  if (!isOneOf(type, types)) return new ValidationError(`${field}: expected the id of a ${types.join(' or ')}, got a ${type}`, field);
  return { type, backend, key, id, field };
}

/** Starts the operation a plan makes (or answers its refusal); a replayed idempotency key answers the operation it started. */
export async function startPlanned(
  ctx: Context,
  planned: OperationPlan | Refused,
  idempotencyKey: string | null | undefined,
  /** What it waits for before it is sent (a bulk delete's chain). */
  after?: Gate,
): Promise<OperationResult> {
  if (isRefused(planned)) return typedErrorOf(ctx, planned);
  let outcome;
  try {
    outcome = await ctx.gateway.engine.start(
      specOf(planned, {
        // Keys are the caller's own: another caller's replay of the same key starts its own operation, and sees nothing.
        idempotencyKey: idempotencyKey ? callerScopedKey(ctx.principal.id, idempotencyKey) : null,
        requestId: ctx.requestId,
        after,
      }),
    );
  } catch (error) {
    if (error instanceof OperationsUnavailable) return new OperationsUnavailableError(error.message);
    throw error;
  }
  if ('conflict' in outcome) {
    return new ValidationError(
      'input.idempotencyKey: this key was already used for a different request',
      'input.idempotencyKey',
    );
  }
  return new OperationPayload(outcome.operation);
}

/** The steps of a mutation on one existing snapshot: validate, decode its id, plan, start. */
export async function actOnSnapshot<I extends { snapshotId: string; idempotencyKey?: string | null }>(
  ctx: Context,
  rawInput: unknown,
  schema: z.ZodType<I>,
  plan: (snapshot: Named<'Snapshot'>, input: I) => Promise<OperationPlan | Refused>,
): Promise<OperationResult> {
  const input = validate(schema, rawInput);
  if (input instanceof ValidationError) return input;
  const snapshot = decodeFor(input.snapshotId, 'input.snapshotId', ['Snapshot']);
  if (snapshot instanceof ValidationError) return snapshot;
  return startPlanned(ctx, await plan(snapshot, input), input.idempotencyKey);
}

export const snapshotActionSchema = z.object({ snapshotId: idSchema, idempotencyKey: idempotencyKeySchema.nullish() });
