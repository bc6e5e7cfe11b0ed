// The actions the engine sends to backends: plain, serialisable data naming one connector call each (dispatch.ts
// makes the call), so a plan can be recorded, compared and tested without a closure over a connector.
import type { CreateSnapshotRequest, ScheduleRequest, UpdateSnapshotRequest } from '../connectors/connector.js';
import type { SnapshotTarget } from '../domain/model.js';

/** Deletes of one backend sent as one bulk request: the batch's id, and every key in it, in order. */
export interface DeleteBatch {
  id: string;
  snapshotKeys: string[];
}

/** What an Operation does on its backend; the engine records it, sends it, and follows its task. */
export type OperationAction =
  | { kind: 'CREATE_SNAPSHOT'; target: SnapshotTarget; request: CreateSnapshotRequest }
  | { kind: 'REVERT_SNAPSHOT'; snapshotKey: string }
  | { kind: 'CLONE_SNAPSHOT'; snapshotKey: string; name: string | null }
  | { kind: 'UPDATE_SNAPSHOT'; snapshotKey: string; request: UpdateSnapshotRequest }
  /**
   * batch: the bulk request this delete shares with others of its backend, or null when it goes alone;
   * descendants: every snapshot under it goes too (never in a batch).
   */
  | { kind: 'DELETE_SNAPSHOT'; snapshotKey: string; batch: DeleteBatch | null; descendants: boolean };

/** A change to a backend's snapshot schedules: configuration, answered at once (no Operation, no task). */
export type ScheduleAction =
  | { kind: 'CREATE_SCHEDULE'; target: SnapshotTarget; request: ScheduleRequest }
  | { kind: 'UPDATE_SCHEDULE'; scheduleKey: string; request: Partial<ScheduleRequest> }
  | { kind: 'DELETE_SCHEDULE'; scheduleKey: string };
