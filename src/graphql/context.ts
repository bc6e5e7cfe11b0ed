// One context factory for HTTP, SSE and WebSocket: the process-wide gateway plus per-request loaders and id.
import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import { ANONYMOUS, Visibility, type Principal } from '../auth/principal.js';
import type { Backends } from '../connectors/backends.js';
import type { Connector } from '../connectors/connector.js';
import type { OperationRecord } from '../domain/operation.js';
import { BackendFailure } from '../connectors/errors.js';
import { logBackendFailure } from '../connectors/failureLog.js';
import type { Gateway } from '../gateway.js';
import { BackendError } from './errors.js';
import { decodeId } from './ids.js';
import { createLoaders, type Listing, type Loaders } from './loaders.js';
import { backendShape } from './refs.js';

export interface BackendFailureEntry {
  failure: BackendFailure;
  path: (string | number)[];
}

export interface Context {
  gateway: Gateway;
  /** Who is calling, and what they may do and see. */
  principal: Principal;
  visibility: Visibility;
  /** The backends this caller may see; the rest do not exist for it. */
  backends: Backends;
  loaders: Loaders;
  /** Backend failures the response answered around; reported in `errors` so none is silently dropped. */
  failures: BackendFailureEntry[];
  /** The request's id in the logs (HTTP: its x-request-id; graphql-ws: the connection's id). */
  requestId: string;
}

/** Whether a value is one of our contexts (envelop hands plugins `unknown`). */
export const isContext = (value: unknown): value is Context =>
  typeof value === 'object' && value !== null && 'failures' in value && Array.isArray(value.failures) && 'principal' in value;

export function createContext(gateway: Gateway, requestId: string, principal: Principal = ANONYMOUS): Context {
  const visibility = new Visibility(principal.grants);
  const backends = visibility.unrestricted ? gateway.backends : gateway.backends.only((name) => visibility.seesBackend(name));
  return { gateway, principal, visibility, backends, loaders: createLoaders(backends, visibility), failures: [], requestId };
}

/** A subscription's context lives as long as the subscription: each event reads afresh, not from the first one's cache. */
export function refreshLoaders(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.backends, ctx.visibility);
}

/** Whether the caller may see an operation: it must see the operation's backend and the target it acts on. */
export function seesOperation(ctx: Context, op: OperationRecord): boolean {
  if (ctx.visibility.unrestricted) return true;
  const connector = ctx.backends.get(op.backend);
  if (!connector) return false;
  const target = decodeId(op.targetId);
  return target !== null && ctx.visibility.sees(connector, target.key);
}

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
