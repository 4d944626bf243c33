/**
 * The feel part (issue 15): what a marketer feels, measured on the app in its own process (the web
 * host, the desktop app's backend) through its WebSocket API, with its main-thread lag and RSS sampled
 * inside it and the API wait measured from outside. See queries.ts (Q1–Q6 cold / warm / changed,
 * in-process, API, DuckDB), session.ts (tick, first use, go-live, search, import) and append.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataInfo } from '../data.js';
import type { DuckInfo } from '../duck.js';
import { fmtInt, fmtMs } from '../stats.js';
import { runAppend, type AppendResult } from './append.js';
import { prepareDb, removeDb, typeIdsOf } from './prepare.js';
import { runQueries, type QueryFeel } from './queries.js';
import { runSession, type SessionResult } from './session.js';

export interface FeelResult {
  queries: QueryFeel[];
  session: SessionResult;
  /** Null when skipped (--append 0). */
  append: AppendResult | null;
}

export interface FeelOptions {
  data: DataInfo;
  duck: DuckInfo | null;
  runs: number;
  importRows: number;
  appendRows: number;
}

export async function runFeel(o: FeelOptions, log: (s: string) => void): Promise<FeelResult> {
  const probeDir = path.join(path.dirname(o.data.file), 'feel');
  fs.mkdirSync(probeDir, { recursive: true });
  const file = o.data.file.replace(/\.db$/, '-feel.db');
  try {
    const ids = await prepareDb(o.data.file, file, 0, log);
    const types = typeIdsOf(file);
    log('feel: Q1–Q6 cold / warm / changed (in-process, API, DuckDB) …');
    const queries = await runQueries(file, ids, types, o.duck, o.runs, probeDir, log);
    log('feel: a working session in the app process …');
    const session = await runSession(file, ids, types, probeDir, o.importRows, log);
    removeDb(file);
    const append = o.appendRows > 0 ? await runAppend(o.data.file, o.appendRows, probeDir, log) : null;
    return { queries, session, append };
  } finally {
    removeDb(file);
    removeDb(o.data.file.replace(/\.db$/, '-append.db'));
  }
}

const r = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(2));

/** The feel part's own tables (the targets table is separate: issueTargets.ts). */
export function feelTables(f: FeelResult): string {
  const out = [
    '| query | members | in-process cold / warm / changed ms | API cold / warm / changed ms (process start ms) | DuckDB cold / warm / changed ms | app/DuckDB cold / warm / changed | same count |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const q of f.queries) {
    const ip = q.inProcess;
    const d = q.duck;
    out.push(
      `| ${q.id} ${q.title} | ${fmtInt(q.count)} | ${fmtMs(ip.coldMs)} / ${fmtMs(ip.warmMs)} / ${fmtMs(ip.changedMs)} | ` +
        `${fmtMs(q.api.coldMs)} / ${fmtMs(q.api.warmMs)} / ${fmtMs(q.api.changedMs)} (${fmtInt(q.api.startMs)}) | ` +
        `${d ? `${fmtMs(d.coldMs)} / ${fmtMs(d.warmMs)} / ${fmtMs(d.changedMs)}` : '—'} | ` +
        `${q.ratio ? `${r(q.ratio.coldMs)} / ${r(q.ratio.warmMs)} / ${r(q.ratio.changedMs)}` : '—'} | ` +
        `${q.countsMatch === null ? '—' : q.countsMatch ? 'yes' : `**NO (DuckDB ${fmtInt(d?.count ?? 0)})**`} |`,
    );
  }
  const s = f.session;
  out.push(
    '',
    '| in the app process, while … | how long | API wait max / p99 ms (calls) | main-thread lag max ms | RSS max MB |',
    '|---|---:|---:|---:|---:|',
  );
  const labels: Record<string, string> = {
    startup: 'just started (prewarm), until the first scheduler tick',
    tick: `the scheduler re-evaluates ${s.tick?.dueSegments ?? 0} due live segments`,
    firstUse: 'first use of WebsiteVisited and emailaddress1',
    goLive: `a ${fmtInt(s.bigSegment.members)}-member segment goes live (${(100 * s.bigSegment.share).toFixed(1)}% of contacts)`,
    search: '5 member searches in that segment',
    import: `a ${fmtInt(s.import100k.rows)}-row interaction import runs (until import.finished)`,
    afterImport: 'the first Q3 and Q4 estimates after it',
  };
  for (const [name, w] of Object.entries(s.windows))
    out.push(
      `| ${labels[name] ?? name} | ${fmtMs(w.ms)} ms | ${fmtMs(w.apiWaitMaxMs)} / ${fmtMs(w.apiWaitP99Ms)} (${w.calls}) | ${fmtMs(w.lagMaxMs)} | ${w.rssMaxBytes === null ? '—' : (w.rssMaxBytes / 1048576).toFixed(0)} |`,
    );
  if (f.append) {
    const a = f.append;
    out.push(
      '',
      `Append: ${fmtInt(a.imported)} of ${fmtInt(a.rows)} interactions into the database with ${a.liveSegments} live segments in ${a.seconds.toFixed(1)} s ` +
        `(imports.start answered in ${fmtMs(a.startAnswerMs)} ms; API wait max ${fmtMs(a.wait.apiWaitMaxMs)} ms, lag max ${fmtMs(a.wait.lagMaxMs)} ms, RSS max ${a.rssMaxMB?.toFixed(0) ?? '—'} MB); ` +
        `members ${a.membersCurrent ? 'equal a fresh evaluation' : `**NOT current: ${a.mismatches.join('; ')}**`}.`,
    );
  }
  return out.join('\n');
}
