// Subscription fan-out: subscribers that asked the same thing (document, operation, variables, audience) share one
// execution per event, so an event reaching thousands of dashboards is resolved once, not once per socket.
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type Execution = ExecutionResult | Promise<ExecutionResult>;

/**
 * Per event (the very object the pubsub handed every listener), per document, per "what was asked and by whom":
 * weak on the event and the document, so a cache entry lives only as long as the event is still being delivered.
 */
const executions = new WeakMap<object, WeakMap<DocumentNode, Map<string, Execution>>>();

function executeShared(args: ExecutionArgs, askedBy: string | null, event: unknown): Execution {
  const run = () => execute({ ...args, rootValue: event });
  if (typeof event !== 'object' || event === null || askedBy === null) return run();
  let byDocument = executions.get(event);
  if (!byDocument) executions.set(event, (byDocument = new WeakMap()));
  let byAsk = byDocument.get(args.document);
  if (!byAsk) byDocument.set(args.document, (byAsk = new Map()));
  const found = byAsk.get(askedBy);
  if (found) return found;
  const result = run();
  byAsk.set(askedBy, result);
  return result;
}

const isAsyncIterable = (value: object): value is AsyncIterable<unknown> => Symbol.asyncIterator in value;

/**
 * The source's events, each executed: a plain iterator rather than an async generator, whose return() would wait
 * for the event it is suspended on before the subscription could end.
 */
class ExecutedEvents implements AsyncGenerator<ExecutionResult, undefined> {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly execute: (event: unknown) => Execution,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const event = await this.source.next();
    if (event.done) return { value: undefined, done: true };
    return { value: await this.execute(event.value), done: false };
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.source.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * `audienceOf` names who may see the same answer: subscribers whose contexts give the same audience see one shared
 * result, so it must change wherever visibility does (null: share with nobody). Resolvers run with the context of the first subscriber to
 * receive the event; nothing per-subscriber may be read from the context in subscription resolvers.
 */
export function useSharedEventExecution(audienceOf: (context: unknown) => string | null): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!isAsyncIterable(source)) return source;
        const audience = audienceOf(args.contextValue);
        const askedBy = audience === null ? null : [args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), audience].join('\u0000');
        return new ExecutedEvents(source[Symbol.asyncIterator](), (event) => executeShared(args, askedBy, event));
      });
    },
  };
}
