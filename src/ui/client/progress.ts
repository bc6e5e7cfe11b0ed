// What a running operation's bar shows: determinate when the backend gives percentages, indeterminate (with its
// phase) when it does not, and an estimate of the time left once the percentage has moved.

/** A percentage the backend reported, and when the page heard it. */
interface Sample {
  at: number;
  percent: number;
}

export type Bar =
  | { mode: 'determinate'; percent: number; etaMs: number | null }
  | { mode: 'indeterminate' }
  | { mode: 'finished'; percent: number };

/** The percentages heard of one operation, each kept when it differs from the one before. */
export class ProgressHistory {
  private readonly samples: Sample[] = [];

  record(percent: number | null, at: number): void {
    if (percent === null) return;
    const last = this.samples[this.samples.length - 1];
    if (last?.percent !== percent) this.samples.push({ at, percent });
  }

  /** The distinct percentages heard, in order. */
  percents(): number[] {
    return this.samples.map((s) => s.percent);
  }

  /** Milliseconds left at `now`, at the average rate since the first percentage heard; null until it moved. */
  etaMs(now: number): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.percent <= first.percent || last.at <= first.at) return null;
    const perMs = (last.percent - first.percent) / (last.at - first.at);
    return Math.max(0, (100 - last.percent) / perMs - (now - last.at));
  }
}

/** The statuses after which nothing changes. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function barOf(status: string, percent: number | null, history: ProgressHistory, now: number): Bar {
  if (FINAL_STATUSES.has(status)) return { mode: 'finished', percent: status === 'SUCCEEDED' ? 100 : (percent ?? 0) };
  if (percent === null) return { mode: 'indeterminate' };
  return { mode: 'determinate', percent, etaMs: history.etaMs(now) };
}

/** "about 4 s left", "about 2 min left"; a second or less is "almost done". */
export function describeEta(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds <= 1) return 'almost done';
  if (seconds < 90) return `about ${seconds} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** "3 s", "1 min 5 s": how long it has run. */
export function describeElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
