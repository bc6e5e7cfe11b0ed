// Backend failures in responses: the GraphQL error a client sees for one, and the plugin that reports every failure
// a response answered around (in the payload that holds the field, for @defer and @stream) and logs each once.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { BackendFailure } from '../connectors/errors.js';
import { logBackendFailure } from '../connectors/failureLog.js';
import { isContext, type Context } from './context.js';
import { placeErrors, type IncrementalPayload } from './incremental.js';

/**
 * A backend failure is the client's to see: which backend, what went wrong (errorCode, as BackendError.code) and what
 * the backend said. `code` stays BACKEND_ERROR, the kind of GraphQL error, beside the gateway's own FORBIDDEN and the
 * like. Anything else stays masked.
 */
export function backendError(failure: BackendFailure, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(`Backend '${failure.backend}' failed: ${failure.message}`, {
    path,
    // Kept for the log line; a client sees only the message and extensions.
    originalError: failure,
    extensions: {
      code: 'BACKEND_ERROR',
      backend: failure.backend,
      errorCode: failure.code,
      backendCode: failure.backendCode,
      httpStatus: failure.httpStatus,
    },
  });
}

type Entry = Context['failures'][number];

/** The failures a payload's errors were thrown for (a field that could not answer around its backend). */
function thrownIn(payload: IncrementalPayload): BackendFailure[] {
  const errors = [...(payload.errors ?? []), ...(payload.incremental ?? []).flatMap((part) => part.errors ?? [])];
  return errors.flatMap((error) => (error.originalError instanceof BackendFailure ? [error.originalError] : []));
}

/** One response's reporting: what was placed in a payload already, what was logged already. */
class Reporter {
  private readonly placed = new Set<Entry>();
  private readonly logged = new Set<BackendFailure>();

  constructor(private readonly ctx: Context) {}

  report(payload: IncrementalPayload): IncrementalPayload {
    const pending = this.ctx.failures.filter((entry) => !this.placed.has(entry));
    const answer = placeErrors(payload, pending, (entry) => backendError(entry.failure, entry.path));
    for (const entry of answer.placed) this.placed.add(entry);
    for (const failure of [...answer.placed.map((entry) => entry.failure), ...thrownIn(payload)]) {
      if (this.logged.has(failure)) continue;
      this.logged.add(failure);
      logBackendFailure(this.ctx.gateway.logger, failure, { requestId: this.ctx.requestId });
    }
    return answer.payload;
  }
}

/** Reports the backend failures a response answered around, so a partial answer never looks complete. */
export function useBackendFailures(): Plugin {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      if (!isContext(ctx)) return;
      const reporter = new Reporter(ctx);
      return {
        onExecuteDone({ result, setResult }) {
          const report = (payload: ExecutionResult, set: (next: ExecutionResult) => void) => {
            const reported = reporter.report(payload);
            if (reported !== payload) set(reported);
          };
          if (!(Symbol.asyncIterator in result)) return report(result, setResult);
          return { onNext: ({ result: payload, setResult: set }) => report(payload, set) };
        },
      };
    },
  };
}
