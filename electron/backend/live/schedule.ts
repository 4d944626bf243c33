/**
 * When a time-dependent live segment (relative dates, interaction windows) is due next. Members of
 * such segments change as time passes without any data change: day-based rules flip at local
 * midnight in the segment's time zone, and sliding windows move continuously. So a segment is due at
 * the next local midnight, and at least hourly (the product re-evaluates about once an hour, F14).
 */

import { addDays, localDay, zonedDayStart } from '../../../shared/segments/dates.js';

export const SCHEDULE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The first instant after `now` at which the local date in `timeZone` changes: the start of
 * tomorrow's local day, computed by the same zone maths the evaluator uses for relative dates
 * (shared/segments/dates.ts), so a segment is re-checked exactly when its day-based rules flip.
 */
export function nextLocalMidnight(now: number, timeZone: string): number {
  const next = zonedDayStart(addDays(localDay(now, timeZone), 1), timeZone);
  return next > now ? next : now + SCHEDULE_INTERVAL_MS;
}

/** Next due time of a time-dependent segment evaluated at `now`. */
export function nextEvaluationAt(now: number, timeZone: string): number {
  return Math.min(now + SCHEDULE_INTERVAL_MS, nextLocalMidnight(now, timeZone));
}
