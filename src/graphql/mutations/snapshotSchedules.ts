// createSnapshotSchedule, updateSnapshotSchedule, deleteSnapshotSchedule: backend-side snapshot schedules.
// They act on the backend at once (no Operation): a schedule is configuration, not a long task.
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { capabilitiesOf } from '../../connectors/capabilities.js';
import { BackendFailure } from '../../connectors/errors.js';
import type { Connector } from '../../connectors/connector.js';
import type { ScheduleRecord } from '../../domain/model.js';
import { builder } from '../builder.js';
import { answeredFailure, type Context } from '../context.js';
import { NotFoundError, ValidationError, type TypedError } from '../errors.js';
import { decodeId } from '../ids.js';
import { descriptionSchema, findTarget, idSchema, isTypedError, lacks, nameSchema, unsupported, validate } from './common.js';
import { SnapshotSchedulePayload, SnapshotScheduleResult, type ScheduleResult } from './results.js';

const CreateSnapshotScheduleInput = builder.inputType('CreateSnapshotScheduleInput', {
  fields: (t) => ({
    targetId: t.id({ required: true, description: 'A VM id, or a Drive id on a backend with driveSnapshots.' }),
    name: t.string({ required: true }),
    schedule: t.string({ required: true }),
    retention: t.int({ required: true }),
    active: t.boolean({ defaultValue: true }),
    description: t.string(),
    quiesce: t.boolean({ defaultValue: false }),
  }),
});

const UpdateSnapshotScheduleInput = builder.inputType('UpdateSnapshotScheduleInput', {
  fields: (t) => ({
    scheduleId: t.id({ required: true }),
    schedule: t.string(),
    retention: t.int(),
    active: t.boolean(),
    description: t.string(),
  }),
});

const DeleteSnapshotScheduleInput = builder.inputType('DeleteSnapshotScheduleInput', {
  fields: (t) => ({ scheduleId: t.id({ required: true }) }),
});

/** Why a cron expression is not a valid five-field one (cron-parser checks the fields), or null when it is. */
function cronProblem(expression: string): string | null {
  if (expression.split(/\s+/).length !== 5) return 'schedule must be a five-field cron expression (minute hour day month weekday)';
  try {
    CronExpressionParser.parse(expression);
    return null;
  } catch (error) {
    return `schedule is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const cronSchema = z
  .string()
  .trim()
  .superRefine((expression, ctx) => {
    const problem = cronProblem(expression);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const retentionSchema = z.number().int().min(1, 'retention must be at least 1').max(10_000);

const createSchema = z.object({
  targetId: idSchema,
  name: nameSchema,
  schedule: cronSchema,
  retention: retentionSchema,
  active: z.boolean().nullish(),
  description: descriptionSchema.nullish(),
  quiesce: z.boolean().nullish(),
});
const updateSchema = z.object({
  scheduleId: idSchema,
  schedule: cronSchema.nullish(),
  retention: retentionSchema.nullish(),
  active: z.boolean().nullish(),
  description: descriptionSchema.nullish(),
});
const deleteSchema = z.object({ scheduleId: idSchema });

/** Calls the backend; its failure becomes a BackendError. */
async function onBackend(ctx: Context, connector: Connector, work: () => Promise<ScheduleRecord | null>): Promise<ScheduleResult> {
  try {
    return new SnapshotSchedulePayload(await work());
  } catch (error) {
    if (error instanceof BackendFailure) return answeredFailure(ctx, connector, error);
    throw error;
  }
}

/** The schedule an id names, on a backend that has schedules. */
async function findSchedule(
  ctx: Context,
  id: string,
): Promise<{ connector: Connector; schedule: ScheduleRecord } | TypedError> {
  const field = 'input.scheduleId';
  const decoded = decodeId(id);
  if (!decoded || decoded.type !== 'SnapshotSchedule') {
    return new ValidationError(`${field}: '${id}' is not the id of a SnapshotSchedule`, field);
  }
  const connector = ctx.backends.get(decoded.backend);
  if (!connector) return new NotFoundError(`${field}: no SnapshotSchedule has this id`, id);
  const lacking = unsupported({ connector, capabilities: capabilitiesOf(connector) }, 'schedules');
  if (lacking) return lacking;
  try {
    const schedule = await ctx.loaders.schedule.load(decoded);
    return schedule ? { connector, schedule } : new NotFoundError(`${field}: no SnapshotSchedule has this id`, id);
  } catch (error) {
    if (error instanceof BackendFailure) return answeredFailure(ctx, connector, error);
    throw error;
  }
}

builder.mutationFields((t) => ({
  createSnapshotSchedule: t.field({
    authScopes: { 'schedules:write': true },
    type: SnapshotScheduleResult,
    args: { input: t.arg({ type: CreateSnapshotScheduleInput, required: true }) },
    resolve: async (_root, args, ctx): Promise<ScheduleResult> => {
      const input = validate(createSchema, args.input);
      if (input instanceof ValidationError) return input;
      const found = await findTarget(ctx, input.targetId, 'input.targetId');
      if (isTypedError(found)) return found;
      const { connector, record } = found;
      const create = connector.schedules?.create;
      if (!create) return lacks(connector, 'schedules');
      const lacking = unsupported(found, 'schedules') ?? (input.quiesce ? unsupported(found, 'quiesce') : null);
      if (lacking) return lacking;
      const refused = connector.refuseSnapshotTarget?.(record);
      if (refused) return new ValidationError(`input.targetId: ${refused}`, 'input.targetId');
      return onBackend(ctx, connector, () =>
        create(
          { entity: record.entity, key: record.key },
          {
            name: input.name,
            schedule: input.schedule,
            retention: input.retention,
            active: input.active ?? true,
            description: input.description ?? null,
            quiesce: input.quiesce ?? false,
          },
        ),
      );
    },
  }),
  updateSnapshotSchedule: t.field({
    authScopes: { 'schedules:write': true },
    type: SnapshotScheduleResult,
    args: { input: t.arg({ type: UpdateSnapshotScheduleInput, required: true }) },
    resolve: async (_root, args, ctx): Promise<ScheduleResult> => {
      const input = validate(updateSchema, args.input);
      if (input instanceof ValidationError) return input;
      const found = await findSchedule(ctx, input.scheduleId);
      if (isTypedError(found)) return found;
      const update = found.connector.schedules?.update;
      if (!update) return lacks(found.connector, 'schedules');
      return onBackend(ctx, found.connector, () =>
        update(found.schedule.key, {
          ...(input.schedule != null && { schedule: input.schedule }),
          ...(input.retention != null && { retention: input.retention }),
          ...(input.active != null && { active: input.active }),
          ...(input.description != null && { description: input.description }),
        }),
      );
    },
  }),
  deleteSnapshotSchedule: t.field({
    authScopes: { 'schedules:write': true },
    type: SnapshotScheduleResult,
    args: { input: t.arg({ type: DeleteSnapshotScheduleInput, required: true }) },
    resolve: async (_root, args, ctx): Promise<ScheduleResult> => {
      const input = validate(deleteSchema, args.input);
      if (input instanceof ValidationError) return input;
      const found = await findSchedule(ctx, input.scheduleId);
      if (isTypedError(found)) return found;
      const remove = found.connector.schedules?.delete;
      if (!remove) return lacks(found.connector, 'schedules');
      return onBackend(ctx, found.connector, async () => {
        await remove(found.schedule.key);
        return null;
      });
    },
  }),
}));
