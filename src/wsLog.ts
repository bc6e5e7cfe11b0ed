// graphql-ws's operation lines: one per subscribe (with the operation's type and name, read from its document) and
// one per complete, each naming the connection and the subscription. Wraps the hooks of the server's options.
import { getOperationAST, type OperationTypeNode } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Logger } from './logging.js';

/** What a subscription's lines say, and when it began. */
interface Subscribed {
  line: { subscriptionId: string; operationType: OperationTypeNode | undefined; operationName: string | undefined };
  started: number;
}

/** Subscription ids are the client's: enough of one to match a subscribe with its complete. */
const idForLog = (id: string): string => id.slice(0, 128);

export function withWsLog<P extends Record<string, unknown> | undefined, E extends { connectionId: string }>(options: ServerOptions<P, E>, logger: Logger): ServerOptions<P, E> {
  const { onSubscribe, onComplete } = options;
  // Per connection (the extra is one object per socket), so what a socket opened goes with it.
  const open = new WeakMap<E, Map<string, Subscribed>>();
  return {
    ...options,
    async onSubscribe(ctx, id, payload) {
      const result = await onSubscribe?.(ctx, id, payload);
      const { connectionId } = ctx.extra;
      if (result && !('document' in result)) {
        logger.info({ connectionId, subscriptionId: idForLog(id), errors: result.length }, 'ws subscribe refused');
        return result;
      }
      const operation = result ? getOperationAST(result.document, result.operationName) : null;
      const line = {
        subscriptionId: idForLog(id),
        operationType: operation?.operation,
        operationName: (operation?.name?.value ?? payload.operationName ?? undefined)?.slice(0, 128),
      };
      let mine = open.get(ctx.extra);
      if (!mine) open.set(ctx.extra, (mine = new Map()));
      mine.set(id, { line, started: performance.now() });
      logger.info({ connectionId, ...line }, 'ws subscribe');
      return result;
    },
    async onComplete(ctx, id, payload) {
      const mine = open.get(ctx.extra);
      const subscribed = mine?.get(id);
      mine?.delete(id);
      if (subscribed) {
        const durationMs = Math.round((performance.now() - subscribed.started) * 10) / 10;
        logger.info({ connectionId: ctx.extra.connectionId, ...subscribed.line, durationMs }, 'ws complete');
      }
      await onComplete?.(ctx, id, payload);
    },
  };
}
