// The enums of the contract, built from the domain's lists so the two cannot drift apart.
import { BACKENDS } from '../connectors/registry.js';
import {
  CIRCUIT_STATES,
  DRIVE_STATUSES,
  HEALTH_STATUSES,
  POWER_STATES,
  SNAPSHOT_STATUSES,
} from '../domain/model.js';
import { OPERATION_KINDS, OPERATION_STATUSES } from '../domain/operation.js';
import { builder } from './builder.js';

// One value per backend of the registry, described by its module.
export const BackendKindEnum = builder.enumType('BackendKind', {
  description: 'Which API a backend speaks (its connector).',
  values: Object.fromEntries(BACKENDS.map((backend) => [backend.kind, { description: backend.description }])),
});
export const HealthStatusEnum = builder.enumType('HealthStatus', {
  description: 'How a backend answered its last health check.',
  values: {
    UP: { description: 'It answered.' },
    DEGRADED: { description: 'It answered, but slowly (its health check took longer than the threshold, 2 s by default).' },
    DOWN: { description: 'It did not answer, or its circuit is open.' },
  } satisfies Record<(typeof HEALTH_STATUSES)[number], { description: string }>,
});
export const CircuitStateEnum = builder.enumType('CircuitState', {
  description: "The circuit breaker in front of a backend's HTTP calls.",
  values: {
    CLOSED: { description: 'Calls go through.' },
    OPEN: { description: 'The backend failed too often in a row: calls fail at once (code CIRCUIT_OPEN) until it is tried again.' },
    HALF_OPEN: { description: 'The backend is being tried again; the outcome closes or reopens the circuit.' },
  } satisfies Record<(typeof CIRCUIT_STATES)[number], { description: string }>,
});
export const PowerStateEnum = builder.enumType('PowerState', {
  description: "A VM's power state, as its backend reports it.",
  values: {
    RUNNING: { description: 'Running.' },
    PAUSED: { description: 'Paused or suspended: its memory is kept.' },
    STOPPED: { description: 'Off.' },
    UNKNOWN: { description: 'The backend says something else, or nothing yet (a machine being set up).' },
  } satisfies Record<(typeof POWER_STATES)[number], { description: string }>,
});
export const VMKindEnum = builder.enumType('VMKind', {
  description: 'What kind of machine a VM is.',
  values: { VM: { description: 'A virtual machine of a hypervisor.' }, INSTANCE: { description: 'A cloud instance (ManageIQ instances).' } },
});
export const DriveStatusEnum = builder.enumType('DriveStatus', {
  description: "A drive's state, as its backend reports it.",
  values: {
    CREATING: { description: 'Being made (a clone being copied, say).' },
    READY: { description: 'Usable and attached to nothing.' },
    IN_USE: { description: 'Attached to a VM.' },
    ERROR: { description: 'The backend reports it broken.' },
    UNKNOWN: { description: 'The backend says something else.' },
  } satisfies Record<(typeof DRIVE_STATUSES)[number], { description: string }>,
});
export const SnapshotStatusEnum = builder.enumType('SnapshotStatus', {
  description: "A snapshot's state, as its backend reports it.",
  values: {
    CREATING: { description: 'Being taken.' },
    READY: { description: 'Taken, and usable.' },
    DELETING: { description: 'Being deleted.' },
    ERROR: { description: 'The backend reports it failed or broken.' },
  } satisfies Record<(typeof SNAPSHOT_STATUSES)[number], { description: string }>,
});
export const OperationKindEnum = builder.enumType('OperationKind', {
  description: 'What an operation does (the mutation that started it).',
  values: {
    CREATE_SNAPSHOT: { description: 'Takes a snapshot (createSnapshot).' },
    REVERT_SNAPSHOT: { description: 'Reverts a VM or drive to a snapshot (revertSnapshot).' },
    CLONE_SNAPSHOT: { description: 'Makes a new drive or VM from a snapshot (cloneSnapshot).' },
    DELETE_SNAPSHOT: { description: 'Deletes one snapshot, or many (deleteSnapshot, deleteSnapshots).' },
    UPDATE_SNAPSHOT: { description: "Changes a snapshot's name, description or metadata (updateSnapshot)." },
  } satisfies Record<(typeof OPERATION_KINDS)[number], { description: string }>,
});
export const OperationStatusEnum = builder.enumType('OperationStatus', {
  description: 'Where an operation is; SUCCEEDED, FAILED and CANCELLED are final.',
  values: {
    PENDING: { description: 'Accepted, not sent to the backend yet.' },
    RUNNING: { description: 'Sent; the backend is at work (progress and message say how far, where it tells).' },
    SUCCEEDED: { description: 'The backend did it (after a cancel that came too late too: message says so).' },
    FAILED: { description: 'It did not happen, or its outcome is unknown: error says which and why.' },
    CANCELLED: {
      description: 'Stopped by cancelOperation before it took effect: the backend confirmed it stopped the task and shows nothing of it (or it was never sent).',
    },
  } satisfies Record<(typeof OPERATION_STATUSES)[number], { description: string }>,
});
