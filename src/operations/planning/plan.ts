// What the planner answers when the request may go ahead: the action to send and what the engine records with it.
import type { CreateSnapshotRequest, UpdateSnapshotRequest } from '../../connectors/connector.js';
import type { SnapshotRecord } from '../../domain/model.js';
import type { OperationIntent } from '../../domain/operation.js';
import type { OperationAction, ScheduleAction } from '../action.js';
import type { Found } from './find.js';

/** An operation to start: serialisable throughout. */
export interface OperationPlan {
  backend: string;
  /** What the operation acts on (its targetId names it). */
  target: { entity: 'VM' | 'Drive' | 'Snapshot'; key: string };
  /** The snapshot acted on, where it exists already. */
  snapshotKey: string | null;
  intent: OperationIntent;
  action: OperationAction;
  /** What the request asked for, as a replay of its idempotency key must ask it again. */
  request: CreateSnapshotRequest | UpdateSnapshotRequest | { name: string | null } | null;
}

/** A schedule change to make at once. */
export interface SchedulePlan {
  backend: string;
  action: ScheduleAction;
}

/** The plan of an action on one existing snapshot. */
export const onSnapshot = (
  { connector, record }: Found<SnapshotRecord>,
  parts: Pick<OperationPlan, 'intent' | 'action' | 'request'>,
): OperationPlan => ({
  backend: connector.name,
  target: { entity: 'Snapshot', key: record.key },
  snapshotKey: record.key,
  ...parts,
});
