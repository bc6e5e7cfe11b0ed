// The interface every backend implements. Batch-first: each read takes many keys and answers in one go,
// so the per-request loaders can group a whole tree level into one call per backend. A read whose backend answers
// in parts may throw PartialFailure (errors.ts) with what the parts that answered gave.
import type {
  Capabilities,
  Capability,
  DriveRecord,
  MetadataEntry,
  ScheduleRecord,
  SnapshotRecord,
  SnapshotTarget,
  VMRecord,
} from '../domain/model.js';
import type { ActionResult, OperationKind } from '../domain/operation.js';
import type { HttpClient } from './http.js';
import type { BackendLedger } from './ledger/ledger.js';
import type { TaskCodec } from './tasks.js';

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

/** What the backend's snapshots carry and a create may ask for: the capabilities that are not slices of their own. */
export type Flags = Pick<Capabilities, 'memorySnapshots' | 'quiesce' | 'snapshotTree' | 'metadata'>;

/** Drives: a backend that models the disks of its VMs. */
export interface DriveSlice {
  /** Snapshots are taken of single drives rather than of whole VMs. */
  readonly driveSnapshots: boolean;
  /** Drives of these VMs (for VMs whose records carry no `drives`). */
  listDrivesOfVMs(vmKeys: readonly string[]): Promise<DriveRecord[]>;
  /** Every drive of the backend, attached or not. */
  listDrives(): Promise<DriveRecord[]>;
  getDrives(keys: readonly string[]): Promise<(DriveRecord | null)[]>;
  /** Snapshots of these drives. */
  listSnapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]>;
}

export interface RevertSlice {
  revertSnapshot(snapshotKey: string): Promise<ActionResult>;
  /** Why this snapshot cannot be reverted to now, for the client to fix (the VM must be stopped, say); null when it can. */
  refuse?(snapshot: SnapshotRecord, vm: VMRecord | null): string | null;
}

export interface CloneSlice {
  cloneSnapshot(snapshotKey: string, name: string | null): Promise<ActionResult>;
  /** Why this clone cannot be made here (a name the backend cannot carry, a snapshot it cannot copy); null when it can. */
  refuse?(snapshot: SnapshotRecord, name: string | null): Refusal | null;
}

export interface UpdateSlice {
  updateSnapshot(snapshotKey: string, request: UpdateSnapshotRequest): Promise<ActionResult>;
  /** Why this update cannot be made here (a field the backend cannot change, say); null when it can. */
  refuse?(snapshot: SnapshotRecord, request: UpdateSnapshotRequest): string | null;
}

export interface BulkDeleteSlice {
  /** One backend request (or one per VM) for many snapshots; results in key order. */
  deleteSnapshots(snapshotKeys: readonly string[]): Promise<(ActionResult | Error)[]>;
}

export interface SubtreeDeleteSlice {
  /** Deletes the snapshot and every snapshot under it, as the backend does it in one call. */
  deleteSubtree(snapshotKey: string): Promise<ActionResult>;
}

/** Cancel: the backend can stop its tasks (cancelOperation); the task codec's cancel does it. */
export interface CancelSlice {
  /** The kinds of operation whose tasks it can stop. */
  readonly kinds: readonly OperationKind[];
}

export interface ScheduleSlice {
  list(scope: { vmKeys: readonly string[]; driveKeys: readonly string[] }): Promise<ScheduleRecord[]>;
  get(keys: readonly string[]): Promise<(ScheduleRecord | null)[]>;
  create(target: SnapshotTarget, request: ScheduleRequest): Promise<ScheduleRecord>;
  update(key: string, request: Partial<ScheduleRequest>): Promise<ScheduleRecord>;
  delete(key: string): Promise<void>;
}

/** The optional actions, each named after the capability it gives. */
export interface ActionSlices {
  revert: RevertSlice;
  clone: CloneSlice;
  update: UpdateSlice;
  bulkDelete: BulkDeleteSlice;
  subtreeDelete: SubtreeDeleteSlice;
  schedules: ScheduleSlice;
}
export type ActionCapability = keyof ActionSlices;

/**
 * A backend: a required core (VM and snapshot reads, create, delete, ping, its task) and the optional slices it
 * has. What it can do is what it has (capabilitiesOf in capabilities.ts reads it off).
 */
export interface Connector extends Partial<ActionSlices> {
  readonly name: string;
  /** Which operations' tasks it can stop (BackendCapabilities.cancel); none where absent. */
  readonly cancel?: CancelSlice;
  /** Its backend's kind (registry.ts); a string here, so connectors need not know the list they are in. */
  readonly kind: string;
  readonly flags: Flags;
  /** What this VM lacks of what the backend can do (a stopped VM's memory, an instance's revert), where that differs. */
  lacksFor?(vm: VMRecord): readonly Capability[];
  /** The namespace a VM, drive or snapshot key lies in, for backends that have them (tenancy grants name them). */
  namespaceOf?(key: string): string | null;

  /** Every VM of the backend, all pages. */
  listVMs(): Promise<VMRecord[]>;
  /** VMs by key, in key order; null where there is none. */
  getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]>;
  /** Snapshots of these VMs: their whole trees. */
  listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]>;
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
  /** The drives of its VMs, for backends that model them. */
  readonly drives?: DriveSlice;

  /** A cheap call that proves the backend answers. */
  ping(): Promise<void>;

  /**
   * Why this VM or drive cannot be snapshotted here, for the client to fix (a VM where the backend snapshots single
   * drives, say); null when it can. Checked before anything is sent.
   */
  refuseSnapshotTarget?(target: VMRecord | DriveRecord): string | null;
  /** Why the backend would refuse this create on this target (a character its server cannot carry, say). */
  refuseCreate?(request: CreateSnapshotRequest, target: VMRecord | DriveRecord): Refusal | null;
  createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult>;
  /** Why the backend would refuse to delete this snapshot now (its state, say); null when it would not. */
  refuseDelete?(snapshot: SnapshotRecord): string | null;
  deleteSnapshot(snapshotKey: string): Promise<ActionResult>;

  /**
   * What an operation of this kind says while the backend acts on it, where the backend gives no figures and no
   * task to follow (a synchronous call); "Sent to the backend" where absent.
   */
  actingMessage?(kind: OperationKind): string | null;

  /** Reads back the tasks its actions answer (ActionResult.task), as its own type. */
  readonly tasks: TaskCodec;

  close(): Promise<void>;
}

/** What a connector factory receives: its configured name, where the backend is, and how to reach it. */
/**
 * What a connector factory receives: its configured name, where the backend is, how to reach it, and its
 * credentials and settings as its module's schemas read them (backend.ts); as configured, before that.
 */
export interface ConnectorOptions<Credentials = Record<string, string>, Settings = Record<string, unknown>> {
  name: string;
  baseUrl: string;
  http: HttpClient;
  credentials: Credentials;
  /** Backend-specific settings from the config file (clusters, groups...). */
  settings: Settings;
  /** What the gateway knows exists on this backend beyond what its lists say (kept across restarts and replicas). */
  ledger: BackendLedger;
}

export type ConnectorFactory<Credentials = Record<string, string>, Settings = Record<string, unknown>> = (
  options: ConnectorOptions<Credentials, Settings>,
) => Connector;
