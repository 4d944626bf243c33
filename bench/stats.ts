/** Timing helpers shared by the benchmark parts: medians, percentiles and the event-loop lag monitor. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Runs `fn` once to warm up, then `runs` times; returns every timed run (ms) and the last result. */
export async function timed<T>(
  runs: number,
  fn: () => Promise<T>,
  before?: () => void | Promise<void>,
): Promise<{ times: number[]; result: T }> {
  await before?.();
  let result = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const t0 = process.hrtime.bigint();
    result = await fn();
    times.push(ms(t0));
  }
  return { times, result };
}

/** Main-thread event-loop delay (1 ms resolution) over a stretch of work. */
export class LagMonitor {
  private h: IntervalHistogram | null = null;
  private maxNs = 0;
  private p99Ns = 0;

  start(): void {
    this.maxNs = 0;
    this.p99Ns = 0;
    this.resume();
  }

  /**
   * Pauses sampling (harness work that is not the app's, e.g. cleaning up between runs). A fresh
   * histogram per sampling span: a re-enabled one would measure its first delay from its last sample
   * before the pause, charging the harness's own blocking work to the app.
   */
  pause(): void {
    const h = this.h;
    if (!h) return;
    h.disable();
    if (h.count > 0) {
      this.maxNs = Math.max(this.maxNs, h.max);
      this.p99Ns = Math.max(this.p99Ns, h.percentile(99));
    }
    this.h = null;
  }

  resume(): void {
    if (this.h) return;
    this.h = monitorEventLoopDelay({ resolution: 1 });
    this.h.enable();
  }

  /** Stops and returns the max and p99 delay in ms (the 1 ms sampling resolution is subtracted; p99 is the worst span's). */
  stop(): { maxMs: number; p99Ms: number } {
    this.pause();
    return { maxMs: Math.max(0, this.maxNs / 1e6 - 1), p99Ms: Math.max(0, this.p99Ns / 1e6 - 1) };
  }
}

export const fmtMs = (v: number | null | undefined): string => {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v < 1) return v.toFixed(3);
  if (v < 10) return v.toFixed(2);
  if (v < 100) return v.toFixed(1);
  return v.toFixed(0);
};

export const fmtInt = (v: number): string => v.toLocaleString('en-US');

/** "met" / "NOT met" for a measured value against an upper bound. */
export const verdict = (value: number | null | undefined, limit: number): string =>
  value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value <= limit ? 'met' : 'NOT met';
