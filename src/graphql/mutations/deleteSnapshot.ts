// deleteSnapshot: remove one snapshot.
import { builder } from '../builder.js';
import { actOnSnapshot, snapshotActionSchema } from './common.js';
import { DeleteSnapshotResult } from './results.js';

export const DeleteSnapshotInput = builder.inputType('DeleteSnapshotInput', {
  fields: (t) => ({ snapshotId: t.id({ required: true }), idempotencyKey: t.string() }),
});

builder.mutationField('deleteSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: DeleteSnapshotResult,
    args: { input: t.arg({ type: DeleteSnapshotInput, required: true }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, snapshotActionSchema, (_input, { connector }, snapshot) => ({
        intent: { kind: 'DELETE_SNAPSHOT', snapshotKey: snapshot.key },
        request: null,
        action: () => connector.deleteSnapshot(snapshot.key),
      })),
  }),
);
