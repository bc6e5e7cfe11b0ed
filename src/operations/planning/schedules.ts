// Planning schedule changes: the target or schedule found, the backend able to keep schedules, and its refusals.
import type { ScheduleRequest } from '../../connectors/connector.js';
import { unsupported } from './capabilities.js';
import { findSchedule, findTarget, type Named, type PlanScope } from './find.js';
import type { SchedulePlan } from './plan.js';
import { invalid, isRefused, type Refused } from './refused.js';

interface CreateScheduleInput {
  target: Named<'VM' | 'Drive'>;
  request: ScheduleRequest;
}

export async function planCreateSchedule(scope: PlanScope, input: CreateScheduleInput): Promise<SchedulePlan | Refused> {
  const found = await findTarget(scope, input.target);
  if (isRefused(found)) return found;
  const { connector, record } = found;
  const lacking = unsupported(found, 'schedules') ?? (input.request.quiesce ? unsupported(found, 'quiesce') : null);
  if (lacking) return lacking;
  const refused = connector.refuseSnapshotTarget?.(record);
  if (refused) return invalid(input.target.field, refused);
  return { backend: connector.name, action: { kind: 'CREATE_SCHEDULE', target: { entity: record.entity, key: record.key }, request: input.request } };
}

interface UpdateScheduleInput {
  schedule: Named<'SnapshotSchedule'>;
  /** Only the fields to change. */
  request: Partial<ScheduleRequest>;
}

export async function planUpdateSchedule(scope: PlanScope, input: UpdateScheduleInput): Promise<SchedulePlan | Refused> {
  const found = await findSchedule(scope, input.schedule);
  if (isRefused(found)) return found;
  return { backend: found.connector.name, action: { kind: 'UPDATE_SCHEDULE', scheduleKey: found.schedule.key, request: input.request } };
}

export async function planDeleteSchedule(scope: PlanScope, input: { schedule: Named<'SnapshotSchedule'> }): Promise<SchedulePlan | Refused> {
  const found = await findSchedule(scope, input.schedule);
  if (isRefused(found)) return found;
  return { backend: found.connector.name, action: { kind: 'DELETE_SCHEDULE', scheduleKey: found.schedule.key } };
}
