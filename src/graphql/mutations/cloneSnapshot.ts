// cloneSnapshot: clone a snapshot into a new drive.
import { z } from 'zod';
import { planCloneSnapshot } from '../../operations/planning/cloneSnapshot.js';
import { builder } from '../builder.js';
import { actOnSnapshot, idempotencyKeySchema, idSchema, nameSchema } from './common.js';
import { CloneSnapshotResult } from './results.js';

const CloneSnapshotInput = builder.inputType('CloneSnapshotInput', {
  fields: (t) => ({
    snapshotId: t.id({ required: true }),
    name: t.string({ description: "Name of the new drive; the backend's naming applies when absent." }),
    idempotencyKey: t.string(),
  }),
});

const schema = z.object({ snapshotId: idSchema, name: nameSchema.nullish(), idempotencyKey: idempotencyKeySchema.nullish() });

builder.mutationField('cloneSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: CloneSnapshotResult,
    description: 'Clone a snapshot into a new drive.',
    args: { input: t.arg({ type: CloneSnapshotInput, required: true }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, schema, (snapshot, input) => planCloneSnapshot(ctx, { snapshot, name: input.name ?? null })),
  }),
);
