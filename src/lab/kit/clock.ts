// The time a simulator runs on: the system's, or a manual one a test moves forward (so timed states need no waiting).
import { sleep } from '../../net.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves once `ms` have passed on this clock: backend work that holds its answer back. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

/** A clock that stands still until a test advances it; whatever sleeps on it wakes when its time is reached. */
export class ManualClock implements Clock {
  private at: number;
  private readonly sleepers: { until: number; wake: () => void }[] = [];

  constructor(start = Date.UTC(2025, 5, 1, 12)) {
    this.at = start;
  }

  now = (): number => this.at;

  sleep = (ms: number): Promise<void> => {
    if (ms <= 0) return Promise.resolve();
    return new Promise((wake) => this.sleepers.push({ until: this.at + ms, wake }));
  };

  /** Moves time forward by `ms` and wakes every sleeper whose time has come. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('a clock does not go back');
    this.at += ms;
    for (let i = this.sleepers.length - 1; i >= 0; i--) {
      const sleeper = this.sleepers[i];
      if (sleeper && sleeper.until <= this.at) {
        this.sleepers.splice(i, 1);
        sleeper.wake();
      }
    }
  }

  /** How many sleeps are still waiting for time to pass (what a test waits on before advancing). */
  sleeping(): number {
    return this.sleepers.length;
  }
}
