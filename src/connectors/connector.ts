// The interface every backend implements. Batch-first: each read takes many keys and answers in one go,
// so the per-request loaders can group a whole tree level into one call per backend. A read whose backend answers
// in parts may throw PartialFailure (errors.ts) with what the parts that answered gave.
import type {
  Capabilities,
  DriveRecord,
  MetadataEntry,
  ScheduleRecord,
  SnapshotRecord,
  SnapshotTarget,
  VMRecord,
} from '../domain/model.js';
import type { ActionResult, JsonValue, TaskState } from '../domain/operation.js';
import type { HttpClient } from './http.js';
import type { BackendLedger } from './ledger/ledger.js';

export interface CreateSnapshotRequest {
  name: string;
  description: string | null;
  includeMemory: boolean;
  quiesce: boolean;
  metadata: MetadataEntry[];
}

export interface UpdateSnapshotRequest {
  name?: string;
  description?: string;
  metadata?: MetadataEntry[];
}

export interface ScheduleRequest {
  name: string;
  schedule: string;
  retention: number;
  active: boolean;
  description: string | null;
  quiesce: boolean;
}

/** Why a request cannot be sent as it is: the input field at fault (relative to the mutation's input) and why. */
export interface Refusal {
  field: string;
  message: string;
}

export type { SnapshotTarget } from '../domain/model.js';

export interface Connector {
  readonly name: string;
  /** Its backend's kind (registry.ts); a string here, so connectors need not know the list they are in. */
  readonly kind: string;
  /** What the backend can do at all (Backend.capabilities). */
  readonly capabilities: Capabilities;
  /** What it can do for this VM, where that differs by VM (ManageIQ instances cannot revert, say). */
  capabilitiesFor?(vm: VMRecord): Capabilities;
  /** The namespace a VM, drive or snapshot key lies in, for backends that have them (tenancy grants name them). */
  namespaceOf?(key: string): string | null;

  /** Every VM of the backend, all pages. */
  listVMs(): Promise<VMRecord[]>;
  /** VMs by key, in key order; null where there is none. */
  getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]>;
  /** Drives of these VMs (for VMs whose records carry no `drives`). */
  listDrivesOfVMs(vmKeys: readonly string[]): Promise<DriveRecord[]>;
  /** Every drive of the backend, attached or not. */
  listDrives(): Promise<DriveRecord[]>;
  getDrives(keys: readonly string[]): Promise<(DriveRecord | null)[]>;
  /** Snapshots of these VMs: their whole trees. */
  listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]>;
  /** Snapshots of these drives. */
  listSnapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]>;
  getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]>;
  /**
   * The snapshot of this name under the target, or null; for backends whose listing cannot be trusted to show a
   * new snapshot. Where absent, the target's snapshot list is read instead (finding a create whose answer was lost).
   */
  findSnapshot?(target: SnapshotTarget, name: string): Promise<SnapshotRecord | null>;
  /**
   * Every snapshot of the backend, those whose VM is no longer listed too (deleted, or restored into a new one),
   * for backends where they outlive it; without it, a backend's snapshots are those of its VMs and drives.
   */
  listSnapshots?(): Promise<SnapshotRecord[]>;
  listSchedules?(scope: { vmKeys: readonly string[]; driveKeys: readonly string[] }): Promise<ScheduleRecord[]>;
  getSchedules?(keys: readonly string[]): Promise<(ScheduleRecord | null)[]>;

  /** A cheap call that proves the backend answers. */
  ping(): Promise<void>;

  /**
   * Why this VM or drive cannot be snapshotted here, for the client to fix (a VM where the backend snapshots single
   * drives, say); null when it can. Checked before anything is sent.
   */
  refuseSnapshotTarget?(target: VMRecord | DriveRecord): string | null;
  /** Why this create would be refused by the backend whatever its state (a character its server cannot carry, say). */
  refuseCreate?(request: CreateSnapshotRequest): Refusal | null;
  createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult>;
  /** Why this snapshot cannot be reverted to now, for the client to fix (the VM must be stopped, say); null when it can. */
  refuseRevert?(snapshot: SnapshotRecord, vm: VMRecord | null): string | null;
  revertSnapshot?(snapshotKey: string): Promise<ActionResult>;
  cloneSnapshot?(snapshotKey: string, name: string | null): Promise<ActionResult>;
  deleteSnapshot(snapshotKey: string): Promise<ActionResult>;
  /** One backend request (or one per VM) for many snapshots; results in key order. */
  deleteSnapshots?(snapshotKeys: readonly string[]): Promise<(ActionResult | Error)[]>;
  /** Why this update cannot be made here (a field the backend cannot change, say); null when it can. */
  refuseUpdate?(snapshot: SnapshotRecord, request: UpdateSnapshotRequest): string | null;
  updateSnapshot?(snapshotKey: string, request: UpdateSnapshotRequest): Promise<ActionResult>;
  createSchedule?(target: SnapshotTarget, request: ScheduleRequest): Promise<ScheduleRecord>;
  updateSchedule?(key: string, request: Partial<ScheduleRequest>): Promise<ScheduleRecord>;
  deleteSchedule?(key: string): Promise<void>;

  /** Reads where a task from an ActionResult stands. */
  pollTask(task: JsonValue): Promise<TaskState>;

  close(): Promise<void>;
}

/** What a connector factory receives: its configured name, where the backend is, and how to reach it. */
export interface ConnectorOptions {
  name: string;
  baseUrl: string;
  http: HttpClient;
  credentials: Record<string, string>;
  /** Backend-specific settings from the config file (clusters, groups...), validated by the factory. */
  settings: Record<string, unknown>;
  /** What the gateway knows exists on this backend beyond what its lists say (kept across restarts and replicas). */
  ledger: BackendLedger;
}

export type ConnectorFactory = (options: ConnectorOptions) => Connector;
