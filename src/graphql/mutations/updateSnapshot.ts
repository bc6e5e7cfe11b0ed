// updateSnapshot: rename, re-describe or re-tag a snapshot where the backend allows it.
import { z } from 'zod';
import { builder } from '../builder.js';
import { UnsupportedOperationError, ValidationError } from '../errors.js';
import {
  actOnSnapshot,
  capable,
  descriptionSchema,
  idSchema,
  MetadataEntryInput,
  metadataSchema,
  nameSchema,
  unsupported,
} from './common.js';
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
      actOnSnapshot(ctx, args.input, schema, (input, acting, snapshot) => {
        const update = capable(acting, 'update');
        const request = {
          ...(input.name != null && { name: input.name }),
          ...(input.description != null && { description: input.description }),
          ...(input.metadata != null && { metadata: input.metadata }),
        };
        if (Object.keys(request).length === 0) {
          return new ValidationError('input: give at least one of name, description or metadata', 'input');
        }
        if (update instanceof UnsupportedOperationError) return update;
        const lacking = request.metadata ? unsupported(acting, 'metadata') : null;
        if (lacking) return lacking;
        const refused = update.refuse?.(snapshot, request);
        if (refused) return new ValidationError(`input: ${refused}`, 'input');
        return { intent: { kind: 'UPDATE_SNAPSHOT', snapshotKey: snapshot.key, request }, request, action: () => update.updateSnapshot(snapshot.key, request) };
      }),
  }),
);
