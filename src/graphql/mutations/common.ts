// What every mutation does before the engine acts: validate the input, find what the ids name, check the
// backend's capabilities. Each step answers a typed error instead of going on.
import { z } from 'zod';
import { callerScopedKey } from '../../auth/callerKeys.js';
import { capabilitiesOf } from '../../connectors/capabilities.js';
import type { ActionCapability, Connector } from '../../connectors/connector.js';
import { BackendFailure } from '../../connectors/errors.js';
import type { Capabilities, Capability, DriveRecord, SnapshotRecord, VMRecord } from '../../domain/model.js';
import { OperationsUnavailable, type StartSpec } from '../../operations/engine.js';
import { builder } from '../builder.js';
import { answeredFailure, type Context } from '../context.js';
import {
  BackendError,
  NotFoundError,
  OperationsUnavailableError,
  UnsupportedOperationError,
  ValidationError,
  type TypedError,
} from '../errors.js';
import { decodeId, type NodeType } from '../ids.js';
import { vmAt } from '../lookup.js';
import { backendShape } from '../refs.js';
import { OperationPayload } from './results.js';

export const MetadataEntryInput = builder.inputType('MetadataEntryInput', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

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

export const isTypedError = (value: unknown): value is TypedError =>
  value instanceof ValidationError ||
  value instanceof NotFoundError ||
  value instanceof UnsupportedOperationError ||
  value instanceof BackendError ||
  value instanceof OperationsUnavailableError;

/** A backend about to act, and what it can do for the thing acted on. */
export interface Acting {
  connector: Connector;
  capabilities: Capabilities;
}

interface Found<R> extends Acting {
  record: R;
}

type Loadable = VMRecord | DriveRecord | SnapshotRecord;

/** Decodes `id` (which must name one of `types`), then loads it through the request's loaders. */
export async function find<R extends Loadable>(
  ctx: Context,
  id: string,
  field: string,
  types: readonly NodeType[],
  load: (ref: { backend: string; key: string; type: NodeType }) => Promise<R | null>,
): Promise<Found<R> | TypedError> {
  const decoded = decodeId(id);
  if (!decoded) return new ValidationError(`${field}: '${id}' is not an id of this gateway`, field);
  if (!types.includes(decoded.type)) {
    return new ValidationError(`${field}: expected the id of a ${types.join(' or ')}, got a ${decoded.type}`, field);
  }
  const connector = ctx.backends.get(decoded.backend);
  if (!connector) return new NotFoundError(`${field}: no ${decoded.type} has this id`, id);
  try {
    const record = await load(decoded);
    if (!record) return new NotFoundError(`${field}: no ${decoded.type} has this id`, id);
    return { connector, record, capabilities: await capabilitiesAt(ctx, connector, record) };
  } catch (error) {
    if (error instanceof BackendFailure) return answeredFailure(ctx, connector, error);
    throw error;
  }
}

/** The capabilities that apply to a record: those of its VM where the backend says they differ by VM. */
async function capabilitiesAt(ctx: Context, connector: Connector, record: Loadable): Promise<Capabilities> {
  if (!connector.lacksFor) return capabilitiesOf(connector);
  const vm = record.entity === 'VM' ? record : await vmAt(ctx, record);
  return capabilitiesOf(connector, vm);
}

export const findSnapshot = (ctx: Context, id: string, field: string) =>
  find<SnapshotRecord>(ctx, id, field, ['Snapshot'], (ref) => ctx.loaders.snapshot.load(ref));

export const findTarget = (ctx: Context, id: string, field: string) =>
  find<VMRecord | DriveRecord>(ctx, id, field, ['VM', 'Drive'], (ref) =>
    ref.type === 'VM' ? ctx.loaders.vm.load(ref) : ctx.loaders.drive.load(ref),
  );

export const lacks = (connector: Connector, capability: Capability): UnsupportedOperationError =>
  new UnsupportedOperationError(backendShape(connector), capability);

/** The backend's slice for an action, or UnsupportedOperationError where it has none (or not for this VM). */
export function capable<C extends ActionCapability>(acting: Acting, capability: C): NonNullable<Connector[C]> | UnsupportedOperationError {
  const slice = acting.connector[capability];
  return acting.capabilities[capability] && slice !== undefined ? slice : lacks(acting.connector, capability);
}

/** UnsupportedOperationError when the backend lacks the capability here. */
export function unsupported(acting: Acting, capability: Capability): UnsupportedOperationError | null {
  return acting.capabilities[capability] ? null : lacks(acting.connector, capability);
}

/** Starts the operation; a replayed idempotency key answers the operation it started. */
export async function startOperation(
  ctx: Context,
  spec: Omit<StartSpec, 'fingerprint' | 'idempotencyKey' | 'requestId'> & { idempotencyKey?: string | null; request: unknown },
): Promise<OperationPayload | ValidationError | OperationsUnavailableError> {
  const { request, ...rest } = spec;
  let outcome;
  try {
    outcome = await ctx.gateway.engine.start({
      ...rest,
      // Keys are the caller's own: another caller's replay of the same key starts its own operation, and sees nothing.
      idempotencyKey: spec.idempotencyKey ? callerScopedKey(ctx.principal.id, spec.idempotencyKey) : null,
      fingerprint: JSON.stringify([spec.intent.kind, spec.targetId, request]),
      requestId: ctx.requestId,
    });
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

type Planned =
  | UnsupportedOperationError
  | ValidationError
  | { intent: StartSpec['intent']; request: unknown; action: StartSpec['action'] };

/** The steps of a mutation on one existing snapshot: validate, find, check the capability, start. */
export async function actOnSnapshot<I extends { snapshotId: string; idempotencyKey?: string | null }>(
  ctx: Context,
  rawInput: unknown,
  schema: z.ZodType<I>,
  plan: (
    input: I,
    acting: Acting,
    snapshot: SnapshotRecord,
  ) => Planned | Promise<Planned>,
): Promise<OperationPayload | TypedError> {
  const input = validate(schema, rawInput);
  if (input instanceof ValidationError) return input;
  const found = await findSnapshot(ctx, input.snapshotId, 'input.snapshotId');
  if (isTypedError(found)) return found;
  const planned = await plan(input, found, found.record);
  if (isTypedError(planned)) return planned;
  return startOperation(ctx, {
    intent: planned.intent,
    backend: found.connector.name,
    targetId: input.snapshotId,
    snapshotKey: found.record.key,
    idempotencyKey: input.idempotencyKey ?? null,
    request: planned.request,
    action: planned.action,
  });
}

export const snapshotActionSchema = z.object({ snapshotId: idSchema, idempotencyKey: idempotencyKeySchema.nullish() });
