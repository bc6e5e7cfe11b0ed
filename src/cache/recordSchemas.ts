// What an answer taken from the replicas' shared read tier must be: the domain's records as JSON carries them
// (a snapshot's createdAt as its ISO string), checked and turned back into records before any request sees them.
import { z } from 'zod';
import { DRIVE_STATUSES, POWER_STATES, SNAPSHOT_STATUSES, type DriveRecord, type ScheduleRecord, type SnapshotRecord, type VMRecord } from '../domain/model.js';

const keyed = { backend: z.string(), key: z.string() };

export const driveSchema: z.ZodType<DriveRecord> = z.object({
  ...keyed,
  entity: z.literal('Drive'),
  name: z.string(),
  sizeBytes: z.number().nullable(),
  status: z.enum(DRIVE_STATUSES),
  vmKey: z.string().nullable(),
  clonedFromKey: z.string().nullable(),
});

export const vmSchema: z.ZodType<VMRecord> = z.object({
  ...keyed,
  entity: z.literal('VM'),
  name: z.string(),
  kind: z.enum(['VM', 'INSTANCE']),
  powerState: z.enum(POWER_STATES),
  drives: z.array(driveSchema).optional(),
});

const isoDate = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

export const snapshotSchema: z.ZodType<SnapshotRecord, unknown> = z.object({
  ...keyed,
  entity: z.literal('Snapshot'),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: isoDate.nullable(),
  status: z.enum(SNAPSHOT_STATUSES),
  vmPowerState: z.enum(POWER_STATES).nullable(),
  isCurrent: z.boolean(),
  hasMemory: z.boolean(),
  hasDisk: z.boolean(),
  sizeBytes: z.number().nullable(),
  vmKey: z.string().nullable(),
  driveKey: z.string().nullable(),
  parentKey: z.string().nullable(),
  metadata: z.array(z.object({ key: z.string(), value: z.string() })),
  scheduleKey: z.string().nullable(),
});

export const scheduleSchema: z.ZodType<ScheduleRecord> = z.object({
  ...keyed,
  entity: z.literal('SnapshotSchedule'),
  name: z.string(),
  schedule: z.string(),
  retention: z.number(),
  active: z.boolean(),
  description: z.string().nullable(),
  vmKey: z.string().nullable(),
  driveKey: z.string().nullable(),
});
