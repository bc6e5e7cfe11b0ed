// The read tier replicas share through Redis: each backend answer one replica loads is put there (under the
// backend's generation, for twice its window), so the next replica to need it takes it from there instead of asking
// the backend; an invalidation moves the generation on for all. Redis failing costs a lookup, never a read.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logging.js';
import { parseJson } from '../operations/records.js';
import type { SharedTier } from './readCache.js';

// KEYS[1]: the backend's generation. ARGV[1]: the answer keys' start; ARGV[2..]: each key's end. One round trip:
// the generation, then the answer under it for each key ('' where there is none).
const GET_SCRIPT = `
local generation = redis.call('GET', KEYS[1]) or '0'
local out = { generation }
if #ARGV > 1 then
  local keys = {}
  for i = 2, #ARGV do keys[#keys + 1] = ARGV[1] .. generation .. ':' .. ARGV[i] end
  local values = redis.call('MGET', unpack(keys))
  for i = 1, #keys do out[#out + 1] = values[i] or '' end
end
return out
`;

const heldSchema = z.object({ at: z.number(), value: z.unknown() });
const replySchema = z.array(z.string()).min(1);

export class RedisReadTier implements SharedTier {
  private lastError = '';

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  private generationKey(backend: string): string {
    return `${this.prefix}reads:${backend}:generation`;
  }

  private answerKey(backend: string, generation: string, shelf: string, key: string): string {
    return `${this.answerStart(backend)}${generation}:${this.answerEnd(shelf, key)}`;
  }

  private answerStart(backend: string): string {
    return `${this.prefix}reads:${backend}:g`;
  }

  private answerEnd(shelf: string, key: string): string {
    return `${shelf}:${key}`;
  }

  async get(shelf: string, backend: string, keys: readonly string[]): Promise<{ generation: string; found: Map<string, { at: number; value: unknown }> }> {
    try {
      const ends = keys.map((key) => this.answerEnd(shelf, key));
      const reply = replySchema.parse(await this.client.eval(GET_SCRIPT, 1, this.generationKey(backend), this.answerStart(backend), ...ends));
      const [generation = '0', ...values] = reply;
      const found = new Map<string, { at: number; value: unknown }>();
      keys.forEach((key, i) => {
        const text = values[i];
        const held = text ? parseJson(heldSchema, text) : null;
        if (held) found.set(key, { at: held.at, value: held.value });
      });
      return { generation, found };
    } catch (error) {
      this.failed('read', error);
      throw error;
    }
  }

  put(shelf: string, backend: string, generation: string, answers: { key: string; at: number; value: unknown }[], ttlMs: number): void {
    if (answers.length === 0 || ttlMs <= 0) return;
    const pipeline = this.client.pipeline();
    for (const { key, at, value } of answers) {
      pipeline.set(this.answerKey(backend, generation, shelf, key), JSON.stringify({ at, value }), 'PX', Math.ceil(ttlMs));
    }
    pipeline.exec().catch((error: unknown) => this.failed('write', error));
  }

  invalidate(backend: string): void {
    this.client.incr(this.generationKey(backend)).catch((error: unknown) => this.failed('invalidate', error));
  }

  /** One warn line per distinct failure, not one per read. */
  private failed(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message === this.lastError) return;
    this.lastError = message;
    this.logger.warn({ error: message }, `the shared read tier in Redis could not ${what}; reads go to the backends`);
  }
}
