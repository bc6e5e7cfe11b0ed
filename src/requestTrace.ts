// One log line per HTTP request: its id (the caller's x-request-id when sane, else a new one, echoed back), method,
// path, status, duration, client, and the GraphQL operation it ran, which a yoga plugin records while it runs.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type ExecutionArgs, type OperationTypeNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isContext } from './graphql/context.js';
import type { Logger } from './logging.js';

/** A request id we take from a caller: short, and nothing that could forge or bloat a log line. */
const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** A GraphQL name, as a client may send it in `operationName`. */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;
/** Enough of a path to tell where a request went, whatever its length. */
const MAX_PATH = 200;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_ID.test(header) ? header : randomUUID();
}

/** What the request's line says beyond the HTTP basics; yoga sees it in its server context as `requestTrace`. */
export class RequestTrace {
  operationType: OperationTypeNode | null = null;
  operationName: string | null = null;
  /** Who called (the principal's id: `["token",<name>]`, `["jwt",<issuer>,<subject>]`, `anonymous`), once authenticated. */
  caller: string | null = null;
  constructor(readonly id: string) {}
}

/** The trace a context carries (server.ts hands yoga one per request; graphql-ws one per connection). */
function traceIn(context: unknown): RequestTrace | null {
  return typeof context === 'object' && context !== null && 'requestTrace' in context && context.requestTrace instanceof RequestTrace
    ? context.requestTrace
    : null;
}

/** The request id of a GraphQL context: its trace's, or a new one where nothing traces it. */
export const requestIdOf = (context: unknown): string => traceIn(context)?.id ?? randomUUID();

/** Starts tracing a request: echoes its id in `x-request-id` and logs its line once the response ends or is cut. */
export function traceRequest(req: IncomingMessage, res: ServerResponse, logger: Logger): RequestTrace {
  const started = performance.now();
  const trace = new RequestTrace(requestIdFrom(req.headers['x-request-id']));
  // Read now: by the time the response closes, node may have let go of the socket (req.socket is then null).
  const client = req.socket.remoteAddress;
  res.setHeader('x-request-id', trace.id);
  res.once('close', () => {
    // Never the query string: a GET carries the query and its variables there.
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    logger.info(
      {
        requestId: trace.id,
        method: req.method,
        path: path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        operationType: trace.operationType ?? undefined,
        operationName: trace.operationName ?? undefined,
        caller: trace.caller ?? undefined,
        client,
        // Closed before the whole answer left (the client went away, or the server cut an SSE stream).
        aborted: res.writableFinished ? undefined : true,
      },
      'request',
    );
  });
  return trace;
}

/** Records each request's GraphQL operation (type and name) on its trace, from the document once it is parsed. */
export function useRequestTrace(): Plugin {
  const record = (args: ExecutionArgs): void => {
    const trace = traceIn(args.contextValue);
    if (!trace) return;
    const operation = getOperationAST(args.document, args.operationName);
    trace.operationType = operation?.operation ?? null;
    trace.operationName = operation?.name?.value.slice(0, 128) ?? trace.operationName;
    if (isContext(args.contextValue)) trace.caller = args.contextValue.principal.id;
  };
  return {
    // Known before parsing, so a request that fails to parse or validate still names what it asked for.
    onParams({ params, context }) {
      const trace = traceIn(context);
      if (trace && params.operationName && GRAPHQL_NAME.test(params.operationName)) trace.operationName = params.operationName;
    },
    onExecute: ({ args }) => record(args),
    onSubscribe: ({ args }) => record(args),
  };
}
