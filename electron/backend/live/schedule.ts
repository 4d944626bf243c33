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
  // Every refresh of a time-dependent segment asks this (zone maths: several Intl calls); the answer
  // is the same for every instant of the same local day, so remember it until that midnight passes.
  const known = lastMidnight.get(timeZone);
  if (known && known.from <= now && now < known.next) return known.next;
  const next = zonedDayStart(addDays(localDay(now, timeZone), 1), timeZone);
  if (next <= now) return now + SCHEDULE_INTERVAL_MS;
  lastMidnight.set(timeZone, { from: now, next });
  return next;
}

/** Per zone: the next local midnight computed at `from` (valid for every instant in [from, next)). */
const lastMidnight = new Map<string, { from: number; next: number }>();

/** Next due time of a time-dependent segment evaluated at `now`. */
export function nextEvaluationAt(now: number, timeZone: string): number {
  return Math.min(now + SCHEDULE_INTERVAL_MS, nextLocalMidnight(now, timeZone));
}
