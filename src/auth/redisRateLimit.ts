// The mutation rate limit shared by every replica on one Redis: each caller's token bucket is a hash that one Lua
// script refills and takes from atomically, on Redis' clock, so N replicas allow the configured rate, not N times it.
import type { Redis } from 'ioredis';
import type { Logger } from '../logging.js';
import type { RateLimitConfig } from './config.js';
import { describeRate, secondsUntil, type MutationRateLimit, type RateVerdict } from './rateLimit.js';

// KEYS: the bucket. ARGV: tokens per ms, burst, tokens to take. Answers {1 or 0, tokens left}. The bucket expires
// once it would have filled up again, so idle callers cost no memory.
const TAKE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local perMs, burst, count = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(stored[1]) or burst
local at = tonumber(stored[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * perMs)
local allowed = 0
if tokens >= count then
  tokens = tokens - count
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / perMs) + 1000)
return {allowed, tostring(tokens)}
`;

export class RedisRateLimiter implements MutationRateLimit {
  private readonly perMs: number;

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly config: RateLimitConfig,
    private readonly logger: Logger,
  ) {
    this.perMs = config.mutationsPerMinute / 60_000;
  }

  async take(caller: string, count: number): Promise<RateVerdict> {
    let reply: unknown;
    try {
      reply = await this.client.eval(TAKE_SCRIPT, 1, `${this.prefix}rate:${caller}`, String(this.perMs), String(this.config.burst), String(count));
    } catch (error) {
      // Without Redis a mutation cannot be recorded either, and says so (OperationsUnavailable): let it through to that.
      this.logger.warn({ caller, error: error instanceof Error ? error.message : String(error) }, 'rate limit unchecked: Redis did not answer');
      return { allowed: true };
    }
    if (!Array.isArray(reply) || reply.length !== 2) throw new Error('the rate limit script answered something unexpected');
    const [allowed, tokens] = reply;
    if (allowed === 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: secondsUntil(count, Number(tokens), this.perMs) };
  }

  describe(): string {
    return describeRate(this.config);
  }

  get burst(): number {
    return this.config.burst;
  }
}
