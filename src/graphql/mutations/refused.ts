// The planner's refusals in the words of the contract: each kind of refusal is one of the typed errors.
import type { Refused } from '../../operations/planning/refused.js';
import type { Context } from '../context.js';
import { answeredFailure } from '../failures.js';
import { NotFoundError, UnsupportedOperationError, ValidationError, type TypedError } from '../errors.js';
import { backendShape } from '../refs.js';

export function typedErrorOf(ctx: Context, refused: Refused): TypedError {
  switch (refused.refused) {
    case 'INVALID':
      return new ValidationError(refused.message, refused.field);
    case 'NOT_FOUND':
      return new NotFoundError(refused.message, refused.id);
    case 'UNSUPPORTED':
      return new UnsupportedOperationError(backendShape(refused.connector), refused.capability, refused.of);
    case 'BACKEND_FAILED':
      return answeredFailure(ctx, refused.connector, refused.failure);
  }
}
