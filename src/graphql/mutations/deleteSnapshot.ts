// deleteSnapshot: remove one snapshot.
import { planDeleteSnapshot } from '../../operations/planning/deleteSnapshots.js';
import { builder } from '../builder.js';
import { actOnSnapshot, snapshotActionSchema } from './common.js';
import { DeleteSnapshotResult } from './results.js';

const DeleteSnapshotInput = builder.inputType('DeleteSnapshotInput', {
  fields: (t) => ({ snapshotId: t.id({ required: true }), idempotencyKey: t.string() }),
});

builder.mutationField('deleteSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: DeleteSnapshotResult,
    args: { input: t.arg({ type: DeleteSnapshotInput, required: true }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, snapshotActionSchema, (snapshot) => planDeleteSnapshot(ctx, { snapshot })),
  }),
);
