/**
 * The targets of issue 15 ("what a marketer feels"), evaluated from the results of the bench parts
 * and printed as one table: name, value, goal, met / not met / not run. Pure: no timing, no I/O.
 */

export type Unit = 'ms' | 's' | 'MB';

/** One target as written to the results JSON (`targets`). */
export interface TargetResult {
  name: string;
  /** The measured figure; null when its part was not run (or could not measure it). */
  value: number | null;
  unit: Unit;
  /** Upper bound: met when value ≤ goal (and every extra condition holds). */
  goal: number;
  met: boolean;
  status: 'met' | 'not met' | 'not run';
  /** What the figure is made of, or why it was not run / not met besides the value. */
  detail?: string;
}

/**
 * A target from a measured value: `not run` when the value is null, undefined or NaN (never `met`);
 * `conditions` are further requirements (e.g. "members current"), each must hold to be met.
 */
export function target(
  name: string,
  value: number | null | undefined,
  goal: number,
  unit: Unit,
  detail?: string,
  conditions: { holds: boolean; failure: string }[] = [],
): TargetResult {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return { name, value: null, unit, goal, met: false, status: 'not run', ...(detail ? { detail } : {}) };
  }
  const broken = conditions.filter((c) => !c.holds).map((c) => c.failure);
  const met = value <= goal && broken.length === 0;
  const parts = [detail, ...broken].filter((x): x is string => !!x);
  return { name, value, unit, goal, met, status: met ? 'met' : 'not met', ...(parts.length ? { detail: parts.join('; ') } : {}) };
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return '—';
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  if (unit === 's') return `${value.toFixed(1)} s`;
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
}

const GOAL_TEXT: Record<Unit, (g: number) => string> = {
  ms: (g) => `≤ ${g} ms`,
  s: (g) => `≤ ${g} s`,
  MB: (g) => `≤ ${g} MB`,
};

/** The markdown table (also what is printed). */
export function targetsTable(rows: readonly TargetResult[]): string {
  const out = ['| target | value | goal | met |', '|---|---:|---|---|'];
  for (const r of rows) {
    const met = r.status === 'met' ? 'met' : r.status === 'not run' ? 'not run' : '**NOT met**';
    out.push(`| ${r.name}${r.detail ? ` (${r.detail})` : ''} | ${formatValue(r.value, r.unit)} | ${GOAL_TEXT[r.unit](r.goal)} | ${met} |`);
  }
  const counts = { met: 0, 'not met': 0, 'not run': 0 };
  for (const r of rows) counts[r.status]++;
  out.push('', `${counts.met} met, ${counts['not met']} not met, ${counts['not run']} not run.`);
  return out.join('\n');
}

/** Time windows: API-wait samples and lag-probe lines that fall in one. */
export interface Window {
  from: number;
  to: number;
}

/** One line of the web host's lag probe (electron/webhost/benchHooks.ts). */
export interface LagLine {
  t: number;
  n: number;
  max: number;
  p50: number;
  p99: number;
  rss: number;
}

export interface WindowStats {
  /** Longest round trip of the prober's calls that overlapped the window (ms); null without samples. */
  apiWaitMaxMs: number | null;
  apiWaitP99Ms: number | null;
  calls: number;
  /** Worst main-thread event-loop delay the app itself saw in the window (ms). */
  lagMaxMs: number | null;
  rssMaxBytes: number | null;
}

/**
 * What the prober and the app's probe saw during `w`. A call counts when it was in flight at any time
 * in the window; a probe line covers the span since the line before it (a long block is reported by
 * the first line written after it), and counts when that span overlaps the window.
 */
export function windowStats(w: Window, samples: readonly (readonly [number, number])[], lines: readonly LagLine[]): WindowStats {
  const waits = samples.filter(([at, ms]) => at <= w.to && at + ms >= w.from).map(([, ms]) => ms);
  waits.sort((a, b) => a - b);
  let lagMax: number | null = null;
  let rssMax: number | null = null;
  let prev = Number.NEGATIVE_INFINITY;
  for (const l of lines) {
    if (prev < w.to && l.t >= w.from) {
      lagMax = Math.max(lagMax ?? 0, l.max);
      rssMax = Math.max(rssMax ?? 0, l.rss);
    }
    prev = l.t;
  }
  const p99 = waits.length ? (waits[Math.min(waits.length - 1, Math.ceil(0.99 * waits.length) - 1)] ?? null) : null;
  return {
    apiWaitMaxMs: waits.length ? (waits[waits.length - 1] ?? null) : null,
    apiWaitP99Ms: p99,
    calls: waits.length,
    lagMaxMs: lagMax,
    rssMaxBytes: rssMax,
  };
}

/** Parses the lag probe's file (one JSON object a line; a torn last line is ignored). */
export function parseLagLines(text: string): LagLine[] {
  const out: LagLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as LagLine);
    } catch {
      // The host may be writing the last line right now.
    }
  }
  return out;
}
