// A policy's cron schedule (five fields, UTC): whether it ever fires, the latest slot at or before a moment, the
// next one after it, and how many slots lie between two moments (what a gateway that was down missed).
import { CronExpressionParser } from 'cron-parser';

const parse = (schedule: string, at: Date) => CronExpressionParser.parse(schedule, { currentDate: at, tz: 'UTC' });

/** Why the expression is no schedule: not five valid fields, or one that never fires; null when it is one. */
export function scheduleProblem(schedule: string): string | null {
  if (schedule.trim().split(/\s+/).length !== 5) return 'must be a cron expression of five fields (minute hour day month weekday), in UTC';
  try {
    parse(schedule, new Date()).next();
    return null;
  } catch (error) {
    return `is not a schedule that fires: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The latest slot at or before `at`. */
export function slotAtOrBefore(schedule: string, at: Date): Date {
  // cron-parser's prev() is strictly before its current date: a second later makes `at` itself count.
  return parse(schedule, new Date(at.getTime() + 1000)).prev().toDate();
}

export function slotAfter(schedule: string, at: Date): Date {
  return parse(schedule, at).next().toDate();
}

/** Slots after `from` up to and including `to`, counted up to `cap`. */
export function slotsBetween(schedule: string, from: Date, to: Date, cap = 1000): number {
  const slots = parse(schedule, from);
  let count = 0;
  while (count < cap && slots.next().toDate().getTime() <= to.getTime()) count++;
  return count;
}
