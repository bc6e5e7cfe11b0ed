// The per-caller mutation rate limit: a token bucket per principal (sustained rate plus a burst), checked before a
// mutation executes on any transport; in this process's memory here, shared by every replica in redisRateLimit.ts.
import { getOperationAST, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RateLimitConfig } from './config.js';
import type { Principal } from './principal.js';
import { rootActions } from './rootFields.js';

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** What the plugin asks; the memory and the Redis limiters both answer it. */
export interface MutationRateLimit {
  take(caller: string, count: number): RateVerdict | Promise<RateVerdict>;
  describe(): string;
  /** The most actions one request may take at once. */
  readonly burst: number;
}

export const describeRate = (config: RateLimitConfig): string => `${config.mutationsPerMinute} mutations a minute (bursts of ${config.burst})`;

/** Seconds until a bucket holding `tokens` has `count`, at `perMs` tokens a millisecond (at least 1). */
export const secondsUntil = (count: number, tokens: number, perMs: number): number => Math.max(1, Math.ceil((count - tokens) / perMs / 1000));

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter implements MutationRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = config.mutationsPerMinute / 60_000;
  }

  /** Takes `count` tokens from the caller's bucket; when it holds too few, takes none and says when it will. */
  take(caller: string, count: number): RateVerdict {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.config.burst, at: now };
    bucket.tokens = Math.min(this.config.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      this.forgetFullBuckets(now);
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: secondsUntil(count, bucket.tokens, this.perMs) };
  }

  describe(): string {
    return describeRate(this.config);
  }

  get burst(): number {
    return this.config.burst;
  }

  /** A bucket that has filled up again is the same as none: drop such buckets now and then, so memory stays flat. */
  private forgetFullBuckets(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [caller, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.config.burst) this.buckets.delete(caller);
    }
  }
}

/**
 * Refuses a mutation, before it runs, when its caller has used up its rate; the open lab (anonymous) is not limited.
 * Each root field that will execute is one action, however the document spells it (aliases, fragments); it runs in
 * the one envelop pipeline that HTTP, SSE and graphql-ws all execute through.
 */
export function useMutationRateLimit(limiter: MutationRateLimit, callerOf: (context: unknown) => Principal | null): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const caller = callerOf(args.contextValue);
      if (!caller || caller.anonymous) return;
      const actions = Math.max(1, rootActions(args.schema, args.document, operation, args.variableValues));
      if (actions > limiter.burst) {
        // No wait would ever let it through: say so, rather than a Retry-After that cannot be met.
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`rate limit: this request asks for ${actions} actions, more than a burst of ${limiter.burst}; split it`, {
              extensions: { code: 'RATE_LIMITED', actions, burst: limiter.burst, http: { status: 429 } },
            }),
          ],
        });
        return;
      }
      const verdict = await limiter.take(caller.id, actions);
      if (verdict.allowed) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(`rate limit: this caller may send ${limiter.describe()}; retry in ${verdict.retryAfterSeconds} s`, {
            extensions: {
              code: 'RATE_LIMITED',
              retryAfterSeconds: verdict.retryAfterSeconds,
              http: { status: 429, headers: { 'retry-after': String(verdict.retryAfterSeconds) } },
            },
          }),
        ],
      });
    },
  };
}
