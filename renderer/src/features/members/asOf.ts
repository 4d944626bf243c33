/**
 * The moment "as of" points at: a local date, and optionally a local time of day (to the minute or the
 * second). Without a time it is the end of that day; without seconds, the end of that minute — so a
 * change made during the chosen minute or day counts as already made.
 */
export function asOfInstant(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!d) return null;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  const at = t
    ? new Date(year, month - 1, day, Number(t[1]), Number(t[2]), t[3] === undefined ? 59 : Number(t[3]), 999)
    : new Date(year, month - 1, day, 23, 59, 59, 999);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Today as the value of a date input (local). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
