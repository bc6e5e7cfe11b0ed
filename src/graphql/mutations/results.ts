// The payloads and result unions mutations answer: an Operation, or one of the typed errors.
import type { ScheduleRecord } from '../../domain/model.js';
import type { OperationRecord } from '../../domain/operation.js';
import { builder } from '../builder.js';
import { errorTypename, TYPED_ERRORS, type TypedError } from '../errors.js';
import { OperationRef, ScheduleRef } from '../refs.js';

export class OperationPayload {
  constructor(readonly operation: OperationRecord) {}
}

export class SnapshotSchedulePayload {
  constructor(readonly schedule: ScheduleRecord | null) {}
}

const OperationPayloadRef = builder.objectType(OperationPayload, {
  name: 'OperationPayload',
  description: 'The mutation was accepted: follow its operation (Subscription.operation) to its end.',
  isTypeOf: (value) => value instanceof OperationPayload,
  fields: (t) => ({
    operation: t.field({ type: OperationRef, description: 'The operation started (or, for a replayed idempotencyKey, the one started before).', resolve: (p) => p.operation }),
  }),
});

const SchedulePayloadRef = builder.objectType(SnapshotSchedulePayload, {
  name: 'SnapshotSchedulePayload',
  description: 'The schedule as the backend now holds it.',
  isTypeOf: (value) => value instanceof SnapshotSchedulePayload,
  fields: (t) => ({
    schedule: t.field({ type: ScheduleRef, nullable: true, description: 'Null after a delete.', resolve: (p) => p.schedule }),
  }),
});

export type OperationResult = OperationPayload | TypedError;
export type ScheduleResult = SnapshotSchedulePayload | TypedError;

const operationResult = (name: string) =>
  builder.unionType(name, {
    description: 'An OperationPayload when the mutation was accepted; otherwise the typed error that says why not (nothing was sent).',
    types: [OperationPayloadRef, ...TYPED_ERRORS],
    resolveType: (value) => (value instanceof OperationPayload ? 'OperationPayload' : errorTypename(value)),
  });

export const CreateSnapshotResult = operationResult('CreateSnapshotResult');
export const RevertSnapshotResult = operationResult('RevertSnapshotResult');
export const CloneSnapshotResult = operationResult('CloneSnapshotResult');
export const DeleteSnapshotResult = operationResult('DeleteSnapshotResult');
export const UpdateSnapshotResult = operationResult('UpdateSnapshotResult');
export const CancelOperationResult = operationResult('CancelOperationResult');
export const SnapshotScheduleResult = builder.unionType('SnapshotScheduleResult', {
  description: 'The schedule when the backend took the change; otherwise the typed error that says why not.',
  types: [SchedulePayloadRef, ...TYPED_ERRORS],
  resolveType: (value) => (value instanceof SnapshotSchedulePayload ? 'SnapshotSchedulePayload' : errorTypename(value)),
});
