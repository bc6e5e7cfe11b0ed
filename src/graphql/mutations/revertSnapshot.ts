// revertSnapshot: bring a VM back to a snapshot's state.
import { planRevertSnapshot } from '../../operations/planning/revertSnapshot.js';
import { builder } from '../builder.js';
import { actOnSnapshot, snapshotActionSchema } from './common.js';
import { RevertSnapshotResult } from './results.js';

const RevertSnapshotInput = builder.inputType('RevertSnapshotInput', {
  fields: (t) => ({ snapshotId: t.id({ required: true }), idempotencyKey: t.string() }),
});

builder.mutationField('revertSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: RevertSnapshotResult,
    args: { input: t.arg({ type: RevertSnapshotInput, required: true }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, snapshotActionSchema, (snapshot) => planRevertSnapshot(ctx, { snapshot })),
  }),
);
