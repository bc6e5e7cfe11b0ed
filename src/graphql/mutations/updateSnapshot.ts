// updateSnapshot: rename, re-describe or re-tag a snapshot where the backend allows it.
import { z } from 'zod';
import { planUpdateSnapshot } from '../../operations/planning/updateSnapshot.js';
import { builder } from '../builder.js';
import { actOnSnapshot, descriptionSchema, idSchema, MetadataEntryInput, metadataSchema, nameSchema } from './common.js';
import { UpdateSnapshotResult } from './results.js';

const UpdateSnapshotInput = builder.inputType('UpdateSnapshotInput', {
  fields: (t) => ({
    snapshotId: t.id({ required: true }),
    name: t.string(),
    description: t.string(),
    metadata: t.field({ type: [MetadataEntryInput] }),
  }),
});

const schema = z.object({
  snapshotId: idSchema,
  name: nameSchema.nullish(),
  description: descriptionSchema.nullish(),
  metadata: metadataSchema.nullish(),
});

builder.mutationField('updateSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: UpdateSnapshotResult,
    description: 'Rename, re-describe or re-tag a snapshot where the backend allows it.',
    args: { input: t.arg({ type: UpdateSnapshotInput, required: true }) },
    resolve: (_root, args, ctx) =>
      actOnSnapshot(ctx, args.input, schema, (snapshot, input) =>
        planUpdateSnapshot(ctx, {
          snapshot,
          request: {
            ...(input.name != null && { name: input.name }),
            ...(input.description != null && { description: input.description }),
            ...(input.metadata != null && { metadata: input.metadata }),
          },
        }),
      ),
  }),
);
