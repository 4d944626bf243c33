/**
 * When a time-dependent live segment (relative dates, interaction windows) is due next. Members of
 * such segments change as time passes without any data change: day-based rules flip at local
 * midnight in the segment's time zone, and sliding windows move continuously. So a segment is due at
 * the next local midnight, and at least hourly (the product re-evaluates about once an hour, F14).
 */

export const SCHEDULE_INTERVAL_MS = 60 * 60 * 1000;

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The cached `en-US` 24-hour formatter for `timeZone` (exported for the cache test). */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset (ms) of `timeZone` from UTC at instant `at`. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(at));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The first instant after `now` at which the local date in `timeZone` changes. */
export function nextLocalMidnight(now: number, timeZone: string): number {
  const local = new Date(now + zoneOffset(now, timeZone));
  const nextDayUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  // Two passes settle DST changes that happen between now and midnight.
  let guess = nextDayUtc - zoneOffset(now, timeZone);
  guess = nextDayUtc - zoneOffset(guess, timeZone);
  return guess > now ? guess : now + SCHEDULE_INTERVAL_MS;
}

/** Next due time of a time-dependent segment evaluated at `now`. */
export function nextEvaluationAt(now: number, timeZone: string): number {
  return Math.min(now + SCHEDULE_INTERVAL_MS, nextLocalMidnight(now, timeZone));
}
