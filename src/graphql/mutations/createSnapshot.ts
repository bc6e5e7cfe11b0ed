// createSnapshot: snapshot a VM, or a single drive where the backend snapshots drives.
import { z } from 'zod';
import { planCreateSnapshot } from '../../operations/planning/createSnapshot.js';
import { builder } from '../builder.js';
import { ValidationError } from '../errors.js';
import {
  decodeFor,
  descriptionSchema,
  IDEMPOTENCY_KEY,
  idempotencyKeySchema,
  idSchema,
  INPUT_ARG,
  MetadataEntryInput,
  metadataSchema,
  nameSchema,
  startPlanned,
  validate,
} from './common.js';
import { CreateSnapshotResult, type OperationResult } from './results.js';

const CreateSnapshotInput = builder.inputType('CreateSnapshotInput', {
  description: 'A snapshot to take.',
  fields: (t) => ({
    targetId: t.id({ required: true, description: 'A VM id, or a Drive id on a backend with driveSnapshots.' }),
    name: t.string({ required: true, description: 'Its name: 1 to 128 characters, no control characters, free on the target (the backend may allow less).' }),
    description: t.string({ description: 'Its description: at most 1024 characters (where the backend keeps one).' }),
    includeMemory: t.boolean({ defaultValue: false, description: "Keep the running VM's memory too (capabilities.memorySnapshots); false by default." }),
    quiesce: t.boolean({ defaultValue: false, description: "Freeze the guest's file systems while it is taken (capabilities.quiesce); false by default." }),
    metadata: t.field({ type: [MetadataEntryInput], description: 'Key/value metadata to set on it (capabilities.metadata).' }),
    idempotencyKey: t.string(IDEMPOTENCY_KEY),
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
    args: { input: t.arg({ type: CreateSnapshotInput, ...INPUT_ARG }) },
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
