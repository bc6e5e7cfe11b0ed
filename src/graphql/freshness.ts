// How fresh an answer is, and what mutations read: a query's response says, in `extensions.freshness`, when the
// backends gave the oldest answer it used (the shared read cache may have held it for up to its backend's window);
// a mutation's reads go past the cache, so it plans on what the backends hold now. With @defer or @stream each
// payload says it for what had been read by the time it was sent.
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isContext, readDirectly, type Context } from './context.js';

export function useReadFreshness(now: () => number = Date.now): Plugin {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      if (!isContext(ctx)) return;
      const kind = getOperationAST(args.document, args.operationName)?.operation;
      if (kind === 'mutation') readDirectly(ctx);
      if (kind !== 'query') return;
      const withFreshness = (payload: ExecutionResult, set: (next: ExecutionResult) => void) => {
        const freshness = freshnessOf(ctx, now());
        if (freshness) set({ ...payload, extensions: { ...payload.extensions, freshness } });
      };
      return {
        onExecuteDone({ result, setResult }) {
          if (!(Symbol.asyncIterator in result)) return withFreshness(result, setResult);
          return { onNext: ({ result: payload, setResult: set }) => withFreshness(payload, set) };
        },
      };
    },
  };
}

/** What `extensions.freshness` says of an answer whose oldest backend answer came at `oldest`, sent at `at`. */
export const freshnessAt = (oldest: number, at: number): { asOf: string; ageMs: number } => ({
  asOf: new Date(oldest).toISOString(),
  ageMs: Math.max(0, at - oldest),
});

function freshnessOf(ctx: Context, at: number): { asOf: string; ageMs: number } | null {
  const oldest = ctx.loaders.reads.oldest;
  return oldest === null ? null : freshnessAt(oldest, at);
}
