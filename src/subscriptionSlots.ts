// The subscription limits and the counts they hold: active subscriptions and open graphql-ws sockets per caller, in
// this process, shared by graphql-ws and SSE, handed out as slots that give themselves back exactly once.
import { GraphQLError } from 'graphql';
import type { Principal } from './auth/principal.js';

export interface SubscriptionLimits {
  /** Active subscriptions one graphql-ws socket may hold. */
  perSocket: number;
  /** Active subscriptions one caller may hold, over all its sockets and SSE streams. */
  perCaller: number;
  /** graphql-ws sockets one caller may hold open. */
  socketsPerCaller: number;
  /**
   * The least time between two writes to one graphql-ws socket, in ms: what a subscriber is sent meanwhile leaves
   * together (0: once per event-loop turn). Bounds the CPU many busy subscribers cost (a write is the dearest part
   * of a delivery), at the price of that much delay to the second of two changes close together.
   */
  writeIntervalMs: number;
}

// A dashboard follows a handful of streams and operations per tab: 100 a socket is far above that and still caps one
// socket near 3 MB of subscription state (15-28 KB each); 5 such sockets make a caller's 500; 20 sockets covers a
// user's tabs and a few services sharing a token, and stops a loop that opens sockets without closing them.
export const DEFAULT_SUBSCRIPTION_LIMITS: Readonly<SubscriptionLimits> = Object.freeze({
  perSocket: 100,
  perCaller: 500,
  socketsPerCaller: 20,
  writeIntervalMs: 100,
});

/** Which limit refused: one socket's subscriptions, one caller's subscriptions, one caller's sockets. */
type LimitScope = 'socket' | 'caller' | 'sockets';

interface Refusal<S extends LimitScope = LimitScope> {
  scope: S;
  limit: number;
}

/** A subscribe refused: by its socket's limit or its caller's. */
type SubscriptionRefusal = Refusal<'socket' | 'caller'>;

/** One held place in a count; releasing it again changes nothing, so every path that ends a subscription may. */
export class Slot {
  private held = true;
  constructor(private readonly giveBack: () => void) {}

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.giveBack();
  }
}

/**
 * Whom the per-caller limits count: the principal; on an open gateway, where everyone is `anonymous`, the client's
 * address, so one local client cannot use up the limits of the others.
 */
export const callerKey = (principal: Principal, address: string | undefined): string =>
  principal.anonymous ? `anonymous@${address ?? 'unknown'}` : principal.id;

/** A count per caller, never above its limit, forgetting callers who hold nothing. */
class Counts {
  private readonly held = new Map<string, number>();
  constructor(private readonly limit: number) {}

  take(caller: string): Slot | null {
    const count = this.held.get(caller) ?? 0;
    if (count >= this.limit) return null;
    this.held.set(caller, count + 1);
    return new Slot(() => {
      const now = (this.held.get(caller) ?? 1) - 1;
      if (now === 0) this.held.delete(caller);
      else this.held.set(caller, now);
    });
  }

  of(caller: string): number {
    return this.held.get(caller) ?? 0;
  }
}

export class SubscriptionSlots {
  private readonly subscriptions: Counts;
  private readonly sockets: Counts;

  readonly limits: Readonly<SubscriptionLimits>;

  /** Any limit not given is DEFAULT_SUBSCRIPTION_LIMITS'. */
  constructor(given: Partial<SubscriptionLimits> = {}) {
    const limits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...given };
    this.limits = limits;
    this.subscriptions = new Counts(limits.perCaller);
    this.sockets = new Counts(limits.socketsPerCaller);
  }

  /** A place for one more active subscription of this caller, or the limit that refuses it. */
  subscription(caller: string): Slot | SubscriptionRefusal {
    return this.subscriptions.take(caller) ?? { scope: 'caller', limit: this.limits.perCaller };
  }

  /** A place for one more open graphql-ws socket of this caller, or the limit that refuses it. */
  socket(caller: string): Slot | Refusal<'sockets'> {
    return this.sockets.take(caller) ?? { scope: 'sockets', limit: this.limits.socketsPerCaller };
  }

  /** What this caller holds now (logs and tests). */
  heldBy(caller: string): { subscriptions: number; sockets: number } {
    return { subscriptions: this.subscriptions.of(caller), sockets: this.sockets.of(caller) };
  }
}

const WHAT: Record<SubscriptionRefusal['scope'], string> = {
  socket: 'this socket may hold',
  caller: 'this caller may hold',
};

/**
 * The error a subscribe past a limit gets: SUBSCRIPTION_LIMIT with the limit and its scope. Over HTTP (SSE) it is
 * a 429 like the mutation rate limit; graphql-ws sends the error as is.
 */
export function subscriptionLimitError(refusal: SubscriptionRefusal, overHttp: boolean): GraphQLError {
  return new GraphQLError(`subscription limit: ${WHAT[refusal.scope]} ${refusal.limit} active subscriptions; complete one before starting another`, {
    extensions: {
      code: 'SUBSCRIPTION_LIMIT',
      limit: refusal.limit,
      scope: refusal.scope,
      ...(overHttp ? { http: { status: 429 } } : {}),
    },
  });
}

/** The graphql-ws close code for a socket past the caller's socket cap (4429: 4000 + HTTP's Too Many Requests). */
export const TOO_MANY_SOCKETS = 4429;
export const TOO_MANY_SOCKETS_REASON = 'Too many connections for this caller';
