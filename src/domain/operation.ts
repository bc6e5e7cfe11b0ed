// Operations: what a mutation started, its state, and the backend task it follows. All JSON-safe, so a store
// outside the process (Redis) can hold them and another replica can resume following the task.
import type { MetadataEntry, OperationKind, SnapshotTarget } from './model.js';

// The kinds are the model's (capabilities name them): here too, for everything about operations.
export { OPERATION_KINDS, type OperationKind } from './model.js';

export const OPERATION_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** SUCCEEDED, FAILED and CANCELLED are final: nothing changes an operation after them. */
export const isTerminal = (status: OperationStatus): boolean => status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface OperationErrorRecord {
  code: string;
  message: string;
  /** What the backend itself said, when a BackendFailure ended the operation (absent in older records). */
  backendCode?: string | null;
  httpStatus?: number | null;
}

/**
 * What the action set out to do, in backend keys: enough to read back from the backend whether it happened when
 * its answer was lost.
 */
export type OperationIntent =
  | { kind: 'CREATE_SNAPSHOT'; target: SnapshotTarget; name: string }
  | { kind: 'DELETE_SNAPSHOT'; snapshotKey: string }
  /** wasCurrent: the snapshot was already the current one, so its current marker cannot show the revert. */
  | { kind: 'REVERT_SNAPSHOT'; snapshotKey: string; wasCurrent: boolean }
  | { kind: 'UPDATE_SNAPSHOT'; snapshotKey: string; request: { name?: string; description?: string; metadata?: MetadataEntry[] } }
  /** name: the new drive's, or null when the backend names it. */
  | { kind: 'CLONE_SNAPSHOT'; snapshotKey: string; name: string | null };

export interface OperationRecord {
  entity: 'Operation';
  id: string;
  kind: OperationKind;
  status: OperationStatus;
  progress: number | null;
  message: string | null;
  backend: string;
  /** Global id of the VM, Drive or Snapshot acted on. */
  targetId: string;
  /** Backend key of the snapshot created, reverted to, updated or deleted, once known. */
  snapshotKey: string | null;
  /** Backend key of the drive a clone produced, once known. */
  driveKey: string | null;
  error: OperationErrorRecord | null;
  /** The backend's own task, while one is being followed; opaque to everything but its connector. */
  task: JsonValue | null;
  /** What the action set out to do; null on records stored before intents were kept. */
  intent: OperationIntent | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Counts the changes, so a subscriber can drop events older than the state it already has. */
  revision: number;
}

/** Where a backend task stands, as its connector reads it. */
export interface TaskState {
  status: OperationStatus;
  /**
   * With CANCELLED: the connector itself saw that nothing of the action is left (it removed what the task had made),
   * so the engine need not read the backend back to know.
   */
  verified?: boolean;
  progress?: number | null;
  message?: string | null;
  error?: OperationErrorRecord;
  snapshotKey?: string;
  driveKey?: string;
}

/**
 * What a connector's action answers: done at once (synchronous backends) or a task to follow.
 * `task` is JSON of the connector's own task schema, read back by its `tasks` codec (connectors/tasks.ts).
 */
export type ActionResult =
  | { done: true; snapshotKey?: string; driveKey?: string; message?: string }
  | { done: false; task: JsonValue; snapshotKey?: string; driveKey?: string; message?: string };
