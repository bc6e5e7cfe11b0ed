// Backend failures within a response: reads that answer around them (each reported in `errors`), and the
// BackendError a mutation answers for one.
import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { Connector } from '../connectors/connector.js';
import { BackendFailure } from '../connectors/errors.js';
import { logBackendFailure } from '../connectors/failureLog.js';
import type { Context } from './context.js';
import { BackendError } from './errors.js';
import type { Listing } from './loaders.js';
import { backendShape } from './refs.js';

/**
 * Runs a read whose backend may fail; on a BackendFailure the field answers `fallback` (an empty list, say)
 * and the failure is reported, so one dead backend never nulls out the others' data.
 */
export async function partial<T>(
  ctx: Context,
  info: GraphQLResolveInfo,
  read: () => Promise<T>,
  fallback: T,
  onFailure?: (failure: BackendFailure) => void,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof BackendFailure)) throw error;
    onFailure?.(error);
    report(ctx, info, error);
    return fallback;
  }
}

/** A failure a mutation answers as its BackendError; the log gets its raw error, with the request's id. */
export function answeredFailure(ctx: Context, connector: Connector, failure: BackendFailure): BackendError {
  logBackendFailure(ctx.gateway.logger, failure, { requestId: ctx.requestId });
  return new BackendError(failure, backendShape(connector));
}

/** A failure the response answers around, for `errors` (and the log, once the response is done: see app.ts). */
function report(ctx: Context, info: GraphQLResolveInfo, failure: BackendFailure): void {
  ctx.failures.push({ failure, path: responsePathAsArray(info.path) });
}

/**
 * A list one backend answers: whole, in part (a Listing, with a BackendError per part missing), or not at all (no
 * items and the BackendError saying why). Every BackendError is also reported in `errors`.
 */
export async function partialList<T>(
  ctx: Context,
  info: GraphQLResolveInfo,
  connector: Connector,
  read: () => Promise<T[] | Listing<T>>,
): Promise<{ items: T[]; errors: BackendError[] }> {
  const errors: BackendError[] = [];
  const backendError = (failure: BackendFailure) => errors.push(new BackendError(failure, backendShape(connector)));
  const answer = await partial<T[] | Listing<T>>(ctx, info, read, [], backendError);
  if (Array.isArray(answer)) return { items: answer, errors };
  for (const failure of answer.failures) {
    backendError(failure);
    report(ctx, info, failure);
  }
  return { items: answer.records, errors };
}

/** The same list from every backend (or those `only` names), each failing on its own. */
export async function fromEveryBackend<T>(
  ctx: Context,
  info: GraphQLResolveInfo,
  only: Set<string> | null,
  read: (connector: Connector) => Promise<T[] | Listing<T>>,
): Promise<{ items: T[]; errors: BackendError[] }> {
  const parts = await Promise.all(
    ctx.backends
      .all()
      .filter((c) => !only || only.has(c.name))
      .map((c) => partialList(ctx, info, c, () => read(c))),
  );
  return { items: parts.flatMap((p) => p.items), errors: parts.flatMap((p) => p.errors) };
}
