// cloneSnapshot: clone a snapshot into a new drive.
import { z } from 'zod';
import { builder } from '../builder.js';
import { UnsupportedOperationError } from '../errors.js';
import { actOnSnapshot, capable, idempotencyKeySchema, idSchema, nameSchema } from './common.js';
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
      actOnSnapshot(ctx, args.input, schema, (input, acting, snapshot) => {
        const clone = capable(acting, 'clone');
        if (clone instanceof UnsupportedOperationError) return clone;
        const name = input.name ?? null;
        return { intent: { kind: 'CLONE_SNAPSHOT', snapshotKey: snapshot.key, name }, request: { name }, action: () => clone.cloneSnapshot(snapshot.key, name) };
      }),
  }),
);
