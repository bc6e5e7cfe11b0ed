// revertSnapshot: bring a VM back to a snapshot's state.
import { builder } from '../builder.js';
import { actOnSnapshot, snapshotActionSchema, unsupported } from './common.js';
import { RevertSnapshotResult } from './results.js';

const RevertSnapshotInput = builder.inputType('RevertSnapshotInput', {
  fields: (t) => ({ snapshotId: t.id({ required: true }), idempotencyKey: t.string() }),
});

builder.mutationField('revertSnapshot', (t) =>
  t.field({
    type: RevertSnapshotResult,
    args: { input: t.arg({ type: RevertSnapshotInput, required: true }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, snapshotActionSchema, (_input, acting, snapshot) => {
        const revert = acting.connector.revertSnapshot?.bind(acting.connector);
        return (
          unsupported(acting, 'revert', revert !== undefined) ?? {
            kind: 'REVERT_SNAPSHOT',
            request: null,
            action: () => (revert ? revert(snapshot.key) : Promise.reject(new Error('revert is not implemented'))),
          }
        );
      }),
  }),
);
