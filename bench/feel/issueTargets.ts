/**
 * Every target of issue 15's table, from the results of the parts that ran (feel, live, import).
 * A part that did not run gives "not run" (never "met"). Pure: tested in test/integration/benchTargets.test.ts.
 */
import { target, type TargetResult } from './targets.js';

type Window = { ms: number; apiWaitMaxMs: number | null; lagMaxMs: number | null };

/** What the targets read of the feel part's result (index.ts FeelResult; kept structural so this file stays pure). */
export interface FeelFigures {
  queries: readonly { id: string; api: { coldMs: number } }[];
  session: {
    windows: Partial<Record<string, Window>>;
    tick: { dueSegments: number } | null;
    firstUse: { websiteVisitedMs: number; emailFieldMs: number };
    bigSegment: { members: number };
    searchMs: readonly number[];
    import100k: { rows: number; startAnswerMs: number; seconds: number; estimateAfterMs: number };
    rssMaxMB: number | null;
  };
  append: {
    rows: number;
    liveSegments: number;
    seconds: number;
    membersCurrent: boolean;
    mismatches: string[];
    rssMaxMB: number | null;
  } | null;
}

/** The parts' results as run.ts collects them (each absent when its part did not run). */
export interface PartResults {
  feel?: FeelFigures | null;
  /** bench/import.ts's lines as run.ts parses them. */
  import?: readonly { step: string; rows: number; seconds: number }[] | null;
  /** bench/live.ts's result, read loosely (its shape belongs to the live work). */
  live?: unknown;
}

const n = (x: number): string => x.toLocaleString('en-US');
const lag = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(0));
const short = (x: number): string => (x >= 1e6 ? `${+(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${+(x / 1e3).toFixed(1)}k` : String(x));

/** p99 and median of the live part's per-change figures (profile edit, new interaction written directly). */
function liveFigures(live: unknown): { p99: number; median: number; kinds: string[] } | null {
  if (typeof live !== 'object' || live === null) return null;
  const picked: { kind: string; p99Ms: number; medianMs: number }[] = [];
  for (const key of ['profileEdit', 'newInteractionDirect']) {
    const c = (live as Record<string, unknown>)[key] as { kind?: unknown; p99Ms?: unknown; medianMs?: unknown } | undefined;
    if (c && typeof c.p99Ms === 'number' && typeof c.medianMs === 'number')
      picked.push({ kind: typeof c.kind === 'string' ? c.kind : key, p99Ms: c.p99Ms, medianMs: c.medianMs });
  }
  if (picked.length === 0) return null;
  return {
    p99: Math.max(...picked.map((c) => c.p99Ms)),
    median: Math.max(...picked.map((c) => c.medianMs)),
    kinds: picked.map((c) => c.kind),
  };
}

export function issueTargets(p: PartResults): TargetResult[] {
  const out: TargetResult[] = [];
  const f = p.feel ?? null;
  const s = f?.session ?? null;
  for (const id of ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']) {
    const q = f?.queries.find((x) => x.id === id);
    out.push(target(`first estimate of ${id} right after opening the database (fresh app process, API)`, q?.api.coldMs, 100, 'ms'));
  }
  out.push(target('first use of an interaction type not yet loaded (WebsiteVisited)', s?.firstUse.websiteVisitedMs, 200, 'ms'));
  out.push(target('first use of a field not yet loaded (emailaddress1)', s?.firstUse.emailFieldMs, 200, 'ms'));
  const imp = s?.import100k;
  out.push(
    target(
      `estimate right after a ${imp ? short(imp.rows) : '100k'}-row interaction import (slower of Q3, Q4)`,
      imp?.estimateAfterMs,
      100,
      'ms',
    ),
  );
  const big = s?.bigSegment;
  out.push(
    target(
      `any API call while a segment with ${big ? n(big.members) : '~88.5% of contacts as'} members goes live`,
      s?.windows.goLive?.apiWaitMaxMs,
      20,
      'ms',
      s?.windows.goLive
        ? `go-live ${s.windows.goLive.ms.toFixed(0)} ms, main-thread lag max ${lag(s.windows.goLive.lagMaxMs)} ms`
        : undefined,
    ),
  );
  out.push(
    target(
      "any API call during the scheduler's re-evaluation",
      s?.windows.tick?.apiWaitMaxMs,
      20,
      'ms',
      s?.tick ? `${s.tick.dueSegments} segments due, lag max ${lag(s.windows.tick?.lagMaxMs)} ms` : s ? 'no segment was due' : undefined,
    ),
  );
  out.push(
    target(
      `any API call during a ${imp ? short(imp.rows) : '100k'}-row import`,
      s?.windows.import?.apiWaitMaxMs,
      20,
      'ms',
      imp ? `import ${imp.seconds.toFixed(1)} s, lag max ${lag(s?.windows.import?.lagMaxMs)} ms` : undefined,
    ),
  );
  out.push(target('`imports.start` answer', imp?.startAnswerMs, 50, 'ms'));
  out.push(
    target(
      `member search in the ${big ? n(big.members) : '885k'}-member segment (slowest of 5)`,
      s ? Math.max(...s.searchMs) : null,
      50,
      'ms',
      s?.searchMs.length
        ? `first ${lag(s.searchMs[0])} ms, then ${s.searchMs
            .slice(1)
            .map((x) => lag(x))
            .join(', ')} ms`
        : undefined,
    ),
  );
  out.push(target('any API call during those member searches (off the main thread)', s?.windows.search?.apiWaitMaxMs, 20, 'ms'));
  const live = liveFigures(p.live);
  out.push(
    target('live update per change, p99 (all live segments, whole path)', live?.p99, 10, 'ms', live ? live.kinds.join(', ') : undefined),
  );
  out.push(target('live update per change, median', live?.median, 1, 'ms'));
  const step = (name: string): { rows: number; seconds: number } | undefined => p.import?.find((l) => l.step === name);
  const ints = step('interactions');
  out.push(target(`import ${ints ? short(ints.rows) : '20M'} interactions (CSV, real import service)`, ints?.seconds, 90, 's'));
  const a = f?.append ?? null;
  out.push(
    target(
      `import ${a ? short(a.rows) : '20M'} interactions into the database that already has them and ${a?.liveSegments ?? 16} live segments`,
      a?.seconds,
      120,
      's',
      a ? `members ${a.membersCurrent ? 'current' : 'NOT current'} at the end` : undefined,
      a ? [{ holds: a.membersCurrent, failure: `members differ from a fresh evaluation: ${a.mismatches.join('; ')}` }] : [],
    ),
  );
  const cons = step('contacts');
  out.push(target(`import ${cons ? short(cons.rows) : '1M'} contacts`, cons?.seconds, 5, 's'));
  // The working session is "this scale"; the append doubles the interactions, so its RSS is shown beside it.
  out.push(
    target(
      'RSS of the app process, working (max over the session; DuckDB in a child process)',
      s?.rssMaxMB,
      1024,
      'MB',
      a?.rssMaxMB ? `during the append into twice the interactions: ${a.rssMaxMB.toFixed(0)} MB` : undefined,
    ),
  );
  return out;
}
