// The payloads and result unions mutations answer: an Operation, or one of the typed errors.
import type { ScheduleRecord, SnapshotRecord } from '../../domain/model.js';
import type { OperationRecord } from '../../domain/operation.js';
import { builder, READ_SCOPED } from '../builder.js';
import { errorTypename, TYPED_ERRORS, type TypedError } from '../errors.js';
import { OperationRef, ScheduleRef, SnapshotRef } from '../refs.js';

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

/** One deletion of a deleteSnapshots dry run: what would be deleted, when, why, and whether it would be sent. */
export class PlannedDeletionAnswer {
  constructor(
    readonly snapshot: SnapshotRecord,
    readonly step: number,
    readonly because: SnapshotRecord | null,
    readonly under: readonly SnapshotRecord[],
    readonly refusal: string | null,
  ) {}
}

const PlannedDeletionRef = builder.objectType(PlannedDeletionAnswer, {
  // What it says of a snapshot (its name in a refusal, whether it is current) is estate data.
  ...READ_SCOPED,
  name: 'PlannedDeletion',
  description:
    "One deletion of deleteSnapshots' plan (its dryRun answer; a real run follows the same plan): each VM's or drive's deletions run one after another in step order, leaves first and newest first; other VMs' beside them.",
  isTypeOf: (value) => value instanceof PlannedDeletionAnswer,
  fields: (t) => ({
    snapshot: t.field({ type: SnapshotRef, description: 'The snapshot it deletes.', resolve: (p) => p.snapshot }),
    step: t.exposeInt('step', {
      description: "Its place among its VM's (or drive's) deletions, 1 first; those one backend request deletes together share a step.",
    }),
    because: t.field({
      type: SnapshotRef,
      nullable: true,
      description: 'The snapshot given whose descendant it is (includeDescendants); null for one given itself.',
      resolve: (p) => p.because,
    }),
    after: t.field({
      type: [SnapshotRef],
      description: 'The snapshots under it in this plan: each is deleted, and must have succeeded, before it is sent.',
      resolve: (p) => [...p.under],
    }),
    current: t.boolean({
      description: "It is its VM's current snapshot (deleting it moves the VM's current marker, by the backend's rule).",
      resolve: (p) => p.snapshot.isCurrent,
    }),
    refusal: t.exposeString('refusal', {
      nullable: true,
      description: 'Why it would not be sent: the backend would refuse it, or a snapshot under it cannot be deleted. A real run answers a ValidationError for it; null when it goes ahead.',
    }),
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
export const DeleteSnapshotResult = builder.unionType('DeleteSnapshotResult', {
  description:
    'An OperationPayload when the delete was accepted; a PlannedDeletion in the answer of a deleteSnapshots dry run; otherwise the typed error that says why not (nothing was sent).',
  types: [OperationPayloadRef, PlannedDeletionRef, ...TYPED_ERRORS],
  resolveType: (value) =>
    value instanceof OperationPayload ? 'OperationPayload' : value instanceof PlannedDeletionAnswer ? 'PlannedDeletion' : errorTypename(value),
});
export const UpdateSnapshotResult = operationResult('UpdateSnapshotResult');
export const CancelOperationResult = operationResult('CancelOperationResult');
export const SnapshotScheduleResult = builder.unionType('SnapshotScheduleResult', {
  description: 'The schedule when the backend took the change; otherwise the typed error that says why not.',
  types: [SchedulePayloadRef, ...TYPED_ERRORS],
  resolveType: (value) => (value instanceof SnapshotSchedulePayload ? 'SnapshotSchedulePayload' : errorTypename(value)),
});
