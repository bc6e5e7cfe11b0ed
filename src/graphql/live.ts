// @live queries (the envelop live-query plugin over its in-memory store): a live query watches the backends its caller
// sees while it runs, and runs again, with loaders of its own, whenever the inventory pollers see a change or an
// operation of this gateway ends; each run is one more payload. Backend cost does not grow with live queries: their
// reruns read through the shared read cache the pollers keep fresh.
import { useLiveQuery } from '@envelop/live-query';
import { isLiveQueryOperationDefinitionNode } from '@n1ru4l/graphql-live-query';
import { InMemoryLiveQueryStore } from '@n1ru4l/in-memory-live-query-store';
import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Gateway } from '../gateway.js';
import { isContext, refreshLoaders } from './context.js';
import { isIncremental } from './incremental.js';

/** Whether the document's operation is a query marked @live (and not @live(if: false)). */
function isLive(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  return !!operation && isLiveQueryOperationDefinitionNode(operation);
}

/** Whether the document is answered in many payloads (@defer, @stream or @live), not one result. */
export const answersInPayloads = (document: DocumentNode, operationName?: string | null): boolean =>
  isIncremental(document) || isLive(document, operationName);

/** Every root query field, as the store names them: any of them may answer differently after a change. */
const rootFields = (schema: GraphQLSchema): string[] => Object.keys(schema.getQueryType()?.getFields() ?? {}).map((field) => `Query.${field}`);

export function useLiveQueries(gateway: Gateway, schema: GraphQLSchema): [Plugin, ReturnType<typeof useLiveQuery>] {
  const store = new InMemoryLiveQueryStore();
  const everything = rootFields(schema);
  // Changes come in bursts (one poll, many snapshots); live queries run again once per burst.
  let pending = false;
  const invalidate = () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      void store.invalidate(everything);
    });
  };
  gateway.inventory.feed.observe(invalidate);
  gateway.pubsub.observe((record) => {
    if (record.finishedAt !== null) invalidate();
  });
  return [
    {
      onExecute({ args, executeFn, setExecuteFn }) {
        const ctx = args.contextValue;
        if (!isContext(ctx) || !isLive(args.document, args.operationName)) return;
        const release = gateway.inventory.watch.watch(ctx.backends.all().map((c) => c.name));
        // Each run of a live query reads afresh: a loader keeps what it loaded for as long as it lives. A run that
        // fails outright (cancelled: the client went away) ends the watch, as its end would.
        setExecuteFn(async (runArgs) => {
          refreshLoaders(ctx);
          try {
            return await executeFn(runArgs);
          } catch (error) {
            release();
            throw error;
          }
        });
        return {
          onExecuteDone({ result }) {
            if (!(Symbol.asyncIterator in result)) return release();
            return { onEnd: release };
          },
        };
      },
    },
    useLiveQuery({ liveQueryStore: store }),
  ];
}
