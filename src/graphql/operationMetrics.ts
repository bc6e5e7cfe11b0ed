// Prometheus series of GraphQL operations beside the backend ones: how long queries and mutations take, by type and
// name, and the errors responses carry, by code (parse and validation failures, refusals, backend errors, ...).
// Operation names are the client's to choose: past a bound, new names count as "other", so a client cannot grow
// the series without end.
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from '../metrics.js';
import { operationIdentity } from './operationIdentity.js';

const MAX_OPERATION_NAMES = 200;

/** The error's code as a client sees it (extensions.code), `otherwise` when it has none. */
const codeOf = (error: GraphQLError, otherwise = 'INTERNAL_SERVER_ERROR'): string => {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : otherwise;
};

/**
 * Two plugins: the first, early, sees every operation (those the limits refuse too); the second, after the plugins
 * that add backend failures to a response, counts what the response finally carries. An operation the second saw is
 * its to count.
 */
export function useOperationMetrics(metrics: Metrics, now: () => number = () => performance.now()): [Plugin, Plugin] {
  const names = new Set<string>();
  const nameOf = (name: string | undefined): string => {
    if (!name) return 'anonymous';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };
  const countErrors = (result: ExecutionResult, type: string) => {
    for (const error of result.errors ?? []) metrics.graphqlErrors.inc({ operation_type: type, code: codeOf(error) });
  };
  const started = new WeakMap<object, { at: number; type: string; name: string }>();
  const reachedLate = new WeakSet<object>();
  const keyOf = (context: unknown): object | null => (typeof context === 'object' && context !== null ? context : null);
  const observe = (begun: { at: number; type: string; name: string }) =>
    metrics.graphqlDuration.observe({ operation_type: begun.type, operation_name: begun.name }, (now() - begun.at) / 1000);

  const early: Plugin = {
    onExecute({ args }) {
      const key = keyOf(args.contextValue);
      const { type, name } = operationIdentity(args);
      const begun = { at: now(), type, name: nameOf(name) };
      if (key) started.set(key, begun);
      return {
        onExecuteDone({ result }) {
          if ((key && reachedLate.has(key)) || Symbol.asyncIterator in result) return;
          // Stopped before the late plugin (a limit refused it): counted here.
          observe(begun);
          countErrors(result, begun.type);
        },
      };
    },
    // What never reached execution: documents that do not parse or validate.
    onParse() {
      return ({ result }) => {
        if (result instanceof Error) metrics.graphqlErrors.inc({ operation_type: 'unknown', code: 'GRAPHQL_PARSE_FAILED' });
      };
    },
    onValidate() {
      return ({ valid, result }) => {
        if (valid) return;
        for (const error of result) metrics.graphqlErrors.inc({ operation_type: 'unknown', code: codeOf(error, 'GRAPHQL_VALIDATION_FAILED') });
      };
    },
  };

  const late: Plugin = {
    onExecute({ args }) {
      const key = keyOf(args.contextValue);
      const begun = key ? started.get(key) : undefined;
      if (!key || !begun) return;
      reachedLate.add(key);
      return {
        onExecuteDone({ result }) {
          if (!(Symbol.asyncIterator in result)) {
            observe(begun);
            return countErrors(result, begun.type);
          }
          // Streams (subscriptions, @defer, @live): errors per payload; a subscription has no duration worth a series.
          return {
            onNext: ({ result: payload }) => countErrors(payload, begun.type),
            onEnd: () => {
              if (begun.type !== 'subscription') observe(begun);
            },
          };
        },
      };
    },
  };
  return [early, late];
}
