// The enums of the contract, built from the domain's lists so the two cannot drift apart.
import {
  BACKEND_KINDS,
  CIRCUIT_STATES,
  DRIVE_STATUSES,
  HEALTH_STATUSES,
  POWER_STATES,
  SNAPSHOT_STATUSES,
} from '../domain/model.js';
import { OPERATION_KINDS, OPERATION_STATUSES } from '../domain/operation.js';
import { builder } from './builder.js';

export const BackendKindEnum = builder.enumType('BackendKind', {
  values: {
    LIBVIRT: { description: "The 'VM Snapshot API' REST service (/api/v1/vms/{name}/snapshots)." },
    MANAGEIQ: { description: 'ManageIQ REST API (/api/vms/:id/snapshots, /api/instances/:id/snapshots).' },
    CLOUDSIGMA: { description: 'CloudSigma API 2.0 (/snapshots/, /drives/, /servers/).' },
    DANUBE: { description: 'Danube Cloud (/vm/{hostname}/snapshot/..., snapshot definitions).' },
    DENVR: { description: 'DenvrCloud API (/api/v1/servers/snapshots/...).' },
  } satisfies Record<(typeof BACKEND_KINDS)[number], { description: string }>,
});
export const HealthStatusEnum = builder.enumType('HealthStatus', { values: HEALTH_STATUSES });
export const CircuitStateEnum = builder.enumType('CircuitState', {
  description: "The circuit breaker in front of a backend's HTTP calls.",
  values: {
    CLOSED: { description: 'Calls go through.' },
    OPEN: { description: 'The backend failed too often in a row: calls fail at once (code CIRCUIT_OPEN) until it is tried again.' },
    HALF_OPEN: { description: 'The backend is being tried again; the outcome closes or reopens the circuit.' },
  } satisfies Record<(typeof CIRCUIT_STATES)[number], { description: string }>,
});
export const PowerStateEnum = builder.enumType('PowerState', { values: POWER_STATES });
export const VMKindEnum = builder.enumType('VMKind', {
  values: { VM: {}, INSTANCE: { description: 'A cloud instance (ManageIQ instances).' } },
});
export const DriveStatusEnum = builder.enumType('DriveStatus', { values: DRIVE_STATUSES });
export const SnapshotStatusEnum = builder.enumType('SnapshotStatus', { values: SNAPSHOT_STATUSES });
export const OperationKindEnum = builder.enumType('OperationKind', { values: OPERATION_KINDS });
export const OperationStatusEnum = builder.enumType('OperationStatus', { values: OPERATION_STATUSES });
