// cloneSnapshot: clone a snapshot into a new drive.
import { z } from 'zod';
import { planCloneSnapshot } from '../../operations/planning/cloneSnapshot.js';
import { builder } from '../builder.js';
import { actOnSnapshot, IDEMPOTENCY_KEY, idempotencyKeySchema, idSchema, INPUT_ARG, nameSchema } from './common.js';
import { CloneSnapshotResult } from './results.js';

const CloneSnapshotInput = builder.inputType('CloneSnapshotInput', {
  description: 'A snapshot to clone, and the name of what it makes.',
  fields: (t) => ({
    snapshotId: t.id({ required: true, description: 'The snapshot to clone.' }),
    name: t.string({ description: "Name of the new drive; the backend's naming applies when absent." }),
    idempotencyKey: t.string(IDEMPOTENCY_KEY),
  }),
});

const schema = z.object({ snapshotId: idSchema, name: nameSchema.nullish(), idempotencyKey: idempotencyKeySchema.nullish() });

builder.mutationField('cloneSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: CloneSnapshotResult,
    description: 'Clone a snapshot into a new drive.',
    args: { input: t.arg({ type: CloneSnapshotInput, ...INPUT_ARG }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, schema, (snapshot, input) => planCloneSnapshot(ctx, { snapshot, name: input.name ?? null })),
  }),
);
