// A span per GraphQL operation (OpenTelemetry; a no-op without tracing set up, src/tracing.ts): named by its type and
// name, a child of the caller's trace where the request carried W3C trace context, and the parent of every backend
// call its execution makes (connectors/http.ts), since execution runs inside it.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context as OtelContext, type TextMapGetter } from '@opentelemetry/api';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { TRACER_NAME } from '../tracing.js';
import { operationIdentity } from './operationIdentity.js';

/** Headers as fetch's Request has them (yoga's Request need not be the global class). */
interface HeaderReader {
  get(name: string): string | null;
}

const hasHeaders = (value: unknown): value is { headers: HeaderReader } =>
  typeof value === 'object' &&
  value !== null &&
  'headers' in value &&
  typeof value.headers === 'object' &&
  value.headers !== null &&
  'get' in value.headers &&
  typeof value.headers.get === 'function';

const headerGetter: TextMapGetter<HeaderReader> = {
  keys: () => ['traceparent', 'tracestate'],
  get: (carrier, key) => carrier.get(key) ?? undefined,
};

/** The trace context of the request the operation came in on (HTTP headers; none over graphql-ws). */
function callerContext(contextValue: unknown): OtelContext {
  const request = typeof contextValue === 'object' && contextValue !== null && 'request' in contextValue ? contextValue.request : null;
  return hasHeaders(request) ? propagation.extract(context.active(), request.headers, headerGetter) : context.active();
}

export function useOperationSpans(): Plugin {
  const tracer = trace.getTracer(TRACER_NAME);
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { type, name } = operationIdentity(args);
      const parent = callerContext(args.contextValue);
      const span = tracer.startSpan(
        name ? `${type} ${name}` : type,
        { kind: SpanKind.SERVER, attributes: { 'graphql.operation.type': type, ...(name && { 'graphql.operation.name': name }) } },
        parent,
      );
      const inside = trace.setSpan(parent, span);
      setExecuteFn((executeArgs) => context.with(inside, () => executeFn(executeArgs)));
      const end = (result: ExecutionResult | null) => {
        const codes = (result?.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        if (codes.length > 0) {
          span.setAttribute('graphql.error.codes', [...new Set(codes)]);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
        }
        span.end();
      };
      return {
        onExecuteDone({ result }) {
          if (!(Symbol.asyncIterator in result)) return end(result);
          return { onEnd: () => end(null) };
        },
      };
    },
  };
}
