// How fresh an answer is, and what mutations read: a query's response says, in `extensions.freshness`, when the
// backends gave the oldest answer it used (the shared read cache may have held it for up to its backend's window);
// a mutation's reads go past the cache, so it plans on what the backends hold now.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isContext, readDirectly } from './context.js';

export function useReadFreshness(now: () => number = Date.now): Plugin {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      if (!isContext(ctx)) return;
      const kind = getOperationAST(args.document, args.operationName)?.operation;
      if (kind === 'mutation') readDirectly(ctx);
      if (kind !== 'query') return;
      return {
        onExecuteDone({ result, setResult }) {
          const oldest = ctx.loaders.reads.oldest;
          if (Symbol.asyncIterator in result || oldest === null) return;
          const freshness = { asOf: new Date(oldest).toISOString(), ageMs: Math.max(0, now() - oldest) };
          setResult({ ...result, extensions: { ...result.extensions, freshness } });
        },
      };
    },
  };
}
