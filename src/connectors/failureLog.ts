// One log line per backend failure a client was told of: the backend, the code, what the client got and the raw
// error (address and all, which the client never gets), with the request and operation it failed.
import type { Logger } from '../logging.js';
import type { BackendFailure } from './errors.js';

interface FailureWhere {
  /** The request it failed (its x-request-id, or the graphql-ws connection's id), where known. */
  requestId?: string | null;
  operationId?: string;
}

export function logBackendFailure(logger: Logger, failure: BackendFailure, where: FailureWhere = {}): void {
  logger.warn(
    {
      backend: failure.backend,
      requestId: where.requestId ?? undefined,
      operationId: where.operationId,
      errorCode: failure.code,
      httpStatus: failure.httpStatus ?? undefined,
      backendCode: failure.backendCode ?? undefined,
      message: failure.message,
      error: failure.logged,
    },
    'backend failed',
  );
}
