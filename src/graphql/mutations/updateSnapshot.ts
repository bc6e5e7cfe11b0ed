// updateSnapshot: rename, re-describe or re-tag a snapshot where the backend allows it.
import { z } from 'zod';
import { planUpdateSnapshot } from '../../operations/planning/updateSnapshot.js';
import { builder } from '../builder.js';
import { actOnSnapshot, descriptionSchema, idSchema, INPUT_ARG, MetadataEntryInput, metadataSchema, nameSchema } from './common.js';
import { UpdateSnapshotResult } from './results.js';

const UpdateSnapshotInput = builder.inputType('UpdateSnapshotInput', {
  description: 'What to change of a snapshot; fields left out stay as they are.',
  fields: (t) => ({
    snapshotId: t.id({ required: true, description: 'The snapshot to change.' }),
    name: t.string({ description: 'A new name: 1 to 128 characters, free on its target (where the backend renames).' }),
    description: t.string({ description: 'A new description: at most 1024 characters.' }),
    metadata: t.field({ type: [MetadataEntryInput], description: 'The metadata it is to carry, instead of what it carries (capabilities.metadata).' }),
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
    args: { input: t.arg({ type: UpdateSnapshotInput, ...INPUT_ARG }) },
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
