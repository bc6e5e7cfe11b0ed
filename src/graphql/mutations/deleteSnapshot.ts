// deleteSnapshot: remove one snapshot, or a snapshot with every one under it.
import { z } from 'zod';
import { planDeleteSnapshot } from '../../operations/planning/deleteSnapshots.js';
import { builder } from '../builder.js';
import { actOnSnapshot, IDEMPOTENCY_KEY, INPUT_ARG, snapshotActionSchema } from './common.js';
import { DeleteSnapshotResult } from './results.js';

const DeleteSnapshotInput = builder.inputType('DeleteSnapshotInput', {
  description: 'A snapshot to delete.',
  fields: (t) => ({
    snapshotId: t.id({ required: true, description: 'The snapshot to delete.' }),
    includeDescendants: t.boolean({
      defaultValue: false,
      description: 'Delete every snapshot under this one with it, in one backend call (where capabilities.subtreeDelete says it can).',
    }),
    idempotencyKey: t.string(IDEMPOTENCY_KEY),
  }),
});

const deleteSnapshotSchema = snapshotActionSchema.extend({ includeDescendants: z.boolean().nullish() });

builder.mutationField('deleteSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: DeleteSnapshotResult,
    description: 'Delete a snapshot (with every snapshot under it, given includeDescendants, where the backend can).',
    args: { input: t.arg({ type: DeleteSnapshotInput, ...INPUT_ARG }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, deleteSnapshotSchema, (snapshot, input) =>
        planDeleteSnapshot(ctx, { snapshot, includeDescendants: input.includeDescendants ?? false }),
      ),
  }),
);
