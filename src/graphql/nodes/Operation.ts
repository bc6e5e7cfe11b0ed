// The Operation type, its filter and connection, and the operation / operations queries.
import type { OperationErrorRecord, OperationRecord } from '../../domain/operation.js';
import { builder } from '../builder.js';
import { seesOperation } from '../context.js';
import type { OperationPosition } from '../../operations/store.js';
import { connectionType, decodeCursor, encodeCursor, pageSize } from '../connection.js';
import { badInput } from '../lookup.js';
import { OperationKindEnum, OperationStatusEnum } from '../enums.js';
import { decodeId } from '../ids.js';
import { backendNames, backendOf, decodeArg, driveAt, loadNode, loadOperation } from '../lookup.js';
import { BackendRef, DriveRef, NodeRef, OperationRef, SnapshotRef } from '../refs.js';

const OperationErrorRef = builder.objectRef<OperationErrorRecord>('OperationError').implement({
  description: 'Why an operation FAILED (or that its outcome is unknown, and what to check).',
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'Why the operation failed: for a backend failure one of the BackendError codes (docs/errors.md); else INTERRUPTED, TASK_LOST, TIMEOUT, INTERNAL, or the code of the failed backend task.',
    }),
    message: t.exposeString('message', { description: 'What went wrong, in words for a person.' }),
    backendCode: t.string({
      nullable: true,
      description: "The backend's own error code, if it sent one.",
      resolve: (error) => error.backendCode ?? null,
    }),
    httpStatus: t.int({
      nullable: true,
      description: 'The HTTP status the backend answered, if it answered.',
      resolve: (error) => error.httpStatus ?? null,
    }),
  }),
});

export const OperationFilter = builder.inputType('OperationFilter', {
  description: 'Which operations to list or hear of; every field left out matches all.',
  fields: (t) => ({
    backendIds: t.idList({ description: 'Only operations on these backends (Backend ids).' }),
    kinds: t.field({ type: [OperationKindEnum], description: 'Only these kinds.' }),
    statuses: t.field({ type: [OperationStatusEnum], description: 'Only operations in one of these states.' }),
    targetId: t.id({ description: 'Only operations acting on this VM, drive or snapshot.' }),
  }),
});

interface OperationFilterShape {
  backendIds?: string[] | null;
  kinds?: OperationRecord['kind'][] | null;
  statuses?: OperationRecord['status'][] | null;
  targetId?: string | null;
}

/** A predicate for the filter; decoding its ids once, so a malformed one fails the request, not each event. */
/** An operations cursor: the creation time and id of the last operation on the page. */
const encodePosition = (op: OperationRecord): string => encodeCursor(`${Date.parse(op.createdAt)}:${op.id}`);

function decodePosition(cursor: string): OperationPosition {
  const match = /^(\d{1,16}):(.+)$/.exec(decodeCursor(cursor));
  if (!match?.[1] || !match[2]) throw badInput(`'after' is not a cursor from this list`);
  return { createdAtMs: Number(match[1]), id: match[2] };
}

export function operationMatcher(filter: OperationFilterShape | null | undefined): (op: OperationRecord) => boolean {
  const backends = backendNames(filter?.backendIds, 'filter.backendIds');
  if (filter?.targetId) decodeArg(filter.targetId, ['VM', 'Drive', 'Snapshot'], 'filter.targetId');
  return (op) =>
    (!backends || backends.has(op.backend)) &&
    (!filter?.kinds || filter.kinds.includes(op.kind)) &&
    (!filter?.statuses || filter.statuses.includes(op.status)) &&
    (!filter?.targetId || filter.targetId === op.targetId);
}

OperationRef.implement({
  description: "Every mutation starts an Operation; a synchronous backend's is SUCCEEDED as soon as the backend answers.",
  interfaces: [NodeRef],
  fields: (t) => ({
    kind: t.field({ type: OperationKindEnum, description: 'What it does.', resolve: (op) => op.kind }),
    status: t.field({ type: OperationStatusEnum, description: 'Where it is; SUCCEEDED, FAILED and CANCELLED are final.', resolve: (op) => op.status }),
    progress: t.exposeFloat('progress', {
      nullable: true,
      description: 'Percent, 0 to 100; null while the backend reports none.',
    }),
    message: t.exposeString('message', { nullable: true, description: 'What is happening now, or what happened, in words (a phase, where the backend gives no figures).' }),
    backend: t.field({ type: BackendRef, description: 'The backend it acts on.', resolve: (op, _args, ctx) => backendOf(ctx, op) }),
    target: t.field({
      type: NodeRef,
      nullable: true,
      description: 'The VM, Drive or Snapshot the operation acts on.',
      resolve: (op, _args, ctx) => {
        const decoded = decodeId(op.targetId);
        return decoded ? loadNode(ctx, decoded) : null;
      },
    }),
    snapshot: t.field({
      type: SnapshotRef,
      nullable: true,
      description: 'The snapshot created, reverted to, updated or deleted (null once a deleted one is gone).',
      resolve: (op, _args, ctx) =>
        op.snapshotKey === null ? null : ctx.loaders.snapshot.load({ backend: op.backend, key: op.snapshotKey }),
    }),
    drive: t.field({
      type: DriveRef,
      nullable: true,
      description: 'The drive a clone produced.',
      resolve: (op, _args, ctx) => driveAt(ctx, op),
    }),
    error: t.field({ type: OperationErrorRef, nullable: true, description: 'Why it FAILED; null otherwise.', resolve: (op) => op.error }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was accepted.', resolve: (op) => op.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed (status, progress or message).', resolve: (op) => op.updatedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it reached SUCCEEDED, FAILED or CANCELLED; null until then.', resolve: (op) => op.finishedAt }),
  }),
});

const OperationConnection = connectionType('Operation', OperationRef);

builder.queryFields((t) => ({
  operation: t.field({
    type: OperationRef,
    nullable: true,
    description: 'An operation by its id; null when there is none (finished ones are kept for the configured retention), or the caller may not see it.',
    args: { id: t.arg.id({ required: true, description: "The operation's id (OperationPayload.operation.id)." }) },
    resolve: (_root, { id }, ctx) => loadOperation(ctx, decodeArg(id, ['Operation'], 'id').key),
  }),
  operations: t.field({
    type: OperationConnection,
    description: 'Operations, newest first.',
    args: {
      first: t.arg.int({ description: 'How many operations after `after` (or from the newest): 50 by default, at most the configured maxPageSize (1000 by default).' }),
      after: t.arg.string({ description: 'A cursor of this list (an edge\'s cursor, pageInfo.endCursor): only older operations.' }),
      filter: t.arg({ type: OperationFilter, description: 'Which operations to list.' }),
    },
    resolve: async (_root, args, ctx) => {
      const matches = operationMatcher(args.filter);
      const accept = (op: OperationRecord) => matches(op) && seesOperation(ctx, op);
      const limit = pageSize(ctx, args.first);
      const after = args.after === null || args.after === undefined ? null : decodePosition(args.after);
      // The store pages (Redis reads only as far as the page needs); the total is counted only when asked for.
      const { records, hasNext } = await ctx.gateway.engine.page({ accept, after, limit });
      const edges = records.map((op) => ({ cursor: encodePosition(op), node: op }));
      return {
        edges,
        pageInfo: {
          hasNextPage: hasNext,
          hasPreviousPage: after !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: () => ctx.gateway.engine.count(accept),
        backendErrors: [],
      };
    },
  }),
}));
