// Work due at a moment on a simulator's clock, done lazily: whatever reads the state settles it first, so the state
// is a function of now (no timers to leak or clear, and a manual clock drives it).
import type { Clock } from './clock.js';

/** Work done when its moment comes; told that moment (not the later one it was noticed at). */
type DueWork = (at: number) => void;

export class Schedule {
  private readonly pending: { at: number; order: number; work: DueWork }[] = [];
  private scheduled = 0;

  constructor(private readonly clock: Clock) {}

  at(time: number, work: DueWork): void {
    this.pending.push({ at: time, order: this.scheduled++, work });
  }

  after(ms: number, work: DueWork): void {
    this.at(this.clock.now() + ms, work);
  }

  /** Does every piece of work whose moment has come, earliest first; work it schedules runs too once due. */
  settle(): void {
    const now = this.clock.now();
    for (;;) {
      let next = -1;
      this.pending.forEach((item, i) => {
        const best = this.pending[next];
        if (item.at <= now && (!best || item.at < best.at || (item.at === best.at && item.order < best.order))) next = i;
      });
      const [due] = next >= 0 ? this.pending.splice(next, 1) : [];
      if (!due) return;
      due.work(due.at);
    }
  }

  /** Work not yet due. */
  size(): number {
    return this.pending.length;
  }
}
