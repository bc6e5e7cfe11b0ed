// createSnapshotPolicy, updateSnapshotPolicy, deleteSnapshotPolicy: the gateway's own snapshot schedules
// (docs/policies.md). The rules are the policy service's (policies/planning.ts); kept at once, run by the runner.
import { z } from 'zod';
import { planPolicy, type PolicyDefinition } from '../../policies/planning.js';
import { maxAgeHoursOf, type PolicyRecord } from '../../policies/model.js';
import { isRefused } from '../../operations/planning/refused.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { errorTypename, NotFoundError, OperationsUnavailableError, TYPED_ERRORS, ValidationError, type TypedError } from '../errors.js';
import { encodeId } from '../ids.js';
import { PolicyRef, seesPolicy } from '../nodes/SnapshotPolicy.js';
import { decodeFor, idSchema, INPUT_ARG, validate } from './common.js';
import { typedErrorOf } from './refused.js';

class SnapshotPolicyPayload {
  constructor(readonly policy: PolicyRecord | null) {}
}

const PayloadRef = builder.objectType(SnapshotPolicyPayload, {
  name: 'SnapshotPolicyPayload',
  description: 'The policy as the gateway now keeps it.',
  isTypeOf: (value) => value instanceof SnapshotPolicyPayload,
  fields: (t) => ({ policy: t.field({ type: PolicyRef, nullable: true, description: 'Null after a delete.', resolve: (p) => p.policy }) }),
});

const SnapshotPolicyResult = builder.unionType('SnapshotPolicyResult', {
  description: 'The policy when the change was kept; otherwise the typed error that says why not (nothing changed).',
  types: [PayloadRef, ...TYPED_ERRORS],
  resolveType: (value) => (value instanceof SnapshotPolicyPayload ? 'SnapshotPolicyPayload' : errorTypename(value)),
});

const RetentionInput = builder.inputType('SnapshotPolicyRetentionInput', {
  description: 'What to keep of the snapshots the policy takes, per target: at least one bound.',
  fields: (t) => ({
    count: t.int({ description: 'At most this many, the newest: 1 to 50.' }),
    maxAgeHours: t.float({ description: 'None older than this many hours: more than 0, at most 8784 (a year).' }),
  }),
});

const FilterInput = builder.inputType('SnapshotPolicyFilterInput', {
  description: 'Every VM of a backend whose name contains the text, as listed when a run starts.',
  fields: (t) => ({
    backendId: t.id({ required: true, description: 'The backend (Backend.id).' }),
    nameContains: t.string({ description: 'Case-insensitive; every VM of the backend without it.' }),
  }),
});

const CreateInput = builder.inputType('CreateSnapshotPolicyInput', {
  description: 'A snapshot policy for the gateway to run: one target (targetId or targetFilter), a schedule, a retention.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Its name: 1 to 11 letters, digits, - or _ (its snapshots are <name>-<yyyymmddhhmm>).' }),
    targetId: t.id({ description: 'A VM id, or a Drive id on a backend with driveSnapshots.' }),
    targetFilter: t.field({ type: FilterInput, description: 'Instead of targetId: VMs of a backend by name.' }),
    schedule: t.string({ required: true, description: "A five-field cron expression in UTC ('0 3 * * *': every day at 03:00); it must fire." }),
    retention: t.field({ type: RetentionInput, required: true, description: 'What to keep of what it takes.' }),
    quiesce: t.boolean({ defaultValue: false, description: "Freeze the guest's file systems for each snapshot (capabilities.quiesce); false by default." }),
    includeMemory: t.boolean({ defaultValue: false, description: "Keep a running VM's memory (capabilities.memorySnapshots); false by default." }),
    active: t.boolean({ defaultValue: true, description: 'Whether it runs; true by default.' }),
  }),
});

const UpdateInput = builder.inputType('UpdateSnapshotPolicyInput', {
  description: "Changes to a policy; fields left out stay as they are (its target does not change: make another policy).",
  fields: (t) => ({
    policyId: t.id({ required: true, description: 'The policy (SnapshotPolicy.id).' }),
    name: t.string({ description: 'Its new name (what its next snapshots are named after; those taken stay its own).' }),
    schedule: t.string({ description: 'Its new five-field cron expression, in UTC.' }),
    retention: t.field({ type: RetentionInput, description: 'Its new retention (both bounds: one left out is no bound).' }),
    quiesce: t.boolean({ description: 'Whether its snapshots freeze file systems.' }),
    includeMemory: t.boolean({ description: "Whether its snapshots keep a running VM's memory." }),
    active: t.boolean({ description: 'Whether it runs.' }),
  }),
});

const DeleteInput = builder.inputType('DeleteSnapshotPolicyInput', {
  description: 'A policy to delete: it stops running; the snapshots it took stay.',
  fields: (t) => ({ policyId: t.id({ required: true, description: 'The policy (SnapshotPolicy.id).' }) }),
});

const retentionSchema = z.object({ count: z.number().int().nullish(), maxAgeHours: z.number().nullish() });
const createSchema = z.object({
  name: z.string().max(64),
  targetId: idSchema.nullish(),
  targetFilter: z.object({ backendId: idSchema, nameContains: z.string().max(128).nullish() }).nullish(),
  schedule: z.string().max(256),
  retention: retentionSchema,
  quiesce: z.boolean().nullish(),
  includeMemory: z.boolean().nullish(),
  active: z.boolean().nullish(),
});
const updateSchema = createSchema.omit({ targetId: true, targetFilter: true }).partial().extend({ policyId: idSchema });

type Result = SnapshotPolicyPayload | TypedError;

/** Keeps the policy planned, or answers its refusal; a store that cannot be reached is OperationsUnavailableError. */
async function kept(ctx: Context, definition: PolicyDefinition, existing: PolicyRecord | null): Promise<Result> {
  const planned = await planPolicy(ctx, definition, existing);
  if (isRefused(planned)) return typedErrorOf(ctx, planned);
  try {
    await ctx.gateway.policies.store.save(planned);
  } catch (error) {
    return new OperationsUnavailableError(`the policy could not be kept: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new SnapshotPolicyPayload(planned);
}

/** The policy an id names, if the caller may see it. */
async function policyFor(ctx: Context, id: string): Promise<PolicyRecord | NotFoundError> {
  const policy = await ctx.gateway.policies.store.get(id);
  return policy && seesPolicy(ctx, policy) ? policy : new NotFoundError('input.policyId: no policy has this id', id);
}

builder.mutationFields((t) => ({
  createSnapshotPolicy: t.field({
    authScopes: { 'snapshots:write': true },
    type: SnapshotPolicyResult,
    description: 'Make a snapshot policy the gateway runs itself (docs/policies.md); its first run is at its first slot after now.',
    args: { input: t.arg({ type: CreateInput, ...INPUT_ARG }) },
    resolve: async (_root, args, ctx): Promise<Result> => {
      const input = validate(createSchema, args.input);
      if (input instanceof ValidationError) return input;
      if ((input.targetId ?? null) === null === ((input.targetFilter ?? null) === null)) {
        return new ValidationError('input.targetId: give targetId or targetFilter, one of them', 'input.targetId');
      }
      let target: PolicyDefinition['target'];
      if (input.targetId) {
        const node = decodeFor(input.targetId, 'input.targetId', ['VM', 'Drive']);
        if (node instanceof ValidationError) return node;
        target = { node };
      } else {
        const backend = decodeFor(input.targetFilter?.backendId ?? '', 'input.targetFilter.backendId', ['Backend']);
        if (backend instanceof ValidationError) return backend;
        // A filter snapshots a backend's every VM it matches: only a caller who sees all of them may set one.
        if (!ctx.visibility.unrestricted) return new ValidationError('input.targetFilter: a filter over a backend needs a caller who sees all of it', 'input.targetFilter');
        target = { filter: { backend: backend.backend, nameContains: input.targetFilter?.nameContains ?? null } };
      }
      const definition: PolicyDefinition = {
        name: input.name,
        target,
        schedule: input.schedule,
        retention: { count: input.retention.count ?? null, maxAgeHours: input.retention.maxAgeHours ?? null },
        quiesce: input.quiesce ?? false,
        includeMemory: input.includeMemory ?? false,
        active: input.active ?? true,
      };
      return kept(ctx, definition, null);
    },
  }),
  updateSnapshotPolicy: t.field({
    authScopes: { 'snapshots:write': true },
    type: SnapshotPolicyResult,
    description: "Change a policy's name, schedule, retention, options or activity; checked as a new one would be.",
    args: { input: t.arg({ type: UpdateInput, ...INPUT_ARG }) },
    resolve: async (_root, args, ctx): Promise<Result> => {
      const input = validate(updateSchema, args.input);
      if (input instanceof ValidationError) return input;
      const existing = await policyFor(ctx, input.policyId);
      if (existing instanceof NotFoundError) return existing;
      const { target } = existing;
      const definition: PolicyDefinition = {
        name: input.name ?? existing.name,
        target:
          target.kind === 'NODE'
            ? { node: { type: target.entity, backend: target.backend, key: target.key, id: encodeId(target.entity, target.backend, target.key), field: 'input.policyId' } }
            : { filter: { backend: target.backend, nameContains: target.nameContains } },
        schedule: input.schedule ?? existing.schedule,
        retention: input.retention
          ? { count: input.retention.count ?? null, maxAgeHours: input.retention.maxAgeHours ?? null }
          : { count: existing.retention.count, maxAgeHours: maxAgeHoursOf(existing.retention) },
        quiesce: input.quiesce ?? existing.quiesce,
        includeMemory: input.includeMemory ?? existing.includeMemory,
        active: input.active ?? existing.active,
      };
      return kept(ctx, definition, existing);
    },
  }),
  deleteSnapshotPolicy: t.field({
    authScopes: { 'snapshots:write': true },
    type: SnapshotPolicyResult,
    description: 'Delete a policy: it runs no more, its runs are forgotten, and the snapshots it took stay.',
    args: { input: t.arg({ type: DeleteInput, ...INPUT_ARG }) },
    resolve: async (_root, args, ctx): Promise<Result> => {
      const input = validate(z.object({ policyId: idSchema }), args.input);
      if (input instanceof ValidationError) return input;
      const existing = await policyFor(ctx, input.policyId);
      if (existing instanceof NotFoundError) return existing;
      await ctx.gateway.policies.store.delete(existing.id);
      return new SnapshotPolicyPayload(null);
    },
  }),
}));
