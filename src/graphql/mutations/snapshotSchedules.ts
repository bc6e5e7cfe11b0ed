// createSnapshotSchedule, updateSnapshotSchedule, deleteSnapshotSchedule: backend-side snapshot schedules.
// The planner plans them and the engine makes the change at once (no Operation): a schedule is configuration, not a long task.
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { BackendFailure } from '../../connectors/errors.js';
import type { Named } from '../../operations/planning/find.js';
import type { SchedulePlan } from '../../operations/planning/plan.js';
import { isRefused, type Refused } from '../../operations/planning/refused.js';
import { planCreateSchedule, planDeleteSchedule, planUpdateSchedule } from '../../operations/planning/schedules.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { answeredFailure } from '../failures.js';
import { ValidationError } from '../errors.js';
import { decodeId } from '../ids.js';
import { decodeFor, descriptionSchema, idSchema, INPUT_ARG, nameSchema, validate } from './common.js';
import { typedErrorOf } from './refused.js';
import { SnapshotSchedulePayload, SnapshotScheduleResult, type ScheduleResult } from './results.js';

const CreateSnapshotScheduleInput = builder.inputType('CreateSnapshotScheduleInput', {
  description: 'A schedule for the backend to run (capabilities.schedules).',
  fields: (t) => ({
    targetId: t.id({ required: true, description: 'A VM id, or a Drive id on a backend with driveSnapshots.' }),
    name: t.string({ required: true, description: 'Its name: 1 to 128 characters (the backend may allow less).' }),
    schedule: t.string({ required: true, description: "A five-field cron expression ('0 3 * * *': every day at 03:00)." }),
    retention: t.int({ required: true, description: 'How many of its snapshots to keep: 1 to 10000.' }),
    active: t.boolean({ defaultValue: true, description: 'Whether it runs; true by default.' }),
    description: t.string({ description: 'Its description: at most 1024 characters.' }),
    quiesce: t.boolean({ defaultValue: false, description: "Freeze the guest's file systems for each snapshot; false by default." }),
  }),
});

const UpdateSnapshotScheduleInput = builder.inputType('UpdateSnapshotScheduleInput', {
  description: 'What to change of a schedule; fields left out stay as they are.',
  fields: (t) => ({
    scheduleId: t.id({ required: true, description: 'The schedule to change.' }),
    schedule: t.string({ description: 'A new five-field cron expression.' }),
    retention: t.int({ description: 'How many of its snapshots to keep: 1 to 10000.' }),
    active: t.boolean({ description: 'Whether it runs.' }),
    description: t.string({ description: 'A new description: at most 1024 characters.' }),
  }),
});

const DeleteSnapshotScheduleInput = builder.inputType('DeleteSnapshotScheduleInput', {
  description: 'The schedule to delete.',
  fields: (t) => ({ scheduleId: t.id({ required: true, description: 'The schedule to delete.' }) }),
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

/** Has the engine make the planned change (or answers the refusal); the backend's failure becomes a BackendError. */
async function configure(ctx: Context, planned: SchedulePlan | Refused): Promise<ScheduleResult> {
  if (isRefused(planned)) return typedErrorOf(ctx, planned);
  try {
    return new SnapshotSchedulePayload(await ctx.gateway.engine.configure(planned.backend, planned.action));
  } catch (error) {
    const connector = ctx.backends.get(planned.backend);
    if (error instanceof BackendFailure && connector) return answeredFailure(ctx, connector, error);
    throw error;
  }
}

/** A schedule's id, decoded; any other id is not one. */
function decodeSchedule(id: string): Named<'SnapshotSchedule'> | ValidationError {
  const field = 'input.scheduleId';
  const decoded = decodeId(id);
  if (!decoded || decoded.type !== 'SnapshotSchedule') {
    return new ValidationError(`${field}: '${id}' is not the id of a SnapshotSchedule`, field);
  }
  return { type: decoded.type, backend: decoded.backend, key: decoded.key, id, field };
}

builder.mutationFields((t) => ({
  createSnapshotSchedule: t.field({
    authScopes: { 'schedules:write': true },
    type: SnapshotScheduleResult,
    description: 'Make a snapshot schedule the backend runs (capabilities.schedules).',
    args: { input: t.arg({ type: CreateSnapshotScheduleInput, ...INPUT_ARG }) },
    resolve: async (_root, args, ctx): Promise<ScheduleResult> => {
      const input = validate(createSchema, args.input);
      if (input instanceof ValidationError) return input;
      const target = decodeFor(input.targetId, 'input.targetId', ['VM', 'Drive']);
      if (target instanceof ValidationError) return target;
      const request = {
        name: input.name,
        schedule: input.schedule,
        retention: input.retention,
        active: input.active ?? true,
        description: input.description ?? null,
        quiesce: input.quiesce ?? false,
      };
      return configure(ctx, await planCreateSchedule(ctx, { target, request }));
    },
  }),
  updateSnapshotSchedule: t.field({
    authScopes: { 'schedules:write': true },
    type: SnapshotScheduleResult,
    description: "Change a schedule's cron expression, retention, activity or description.",
    args: { input: t.arg({ type: UpdateSnapshotScheduleInput, ...INPUT_ARG }) },
    resolve: async (_root, args, ctx): Promise<ScheduleResult> => {
      const input = validate(updateSchema, args.input);
      if (input instanceof ValidationError) return input;
      const schedule = decodeSchedule(input.scheduleId);
      if (schedule instanceof ValidationError) return schedule;
      const request = {
        ...(input.schedule != null && { schedule: input.schedule }),
        ...(input.retention != null && { retention: input.retention }),
        ...(input.active != null && { active: input.active }),
        ...(input.description != null && { description: input.description }),
      };
      return configure(ctx, await planUpdateSchedule(ctx, { schedule, request }));
    },
  }),
  deleteSnapshotSchedule: t.field({
    authScopes: { 'schedules:write': true },
    type: SnapshotScheduleResult,
    description: "Delete a schedule (what becomes of the snapshots it took is the backend's rule).",
    args: { input: t.arg({ type: DeleteSnapshotScheduleInput, ...INPUT_ARG }) },
    resolve: async (_root, args, ctx): Promise<ScheduleResult> => {
      const input = validate(deleteSchema, args.input);
      if (input instanceof ValidationError) return input;
      const schedule = decodeSchedule(input.scheduleId);
      if (schedule instanceof ValidationError) return schedule;
      return configure(ctx, await planDeleteSchedule(ctx, { schedule }));
    },
  }),
}));
