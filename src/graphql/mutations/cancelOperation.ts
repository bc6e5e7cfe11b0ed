// cancelOperation: stop a running operation where its backend can (capabilities.cancel); it ends CANCELLED once
// the backend confirms, or with what happened if the backend finished first (docs/cancel.md).
import { z } from 'zod';
import { OperationsUnavailable } from '../../operations/engine.js';
import { planCancel } from '../../operations/planning/cancelOperation.js';
import { isRefused } from '../../operations/planning/refused.js';
import { builder } from '../builder.js';
import { OperationsUnavailableError, ValidationError } from '../errors.js';
import { loadOperation } from '../lookup.js';
import { decodeFor, idSchema, INPUT_ARG, validate } from './common.js';
import { typedErrorOf } from './refused.js';
import { CancelOperationResult, OperationPayload, type OperationResult } from './results.js';

const CancelOperationInput = builder.inputType('CancelOperationInput', {
  description: 'An operation to stop.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The operation's id (OperationPayload.operation.id)." }),
  }),
});

const cancelSchema = z.object({ id: idSchema });

builder.mutationField('cancelOperation', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    type: CancelOperationResult,
    description:
      'Ask the backend to stop a running operation (capabilities.cancel says which backends and kinds can be). The answer is the operation as it is now; follow it: it ends CANCELLED once the backend confirms it stopped and shows nothing of it, or SUCCEEDED (message: the cancel came too late) where the backend had finished. A final operation is answered unchanged, so repeating a cancel is harmless.',
    args: { input: t.arg({ type: CancelOperationInput, ...INPUT_ARG }) },
    resolve: async (_root, args, ctx): Promise<OperationResult> => {
      const input = validate(cancelSchema, args.input);
      if (input instanceof ValidationError) return input;
      const named = decodeFor(input.id, 'input.id', ['Operation']);
      if (named instanceof ValidationError) return named;
      const operation = await loadOperation(ctx, named.key);
      const planned = planCancel(named, operation, operation ? ctx.backends.get(operation.backend) : undefined);
      if (isRefused(planned)) return typedErrorOf(ctx, planned);
      try {
        return new OperationPayload(await ctx.gateway.engine.requestCancel(planned));
      } catch (error) {
        if (error instanceof OperationsUnavailable) return new OperationsUnavailableError(error.message);
        throw error;
      }
    },
  }),
);
