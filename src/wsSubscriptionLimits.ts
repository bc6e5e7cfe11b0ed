// graphql-ws's side of the subscription limits: a caller's socket past its cap is closed (4429), and a subscribe past
// its socket's or its caller's limit is refused with SUBSCRIPTION_LIMIT while the socket and its other subscriptions
// go on. Wraps the hooks of the server's options, like wsLog.ts; every slot comes back on complete or on close.
import { getOperationAST, GraphQLError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { ANONYMOUS } from './auth/principal.js';
import { callerKey, Slot, subscriptionLimitError, TOO_MANY_SOCKETS, TOO_MANY_SOCKETS_REASON, type SubscriptionSlots } from './subscriptionSlots.js';
import type { WsExtra } from './wsExtra.js';

/** What one socket holds. */
interface SocketSlots {
  caller: string | null;
  socket: Slot | null;
  /**
   * Per subscription id, oldest first: a list, since a client may reuse an id once it has completed it, before the
   * old subscription's onComplete has run; graphql-ws never runs two at once under one id, so the oldest ends first.
   */
  subscriptions: Map<string, Slot[]>;
  held: number;
  /** Closed: everything was given back, and nothing more is taken (hooks still in flight may finish after it). */
  closed: boolean;
}

export function withSubscriptionLimits<P extends Record<string, unknown> | undefined>(
  options: ServerOptions<P, WsExtra>,
  slots: SubscriptionSlots,
): ServerOptions<P, WsExtra> {
  const { onConnect, onSubscribe, onComplete, onClose } = options;
  // Per connection: the extra is one object per socket.
  const sockets = new WeakMap<WsExtra, SocketSlots>();
  const slotsOf = (extra: WsExtra): SocketSlots => {
    let found = sockets.get(extra);
    if (!found) sockets.set(extra, (found = { caller: null, socket: null, subscriptions: new Map(), held: 0, closed: false }));
    return found;
  };

  return {
    ...options,
    async onConnect(ctx) {
      const permitted = await onConnect?.(ctx);
      if (permitted === false) return false;
      const mine = slotsOf(ctx.extra);
      // The client may have gone while it authenticated; its close gave back nothing, so take nothing.
      if (mine.closed) return false;
      // app.ts's onConnect records who authenticated; a gateway without one counts its client's address.
      const caller = callerKey(ctx.extra.principal ?? ANONYMOUS, ctx.extra.request.socket.remoteAddress);
      const socket = slots.socket(caller);
      if (!(socket instanceof Slot)) {
        // graphql-ws would close with 4403 Forbidden; this says which limit, and the caller's other sockets go on.
        ctx.extra.writer.close(TOO_MANY_SOCKETS, TOO_MANY_SOCKETS_REASON);
        return false;
      }
      mine.caller = caller;
      mine.socket = socket;
      return permitted;
    },
    async onSubscribe(ctx, id, payload) {
      const result = await onSubscribe?.(ctx, id, payload);
      // Refused already, or nothing to count: queries and mutations over the socket end by themselves.
      if (!result || !('document' in result)) return result;
      if (getOperationAST(result.document, result.operationName)?.operation !== 'subscription') return result;
      const mine = slotsOf(ctx.extra);
      // Closed meanwhile (graphql-ws sends nothing more), or never admitted (graphql-ws admits no subscribe before it).
      if (mine.closed || mine.caller === null) return [new GraphQLError('the socket is closed')];
      if (mine.held >= slots.limits.perSocket) return [subscriptionLimitError({ scope: 'socket', limit: slots.limits.perSocket }, false)];
      const slot = slots.subscription(mine.caller);
      if (!(slot instanceof Slot)) return [subscriptionLimitError(slot, false)];
      const ofId = mine.subscriptions.get(id);
      if (ofId) ofId.push(slot);
      else mine.subscriptions.set(id, [slot]);
      mine.held++;
      return result;
    },
    async onComplete(ctx, id, payload) {
      const mine = sockets.get(ctx.extra);
      const ofId = mine?.subscriptions.get(id);
      const slot = ofId?.shift();
      if (mine && slot) {
        slot.release();
        mine.held--;
        if (ofId?.length === 0) mine.subscriptions.delete(id);
      }
      await onComplete?.(ctx, id, payload);
    },
    async onClose(ctx, code, reason) {
      const mine = slotsOf(ctx.extra);
      mine.closed = true;
      // graphql-ws returns each running subscription first (its onComplete gives its slot back); this catches any
      // whose end it never sees, such as one whose subscribe threw.
      for (const ofId of mine.subscriptions.values()) for (const slot of ofId) slot.release();
      mine.subscriptions.clear();
      mine.held = 0;
      mine.socket?.release();
      await onClose?.(ctx, code, reason);
    },
  };
}
