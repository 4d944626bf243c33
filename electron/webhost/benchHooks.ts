/**
 * Opt-in hooks of the web host for the benchmark (`npm run bench`, bench/feel/), off unless set:
 *
 *   SS_LAG_PROBE=<file>  every 100 ms, append one JSON line to <file>: `{"t": epoch ms, "n": samples,
 *                        "max": ms, "p50": ms, "p99": ms, "rss": bytes}`, the main thread's event-loop
 *                        delay (monitorEventLoopDelay, 1 ms resolution) since the previous line, and the
 *                        process's resident memory. A line written after a long block covers that block.
 *   SS_NOW=<ISO instant> the backend's clock stands still at that instant (relative dates, windows,
 *                        the scheduler's due times), so figures on fixed data are reproducible.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export const LAG_PROBE_INTERVAL_MS = 100;

/** A clock standing at `text` (an ISO instant); undefined when unset. Throws on a value that is not a date. */
export function fixedClock(text: string | undefined): (() => number) | undefined {
  if (text === undefined || text === '') return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) throw new Error(`SS_NOW must be an ISO date-time such as 2026-01-01T00:00:00Z, got "${text}".`);
  return () => at;
}

/** Starts the event-loop lag probe writing to `file` (see above); returns its stop function. */
export function startLagProbe(file: string, intervalMs = LAG_PROBE_INTERVAL_MS): () => void {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  const write = (): void => {
    const line = {
      t: Date.now(),
      n: h.count,
      max: ms(h.max),
      p50: ms(h.percentile(50)),
      p99: ms(h.percentile(99)),
      rss: process.memoryUsage.rss(),
    };
    h.reset();
    try {
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // A probe that cannot write must not disturb the app it measures.
    }
  };
  const timer = setInterval(write, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    h.disable();
  };
}
