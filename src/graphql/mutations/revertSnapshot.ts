// revertSnapshot: bring a VM back to a snapshot's state.
import { planRevertSnapshot } from '../../operations/planning/revertSnapshot.js';
import { builder } from '../builder.js';
import { actOnSnapshot, IDEMPOTENCY_KEY, INPUT_ARG, snapshotActionSchema } from './common.js';
import { RevertSnapshotResult } from './results.js';

const RevertSnapshotInput = builder.inputType('RevertSnapshotInput', {
  description: 'The snapshot to revert to.',
  fields: (t) => ({
    snapshotId: t.id({ required: true, description: 'The snapshot its VM (or drive) goes back to.' }),
    idempotencyKey: t.string(IDEMPOTENCY_KEY),
  }),
});

builder.mutationField('revertSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: RevertSnapshotResult,
    description: "Revert a VM (or drive) to a snapshot: what was written since is lost (the backend's page says what it needs, a stopped VM say).",
    args: { input: t.arg({ type: RevertSnapshotInput, ...INPUT_ARG }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, snapshotActionSchema, (snapshot) => planRevertSnapshot(ctx, { snapshot })),
  }),
);
