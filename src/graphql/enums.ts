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
  values: Object.fromEntries(BACKENDS.map((backend) => [backend.kind, { description: backend.description }])),
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
