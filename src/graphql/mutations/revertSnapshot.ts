// revertSnapshot: bring a VM back to a snapshot's state.
import { builder } from '../builder.js';
import { UnsupportedOperationError, ValidationError } from '../errors.js';
import { vmAt } from '../lookup.js';
import { actOnSnapshot, capable, snapshotActionSchema } from './common.js';
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
      actOnSnapshot(ctx, args.input, snapshotActionSchema, async (_input, acting, snapshot) => {
        const revert = capable(acting, 'revert');
        if (revert instanceof UnsupportedOperationError) return revert;
        const refused = revert.refuse?.(snapshot, await vmAt(ctx, snapshot));
        if (refused) return new ValidationError(`input.snapshotId: ${refused}`, 'input.snapshotId');
        return {
          intent: { kind: 'REVERT_SNAPSHOT', snapshotKey: snapshot.key, wasCurrent: snapshot.isCurrent },
          request: null,
          action: () => revert.revertSnapshot(snapshot.key),
        };
      }),
  }),
);
