// The unified model every connector maps its backend's payloads into: plain data, no behaviour.

/** What an operation does: one kind per snapshot mutation. */
export const OPERATION_KINDS = [
  'CREATE_SNAPSHOT',
  'REVERT_SNAPSHOT',
  'CLONE_SNAPSHOT',
  'DELETE_SNAPSHOT',
  'UPDATE_SNAPSHOT',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const POWER_STATES = ['RUNNING', 'PAUSED', 'STOPPED', 'UNKNOWN'] as const;
export type PowerState = (typeof POWER_STATES)[number];

const VM_KINDS = ['VM', 'INSTANCE'] as const;
export type VMKind = (typeof VM_KINDS)[number];

export const DRIVE_STATUSES = ['CREATING', 'READY', 'IN_USE', 'ERROR', 'UNKNOWN'] as const;
export type DriveStatus = (typeof DRIVE_STATUSES)[number];

export const SNAPSHOT_STATUSES = ['CREATING', 'READY', 'DELETING', 'ERROR'] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

export const HEALTH_STATUSES = ['UP', 'DEGRADED', 'DOWN'] as const;
type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** A backend's circuit breaker: CLOSED lets calls through, OPEN fails them at once, HALF_OPEN is trying the backend again. */
export const CIRCUIT_STATES = ['CLOSED', 'OPEN', 'HALF_OPEN'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** What a backend can do; the names are the fields of the GraphQL BackendCapabilities type. */
export interface Capabilities {
  memorySnapshots: boolean;
  quiesce: boolean;
  revert: boolean;
  clone: boolean;
  driveSnapshots: boolean;
  snapshotTree: boolean;
  bulkDelete: boolean;
  /** A snapshot deletes with every snapshot under it in one backend call. */
  subtreeDelete: boolean;
  update: boolean;
  schedules: boolean;
  /** Snapshots carry key/value metadata that the gateway can set. */
  metadata: boolean;
  /** The kinds of operation cancelOperation can stop on the backend (its task cancel); empty where none. */
  cancel: readonly OperationKind[];
}
/** The capabilities that are a yes or a no: what a refusal names (cancel's kinds are checked on their own). */
export type Capability = { [K in keyof Capabilities]: Capabilities[K] extends boolean ? K : never }[keyof Capabilities];

/** What a snapshot is taken of: a VM, or a single drive where the backend snapshots drives. */
export type SnapshotTarget = { entity: 'VM'; key: string } | { entity: 'Drive'; key: string };

export interface MetadataEntry {
  key: string;
  value: string;
}

/** Every record names its backend (the configured name) and its key there; together they make the global id. */
interface Keyed {
  backend: string;
  key: string;
}

export interface VMRecord extends Keyed {
  entity: 'VM';
  name: string;
  kind: VMKind;
  powerState: PowerState;
  /** Drives the backend sends with the VM itself; undefined when they need a call of their own. */
  drives?: DriveRecord[];
}

export interface DriveRecord extends Keyed {
  entity: 'Drive';
  name: string;
  sizeBytes: number | null;
  status: DriveStatus;
  vmKey: string | null;
  clonedFromKey: string | null;
}

export interface SnapshotRecord extends Keyed {
  entity: 'Snapshot';
  name: string;
  description: string | null;
  createdAt: Date | null;
  status: SnapshotStatus;
  vmPowerState: PowerState | null;
  isCurrent: boolean;
  hasMemory: boolean;
  hasDisk: boolean;
  sizeBytes: number | null;
  /** The VM whose snapshot list holds this snapshot (and its tree), if any. */
  vmKey: string | null;
  driveKey: string | null;
  parentKey: string | null;
  metadata: MetadataEntry[];
  scheduleKey: string | null;
}

export interface ScheduleRecord extends Keyed {
  entity: 'SnapshotSchedule';
  name: string;
  schedule: string;
  retention: number;
  active: boolean;
  description: string | null;
  vmKey: string | null;
  driveKey: string | null;
}

export interface BackendHealthRecord {
  status: HealthStatus;
  checkedAt: Date | null;
  latencyMs: number | null;
  lastError: string | null;
  circuit: CircuitState;
}
