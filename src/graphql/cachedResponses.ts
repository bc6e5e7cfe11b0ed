// Repeated queries answered from the response cache (cache/responses.ts): the same document, operation and
// variables, asked by a caller with the same audience and scopes, within the freshness window of every backend answer
// in it. Only queries that read backends alone: operations and health change without the read cache knowing, so a
// document that selects them is always executed. Answers with errors are never kept.
import { getNamedType, getOperationAST, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isContext } from './context.js';
import { freshnessAt } from './freshness.js';
import { answersInPayloads } from './live.js';

/** Types whose values change outside the read cache (the engine's operations, the health monitor's checks). */
const UNCACHED_TYPES = new Set(['Operation', 'OperationConnection', 'OperationEdge', 'BackendHealth']);

const cacheable = new WeakMap<DocumentNode, boolean>();
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/** Whether no field of the document is of (or on) a type the read cache does not know the changes of. */
function readsBackendsOnly(schema: GraphQLSchema, document: DocumentNode): boolean {
  const known = cacheable.get(document);
  if (known !== undefined) return known;
  const types = new TypeInfo(schema);
  let only = true;
  visit(
    document,
    visitWithTypeInfo(types, {
      Field() {
        const type = types.getType();
        const parent = types.getParentType();
        if ((type && UNCACHED_TYPES.has(getNamedType(type).name)) || (parent && UNCACHED_TYPES.has(parent.name))) only = false;
      },
    }),
  );
  cacheable.set(document, only);
  return only;
}

function documentId(document: DocumentNode): number {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = nextDocumentId++));
  return id;
}

export function useCachedResponses(now: () => number = Date.now): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const ctx = args.contextValue;
      if (!isContext(ctx)) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query' || answersInPayloads(args.document, args.operationName)) return;
      if (!readsBackendsOnly(args.schema, args.document)) return;
      const responses = ctx.gateway.reads.responses;
      const key = [
        documentId(args.document),
        args.operationName ?? '',
        JSON.stringify(args.variableValues ?? {}),
        ctx.visibility.audience,
        [...ctx.principal.scopes].sort().join(','),
      ].join('\u0000');
      const answer = (kept: { result: ExecutionResult; oldest: number }) => {
        setResultAndStopExecution({ ...kept.result, extensions: { ...kept.result.extensions, freshness: freshnessAt(kept.oldest, now()) } });
      };
      const kept = responses.get(key);
      if (kept) {
        ctx.gateway.metrics.cachedResponses.inc({ outcome: 'hit' });
        return answer(kept);
      }
      // The same query executing for someone else: its answer, once it has it (when it can be shared).
      const flying = responses.inFlight(key);
      if (flying) {
        return flying.then((landed) => {
          ctx.gateway.metrics.cachedResponses.inc({ outcome: landed ? 'hit' : 'miss' });
          return landed ? answer(landed) : undefined;
        });
      }
      ctx.gateway.metrics.cachedResponses.inc({ outcome: 'miss' });
      const flight = responses.fly(key);
      // An execution that fails outright (the client went away and it was cancelled) lets its waiters go on alone.
      setExecuteFn(async (executeArgs) => {
        try {
          return await executeFn(executeArgs);
        } catch (error) {
          flight.settle(null);
          throw error;
        }
      });
      return {
        onExecuteDone({ result }) {
          const { oldest, windowMs } = ctx.loaders.reads;
          // Shared and kept only while its oldest backend answer is fresh; an answer that read no backend, or has
          // errors, is neither.
          const shareable = !(Symbol.asyncIterator in result) && !result.errors?.length && oldest !== null && windowMs !== null && windowMs > 0;
          flight.settle(shareable ? { result, oldest, until: oldest + windowMs } : null);
        },
      };
    },
  };
}
