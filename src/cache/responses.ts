// Whole query answers, kept for repeats of the same query by callers who see the same things, for as long as every
// backend answer in them is fresh: a dashboard that twenty screens poll is executed once per window, not twenty
// times. Repeats that come while the first is being executed wait for its answer rather than execute it again.
// Emptied whenever the read cache forgets a backend (an operation, a change a poller saw); bounded in bytes.
import type { ExecutionResult } from 'graphql';

interface Kept {
  result: ExecutionResult;
  /** When the backends gave the oldest answer in it (its freshness). */
  oldest: number;
  /** Until when it may answer (the oldest answer's window). */
  until: number;
  bytes: number;
}

type Answer = { result: ExecutionResult; oldest: number };

/** An execution others may wait for: settle it with its answer, or null when it may not be shared. */
interface Flight {
  settle(answer: (Answer & { until: number }) | null): void;
}

export class ResponseCache {
  /** In recency order: the first is the least recently used. */
  private readonly kept = new Map<string, Kept>();
  private readonly flying = new Map<string, Promise<Answer | null>>();
  private bytes = 0;
  /** Moves on with every clear: an answer executed before it is not kept after it. */
  private generation = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Answer | null {
    const found = this.kept.get(key);
    if (!found) return null;
    this.drop(key, found);
    if (this.now() >= found.until) return null;
    this.kept.set(key, found);
    this.bytes += found.bytes;
    return found;
  }

  /** The answer of the execution of this key in flight, when one is; null if it turns out not to be shareable. */
  inFlight(key: string): Promise<Answer | null> | null {
    return this.flying.get(key) ?? null;
  }

  /** Marks this key's execution as in flight, for repeats to wait for; its answer is kept when it is settled with one. */
  fly(key: string): Flight {
    let land: (answer: Answer | null) => void = () => undefined;
    const flight = new Promise<Answer | null>((resolve) => (land = resolve));
    this.flying.set(key, flight);
    const generation = this.generation;
    return {
      settle: (answer) => {
        if (this.flying.get(key) === flight) this.flying.delete(key);
        // Executed across a clear: those who waited asked before the change too; later callers execute again.
        if (answer && generation === this.generation) this.set(key, answer.result, answer.oldest, answer.until);
        land(answer);
      },
    };
  }

  /** Keeps an answer until `until`; one too big for the budget, or already past it, is not kept. */
  set(key: string, result: ExecutionResult, oldest: number, until: number): void {
    if (this.now() >= until) return;
    const bytes = 2 * (JSON.stringify(result).length + key.length) + 64;
    if (bytes > this.maxBytes) return;
    const old = this.kept.get(key);
    if (old) this.drop(key, old);
    this.kept.set(key, { result, oldest, until, bytes });
    this.bytes += bytes;
    for (const [first, entry] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(first, entry);
    }
  }

  clear(): void {
    this.kept.clear();
    this.flying.clear();
    this.bytes = 0;
    this.generation++;
  }

  private drop(key: string, entry: Kept): void {
    this.kept.delete(key);
    this.bytes -= entry.bytes;
  }
}
