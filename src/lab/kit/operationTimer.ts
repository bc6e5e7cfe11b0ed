// How long backend work takes (opMs), on the simulator's clock: the span an operation runs over, where in it now
// is, and the wait for work that holds its answer back.
import type { Clock } from './clock.js';

/** When an operation started and when it ends (equal when the work is instant). */
export interface Span {
  startedAt: number;
  finishAt: number;
}

export class OperationTimer {
  constructor(
    private readonly clock: Clock,
    /** How long backend work takes. */
    readonly opMs: number,
  ) {}

  /** An operation starting now. */
  start(): Span {
    const now = this.clock.now();
    return { startedAt: now, finishAt: now + this.opMs };
  }

  /** Resolves once the work is done: for APIs whose calls block until it is. */
  block(): Promise<void> {
    return this.clock.sleep(this.opMs);
  }
}

/** The end of the span's first fifth: until then its work is queued, not started (ManageIQ Queued, Danube PENDING). */
export const queuedUntil = (span: Span): number => span.startedAt + (span.finishAt - span.startedAt) / 5;

export const finished = (span: Span, now: number): boolean => now >= span.finishAt;

/** The share of the span gone by at `now` (from `from`, the start unless given), between 0 and 1. */
export function progress(span: Span, now: number, from = span.startedAt): number {
  return Math.min(1, Math.max(0, (now - from) / Math.max(1, span.finishAt - from)));
}
