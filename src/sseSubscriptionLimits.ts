// SSE's side of the subscription limits, as a yoga plugin: a subscription over HTTP takes a place among its caller's
// active subscriptions before it starts (past the limit: HTTP 429, SUBSCRIPTION_LIMIT) and gives it back when its
// stream ends, fails or is cut. graphql-ws operations run through the same plugins and are counted in wsSubscriptionLimits.ts.
import { IncomingMessage } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isContext } from './graphql/context.js';
import { callerKey, Slot, subscriptionLimitError, type SubscriptionSlots } from './subscriptionSlots.js';

/** The HTTP request a yoga context came from (the node adapter puts it in the server context); none over graphql-ws. */
function httpRequestOf(context: unknown): IncomingMessage | null {
  if (typeof context !== 'object' || context === null || !('req' in context)) return null;
  return context.req instanceof IncomingMessage ? context.req : null;
}

/** A subscription's results, giving its slot back however they end: done, failed, returned or thrown into. */
class Releasing implements AsyncIterableIterator<ExecutionResult> {
  constructor(
    private readonly source: AsyncIterator<ExecutionResult>,
    private readonly slot: Slot,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    try {
      const result = await this.source.next();
      if (result.done) this.slot.release();
      return result;
    } catch (error) {
      this.slot.release();
      throw error;
    }
  }

  async return(value?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.slot.release();
    return (await this.source.return?.(value)) ?? { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.slot.release();
    if (this.source.throw) return this.source.throw(error);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Goes last among the plugins, so a subscription another plugin refuses never takes a slot. */
export function useSseSubscriptionLimits(slots: SubscriptionSlots): Plugin {
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn, setResultAndStopExecution }) {
      const request = httpRequestOf(args.contextValue);
      if (!request || !isContext(args.contextValue)) return;
      const slot = slots.subscription(callerKey(args.contextValue.principal, request.socket.remoteAddress));
      if (!(slot instanceof Slot)) {
        setResultAndStopExecution({ errors: [subscriptionLimitError(slot, true)] });
        return;
      }
      // A subscribe that throws has no result to hand on below.
      setSubscribeFn(async (subscribeArgs) => {
        try {
          return await subscribeFn(subscribeArgs);
        } catch (error) {
          slot.release();
          throw error;
        }
      });
      return {
        onSubscribeResult({ result, setResult }) {
          // One result (an error answered before any event): nothing stays open.
          if (!(Symbol.asyncIterator in result)) {
            slot.release();
            return;
          }
          setResult(new Releasing(result[Symbol.asyncIterator](), slot));
        },
      };
    },
  };
}
