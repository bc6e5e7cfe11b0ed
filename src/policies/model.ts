// Snapshot policies the gateway runs itself, for every backend: what to snapshot, when (cron, UTC), how many and
// how old to keep; and the record of each run. Plain data with its zod schemas, so a file or Redis can hold it.
import { z } from 'zod';

const targetSchema = z.discriminatedUnion('kind', [
  /** One VM or drive. */
  z.object({ kind: z.literal('NODE'), entity: z.enum(['VM', 'Drive']), backend: z.string(), key: z.string() }),
  /** Every VM of a backend whose name contains the text (every one, without it), as listed when the run starts. */
  z.object({ kind: z.literal('FILTER'), backend: z.string(), nameContains: z.string().nullable() }),
]);
export type PolicyTarget = z.output<typeof targetSchema>;

export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  target: targetSchema,
  /** Five-field cron, in UTC. */
  schedule: z.string(),
  /** Keep at most `count` of the snapshots it took per target, none older than `maxAgeMs`; null: no such bound. */
  retention: z.object({ count: z.number().int().positive().nullable(), maxAgeMs: z.number().int().positive().nullable() }),
  quiesce: z.boolean(),
  includeMemory: z.boolean(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PolicyRecord = z.output<typeof policySchema>;

/** A retention's age bound in the hours the API speaks, from the milliseconds kept; null stays null. */
export const maxAgeHoursOf = (retention: { maxAgeMs: number | null }): number | null => (retention.maxAgeMs === null ? null : retention.maxAgeMs / 3_600_000);
export const maxAgeMsOf = (hours: number | null): number | null => (hours === null ? null : Math.round(hours * 3_600_000));

export const RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'] as const;

/** An operation a run started: a snapshot taken, or one of its own pruned. */
const runOperationSchema = z.object({
  /** Null for a prune that found the snapshot gone already (nothing was sent). */
  operationId: z.string().nullable(),
  backend: z.string(),
  /** The target (VM or drive) key, for a take; the snapshot's, for a prune. */
  key: z.string(),
  /** The snapshot a take made, once it SUCCEEDED: what the policy may prune later (its own, and only those). */
  snapshotKey: z.string().nullable(),
  /** How the operation ended; null while it runs. */
  status: z.string().nullable(),
});
export type RunOperation = z.output<typeof runOperationSchema>;

export const runSchema = z.object({
  id: z.string(),
  policyId: z.string(),
  /** The cron slot it ran for. */
  scheduledFor: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  /** It ran late, for the latest of slots missed while no gateway ran the policy. */
  catchUp: z.boolean(),
  /** The replica that ran it. */
  replica: z.string(),
  taken: z.array(runOperationSchema),
  pruned: z.array(runOperationSchema),
  message: z.string().nullable(),
});
export type PolicyRun = z.output<typeof runSchema>;
