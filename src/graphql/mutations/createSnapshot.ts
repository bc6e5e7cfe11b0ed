// createSnapshot: snapshot a VM, or a single drive where the backend snapshots drives.
import { z } from 'zod';
import { builder } from '../builder.js';
import { ValidationError } from '../errors.js';
import { globalIdOf } from '../refs.js';
import {
  descriptionSchema,
  findTarget,
  idempotencyKeySchema,
  idSchema,
  isTypedError,
  MetadataEntryInput,
  metadataSchema,
  nameSchema,
  startOperation,
  unsupported,
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
      const found = await findTarget(ctx, input.targetId, 'input.targetId');
      if (isTypedError(found)) return found;
      const { connector, record: target } = found;
      const request = {
        name: input.name,
        description: input.description ?? null,
        includeMemory: input.includeMemory ?? false,
        quiesce: input.quiesce ?? false,
        metadata: input.metadata ?? [],
      };
      const lacking =
        (target.entity === 'Drive' ? unsupported(found, 'driveSnapshots') : null) ??
        (request.includeMemory ? unsupported(found, 'memorySnapshots') : null) ??
        (request.quiesce ? unsupported(found, 'quiesce') : null) ??
        (request.metadata.length > 0 ? unsupported(found, 'metadata') : null);
      if (lacking) return lacking;
      const refused = connector.refuseSnapshotTarget?.(target);
      if (refused) return new ValidationError(`input.targetId: ${refused}`, 'input.targetId');
      const refusal = connector.refuseCreate?.(request);
      if (refusal) return new ValidationError(`input.${refusal.field}: ${refusal.message}`, `input.${refusal.field}`);
      // Skipped with an idempotency key, whose replay must answer its operation even once the name exists.
      // Where snapshots belong to drives, names are unique per drive, not per VM.
      if (target.entity === 'VM' && !found.capabilities.driveSnapshots && !input.idempotencyKey) {
        // Names are unique per VM on every backend that names snapshots; say so before the backend fails.
        // Advisory only: if the backend cannot be read, its own answer to the create decides.
        const taken = connector.findSnapshot
          ? await connector.findSnapshot({ entity: 'VM', key: target.key }, request.name).then((s) => s !== null, () => false)
          : (await ctx.loaders.snapshotsOfVM.load(target).catch(() => [])).some((s) => s.name === request.name);
        if (taken) {
          return new ValidationError(`input.name: '${request.name}' is taken by another snapshot of this VM`, 'input.name');
        }
      }
      return startOperation(ctx, {
        intent: { kind: 'CREATE_SNAPSHOT', target: { entity: target.entity, key: target.key }, name: request.name },
        backend: connector.name,
        targetId: globalIdOf(target),
        snapshotKey: null,
        idempotencyKey: input.idempotencyKey,
        request,
        action: () => connector.createSnapshot({ entity: target.entity, key: target.key }, request),
      });
    },
  }),
);
