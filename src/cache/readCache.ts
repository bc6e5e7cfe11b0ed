// The process-wide cache of backend reads, shared by every request: an answer is fresh for its backend's window,
// then served stale (for as long again) while one refresh runs; one load in flight per key for all who wait; the
// whole cache bounded in bytes, the least recently used answers going first. Failures are never kept, and an
// invalidation (an operation of ours changed the backend) drops a backend's answers and its loads in flight at once.
// Below it, where replicas share a Redis, a shared tier (cache/redisReads.ts): what this process would load is
// looked for there first, and what it loads is put there for the others.
import type { z } from 'zod';

/** An answer and when the backend gave it (epoch ms). */
interface Dated<T> {
  value: T;
  at: number;
}

interface Entry<T> extends Dated<T> {
  bytes: number;
}

/** What answers each key of a many-keys read: its value, or why it has none (the load that should have got it failed). */
export type Answers<T> = Map<string, Dated<T> | { error: unknown }>;

/** Answers the replicas share, as the backends gave them and when; each replica checks what it takes from there. */
export interface SharedTier {
  /** The backend's generation in the tier, and the answers it holds for these keys (unchecked). */
  get(shelf: string, backend: string, keys: readonly string[]): Promise<{ generation: string; found: Map<string, { at: number; value: unknown }> }>;
  /** Puts answers under the generation they were loaded in (one invalidated meanwhile is never read), for `ttlMs`. */
  put(shelf: string, backend: string, generation: string, answers: { key: string; at: number; value: unknown }[], ttlMs: number): void;
  /** Moves the backend's generation on: what every replica put before is gone for all of them. */
  invalidate(backend: string): void;
}

/** One kind of read (VM lists, snapshots by VM, …): its answers per backend and key, and its loads in flight. */
export class Shelf<T> {
  private readonly entries = new Map<string, Map<string, Entry<T>>>();
  private readonly loads = new Map<string, Map<string, Promise<Dated<T>>>>();

  constructor(
    readonly name: string,
    private readonly cache: ReadCache,
    /** What an answer taken from the shared tier must be (it crossed a process boundary). */
    private readonly schema: z.ZodType<T>,
  ) {}

  /**
   * Answers for many keys of one backend. A key held fresh answers from the cache; one being loaded joins that load;
   * one past its window (within as long again) answers stale at once and is refreshed; the rest are loaded, with the
   * refreshes, in one call of `load` (which answers every key it is given, or fails them all). With `reload`, nothing
   * held answers: every key is loaded (or joins a load in flight) and kept for later readers (the inventory poller).
   */
  async readMany(
    backend: string,
    keys: readonly string[],
    freshMs: number,
    load: (keys: string[]) => Promise<Map<string, T>>,
    reload = false,
  ): Promise<Answers<T>> {
    const now = this.cache.now();
    const answers: Answers<T> = new Map();
    const waits: [string, Promise<Dated<T>>][] = [];
    /** Keys to load: those with nothing to answer yet, and the stale ones answered already (refreshed for later). */
    const toLoad: string[] = [];
    const missing = new Set<string>();
    const entries = this.entries.get(backend);
    const loads = this.loads.get(backend);
    for (const key of new Set(keys)) {
      const entry = freshMs > 0 && !reload ? entries?.get(key) : undefined;
      const age = entry ? now - entry.at : Infinity;
      const loading = freshMs > 0 ? loads?.get(key) : undefined;
      if (entry && age <= 2 * freshMs) {
        this.cache.touch(this, backend, key);
        answers.set(key, { value: entry.value, at: entry.at });
        if (age > freshMs && !loading) toLoad.push(key);
      } else if (loading) {
        waits.push([key, loading]);
      } else {
        toLoad.push(key);
        missing.add(key);
      }
    }
    if (toLoad.length > 0) {
      for (const [key, pending] of this.start(backend, toLoad, freshMs, load, reload)) {
        if (missing.has(key)) waits.push([key, pending]);
        // A refresh's failure is for the next reader to see, not this one (answered stale).
        else pending.catch(() => undefined);
      }
    }
    const settled = await Promise.allSettled(waits.map(([, wait]) => wait));
    waits.forEach(([key], i) => {
      const outcome = settled[i];
      if (outcome?.status === 'fulfilled') answers.set(key, outcome.value);
      else answers.set(key, { error: outcome?.reason });
    });
    return answers;
  }

  /** Drops every answer and load of a backend. */
  clear(backend: string): void {
    for (const key of this.entries.get(backend)?.keys() ?? []) this.cache.forget(this, backend, key);
    this.entries.delete(backend);
    this.loads.delete(backend);
  }

  /** Drops one answer (the cache evicting it for room). */
  evict(backend: string, key: string): void {
    this.entries.get(backend)?.delete(key);
  }

  /** One load for these keys; a promise per key, registered so later readers join it. */
  private start(
    backend: string,
    keys: string[],
    freshMs: number,
    load: (keys: string[]) => Promise<Map<string, T>>,
    reload: boolean,
  ): Map<string, Promise<Dated<T>>> {
    const generation = this.cache.generation(backend);
    const batch = this.fetch(backend, keys, freshMs, load, reload);
    const loads = this.loads.get(backend) ?? new Map<string, Promise<Dated<T>>>();
    if (freshMs > 0) this.loads.set(backend, loads);
    const perKey = new Map<string, Promise<Dated<T>>>();
    for (const key of keys) {
      const pending = batch.then((answers): Dated<T> => {
        const answer = answers.get(key);
        if (!answer) throw new Error(`the backend's answer has nothing for key '${key}'`);
        const { value, at } = answer;
        // Loaded before the backend changed: its waiters get it, the cache does not keep it.
        if (freshMs > 0 && this.cache.generation(backend) === generation) this.store(backend, key, value, at);
        return { value, at };
      });
      perKey.set(key, pending);
      if (freshMs <= 0) continue;
      loads.set(key, pending);
      const done = () => {
        if (loads.get(key) === pending) loads.delete(key);
      };
      pending.then(done, done);
    }
    return perKey;
  }

  /**
   * The keys' answers: those the shared tier holds fresh (and of the right shape), and the rest from the backend,
   * put in the tier for the other replicas. A tier that fails costs only the lookup: the backend answers.
   */
  private async fetch(backend: string, keys: string[], freshMs: number, load: (keys: string[]) => Promise<Map<string, T>>, reload: boolean): Promise<Map<string, Dated<T>>> {
    const tier = freshMs > 0 ? this.cache.tier : null;
    const answers = new Map<string, Dated<T>>();
    let generation: string | null = null;
    if (tier) {
      const held = await tier.get(this.name, backend, reload ? [] : keys).catch(() => null);
      generation = held?.generation ?? null;
      const now = this.cache.now();
      for (const [key, { at, value }] of held?.found ?? []) {
        const parsed = now - at <= freshMs ? this.schema.safeParse(value) : null;
        if (parsed?.success) answers.set(key, { value: parsed.data, at });
      }
    }
    const rest = keys.filter((key) => !answers.has(key));
    if (rest.length === 0) return answers;
    const values = await load(rest);
    const at = this.cache.now();
    for (const [key, value] of values) answers.set(key, { value, at });
    if (tier && generation !== null) {
      tier.put(this.name, backend, generation, [...values].map(([key, value]) => ({ key, at, value })), 2 * freshMs);
    }
    return answers;
  }

  private store(backend: string, key: string, value: T, at: number): void {
    const entries = this.entries.get(backend) ?? new Map<string, Entry<T>>();
    this.entries.set(backend, entries);
    const bytes = sizeOf(value);
    entries.set(key, { value, at, bytes });
    this.cache.charge(this, backend, key, bytes);
  }
}

/** About how many bytes an answer takes: its JSON, two bytes a character (as V8 holds most strings, and then some). */
const sizeOf = (value: unknown): number => 2 * (JSON.stringify(value)?.length ?? 0) + 64;

interface Held {
  shelf: { evict(backend: string, key: string): void };
  backend: string;
  key: string;
  bytes: number;
}

/** The shelves and what they share: the byte budget, the recency order and each backend's generation. */
export class ReadCache {
  /** Every answer held, least recently used first: evicting walks it from the start. */
  private readonly order = new Map<string, Held>();
  private readonly generations = new Map<string, number>();
  private readonly shelves: { name: string; clear(backend: string): void }[] = [];
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    readonly now: () => number = Date.now,
    /** The tier the replicas share (Redis); none for a gateway on its own. */
    readonly tier: SharedTier | null = null,
  ) {}

  shelf<T>(name: string, schema: z.ZodType<T>): Shelf<T> {
    const shelf = new Shelf<T>(name, this, schema);
    this.shelves.push(shelf);
    return shelf;
  }

  /** The bytes held now. */
  get size(): number {
    return this.bytes;
  }

  /** A backend's generation: it moves on every invalidation, so loads started before one are not kept. */
  generation(backend: string): number {
    return this.generations.get(backend) ?? 0;
  }

  /**
   * An operation of ours changed the backend (or may have): what the cache holds of it goes, loads in flight too, and
   * (`everywhere`) what the shared tier holds; a replica told of another's change forgets only its own.
   */
  invalidate(backend: string, everywhere = true): void {
    this.generations.set(backend, this.generation(backend) + 1);
    for (const shelf of this.shelves) shelf.clear(backend);
    if (everywhere) this.tier?.invalidate(backend);
  }

  touch(shelf: { name: string }, backend: string, key: string): void {
    const id = idOf(shelf, backend, key);
    const held = this.order.get(id);
    if (!held) return;
    this.order.delete(id);
    this.order.set(id, held);
  }

  charge(shelf: Held['shelf'] & { name: string }, backend: string, key: string, bytes: number): void {
    const id = idOf(shelf, backend, key);
    this.bytes -= this.order.get(id)?.bytes ?? 0;
    this.order.delete(id);
    this.order.set(id, { shelf, backend, key, bytes });
    this.bytes += bytes;
    for (const [oldest, held] of this.order) {
      // The answer just kept stays even when it alone is over the budget: its readers have it already.
      if (this.bytes <= this.maxBytes || oldest === id) break;
      this.order.delete(oldest);
      this.bytes -= held.bytes;
      held.shelf.evict(held.backend, held.key);
    }
  }

  forget(shelf: { name: string }, backend: string, key: string): void {
    const id = idOf(shelf, backend, key);
    this.bytes -= this.order.get(id)?.bytes ?? 0;
    this.order.delete(id);
  }
}

const idOf = (shelf: { name: string }, backend: string, key: string): string => `${shelf.name}\u0000${backend}\u0000${key}`;
