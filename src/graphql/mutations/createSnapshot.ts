// createSnapshot: snapshot a VM, or a single drive where the backend snapshots drives.
import { z } from 'zod';
import { planCreateSnapshot } from '../../operations/planning/createSnapshot.js';
import { builder } from '../builder.js';
import { ValidationError } from '../errors.js';
import {
  decodeFor,
  descriptionSchema,
  idempotencyKeySchema,
  idSchema,
  MetadataEntryInput,
  metadataSchema,
  nameSchema,
  startPlanned,
  validate,
} from './common.js';
import { CreateSnapshotResult, type OperationResult } from './results.js';

const CreateSnapshotInput = builder.inputType('CreateSnapshotInput', {
  fields: (t) => ({
    targetId: t.id({ required: true, description: 'A VM id, or a Drive id on a backend with driveSnapshots.' }),
    name: t.string({ required: true }),
    description: t.string(),
    includeMemory: t.boolean({ defaultValue: false }),
    quiesce: t.boolean({ defaultValue: false }),
    metadata: t.field({ type: [MetadataEntryInput] }),
    idempotencyKey: t.string({
      description: 'Replaying a mutation with the same key returns the same Operation instead of acting twice.',
    }),
  }),
});

const schema = z.object({
  targetId: idSchema,
  name: nameSchema,
  description: descriptionSchema.nullish(),
  includeMemory: z.boolean().nullish(),
  quiesce: z.boolean().nullish(),
  metadata: metadataSchema.nullish(),
  idempotencyKey: idempotencyKeySchema.nullish(),
});

builder.mutationField('createSnapshot', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: CreateSnapshotResult,
    description: 'Snapshot a VM, or a single drive where the backend snapshots drives.',
    args: { input: t.arg({ type: CreateSnapshotInput, required: true }) },
    resolve: async (_root, args, ctx): Promise<OperationResult> => {
      const input = validate(schema, args.input);
      if (input instanceof ValidationError) return input;
      const target = decodeFor(input.targetId, 'input.targetId', ['VM', 'Drive']);
      if (target instanceof ValidationError) return target;
      const request = {
        name: input.name,
        description: input.description ?? null,
        includeMemory: input.includeMemory ?? false,
        quiesce: input.quiesce ?? false,
        metadata: input.metadata ?? [],
      };
      const planned = await planCreateSnapshot(ctx, { target, request, idempotent: Boolean(input.idempotencyKey) });
      return startPlanned(ctx, planned, input.idempotencyKey);
    },
  }),
);
