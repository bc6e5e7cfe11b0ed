// One context factory for HTTP, SSE and WebSocket: the process-wide gateway plus per-request loaders and id.
import { ANONYMOUS, Visibility, type Principal } from '../auth/principal.js';
import type { Backends } from '../connectors/backends.js';
import type { BackendFailure } from '../connectors/errors.js';
import type { OperationRecord } from '../domain/operation.js';
import type { Gateway } from '../gateway.js';
import { decodeId } from './ids.js';
import { createLoaders, type Loaders } from './loaders.js';

interface BackendFailureEntry {
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
  const loaders = createLoaders(backends, visibility, () => gateway.reads.forRequest());
  return { gateway, principal, visibility, backends, loaders, failures: [], requestId };
}

/** A subscription's context lives as long as the subscription: each event reads afresh, not from the first one's loaders. */
export function refreshLoaders(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.backends, ctx.visibility, () => ctx.gateway.reads.forRequest());
}

/** A mutation plans on what the backends hold now: its reads go past the shared cache. */
export function readDirectly(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.backends, ctx.visibility, () => ctx.gateway.reads.direct());
}

/** Whether the caller may see an operation: it must see the operation's backend and the target it acts on. */
export function seesOperation(ctx: Context, op: OperationRecord): boolean {
  if (ctx.visibility.unrestricted) return true;
  const connector = ctx.backends.get(op.backend);
  if (!connector) return false;
  const target = decodeId(op.targetId);
  return target !== null && ctx.visibility.sees(connector, target.key);
}
