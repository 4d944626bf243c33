/** Markdown tables of a benchmark run, with met / not met per target (issues 3, 4, 5). */
import type { EngineRow } from './engine.js';
import type { LiveResult } from './live.js';
import type { WarehouseResult } from './warehouse.js';
import { fmtInt, fmtMs, verdict } from './stats.js';

export const TARGETS = {
  estimateMs: 20,
  materialiseMs: 100,
  compoundMs: 5,
  ratio: 1,
  lagMs: 20,
  changeToMembershipMs: 1000,
  perSegmentMs: 1,
  importContactsS: 5,
  importInteractionsS: 90,
} as const;

export interface ImportLine {
  step: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface DataSummary {
  contacts: number;
  accounts: number;
  interactions: number;
  buildSeconds: number | null;
  builtSeconds: number;
  sqliteBytes: number;
  duckBytes: number | null;
  duckBuildSeconds: number | null;
}

const mark = (v: string): string => (v === 'met' ? 'met' : v === 'n/a' ? 'n/a' : '**NOT met**');

export function dataTable(d: DataSummary): string {
  return [
    '| data | value |',
    '|---|---|',
    `| contacts / accounts / interactions | ${fmtInt(d.contacts)} / ${fmtInt(d.accounts)} / ${fmtInt(d.interactions)} |`,
    `| demo generation (generateDemo, incl. indexes) | ${d.buildSeconds === null ? `cached (built in ${d.builtSeconds.toFixed(0)} s)` : `${d.buildSeconds.toFixed(0)} s`} |`,
    `| SQLite file | ${(d.sqliteBytes / 2 ** 20).toFixed(0)} MiB |`,
    `| DuckDB copy | ${d.duckBytes === null ? '—' : `${(d.duckBytes / 2 ** 20).toFixed(0)} MiB, ${d.duckBuildSeconds === null ? 'cached' : `built in ${d.duckBuildSeconds.toFixed(0)} s`}`} |`,
  ].join('\n');
}

export function engineTable(rows: EngineRow[]): string {
  const out = [
    '| query | members | estimate ms | materialise ms (empty → full) | refresh ms (members current) | go-live ms (once) | DuckDB count / materialise ms | ratio app/DuckDB | lag max ms | estimate target | materialise ≤ 100 | ratio ≤ 1 | lag ≤ 20 | same count |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const estLimit = r.id === 'Q5' ? TARGETS.compoundMs : TARGETS.estimateMs;
    out.push(
      `| ${r.id} ${r.title} | ${fmtInt(r.count)} | ${fmtMs(r.estimateMs)} | ${fmtMs(r.materialiseMs)} | ${fmtMs(r.refreshMs)} | ${fmtMs(r.goLiveMs)} | ${fmtMs(r.duckCountMs)} / ${fmtMs(r.duckMaterialiseMs)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${fmtMs(r.lagMaxMs)} | ≤ ${estLimit}: ${mark(verdict(r.estimateMs, estLimit))} | ${mark(verdict(r.materialiseMs, TARGETS.materialiseMs))} | ${mark(verdict(r.ratio, TARGETS.ratio))} | ${mark(verdict(r.lagMaxMs, TARGETS.lagMs))} | ${r.countsMatch === null ? '—' : r.countsMatch ? 'yes' : `**NO (DuckDB ${fmtInt(r.duckCount ?? 0)})**`} |`,
    );
  }
  return out.join('\n');
}

export function liveTable(l: LiveResult): string {
  const out = [
    `With ${l.liveSegments} live segments:`,
    '',
    '| change | changes | median ms | p99 ms | max ms | segments re-checked per change | ms per segment | lag max ms | ≤ 1 s | ≤ 1 ms / segment |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const c of [l.profileEdit, l.newInteractionDirect, l.newInteraction]) {
    out.push(
      `| ${c.kind} | ${c.changes} | ${fmtMs(c.medianMs)} | ${fmtMs(c.p99Ms)} | ${fmtMs(c.maxMs)} | ${c.recheckedSegmentsPerChange.toFixed(1)} | ${fmtMs(c.perSegmentMs)} | ${fmtMs(c.lagMaxMs)} | ${mark(verdict(c.p99Ms, TARGETS.changeToMembershipMs))} | ${mark(verdict(c.perSegmentMs, TARGETS.perSegmentMs))} |`,
    );
  }
  out.push(
    '',
    `Of the 1-row CSV import, the import service alone (start until \`imports.wait\` resolves, before members are current): median ${fmtMs(l.newInteractionImportOnly.medianMs)} ms, p99 ${fmtMs(l.newInteractionImportOnly.p99Ms)} ms; its "ms per segment" counts only the rest (change committed → members current).`,
  );
  out.push(
    '',
    "Single-contact re-check per segment (the refresher's query for one contact, main connection):",
    '',
    '| segment | median ms | p99 ms | ≤ 1 ms |',
    '|---|---:|---:|---|',
  );
  for (const r of l.recheck)
    out.push(`| ${r.segment} | ${fmtMs(r.medianMs)} | ${fmtMs(r.p99Ms)} | ${mark(verdict(r.medianMs, TARGETS.perSegmentMs))} |`);
  return out.join('\n');
}

export function importTable(lines: ImportLine[]): string {
  const out = ['| import (CSV, real import service) | rows | seconds | rows/s | target |', '|---|---:|---:|---:|---|'];
  for (const l of lines) {
    const limit = l.step === 'contacts' ? TARGETS.importContactsS : l.step === 'interactions' ? TARGETS.importInteractionsS : null;
    out.push(
      `| ${l.step} | ${fmtInt(l.rows)} | ${l.seconds.toFixed(1)} | ${fmtInt(Math.round(l.rowsPerSecond))} | ${limit === null ? '—' : `≤ ${limit} s: ${mark(verdict(l.seconds, limit))}`} |`,
    );
  }
  return out.join('\n');
}

/** The warehouse comparison: the six queries on the desktop engine, PostgreSQL and DuckDB (cold / warm). */
export function warehouseTable(w: WarehouseResult): string {
  const cell = (cold: number, warm: number): string => `${fmtMs(cold)} / ${fmtMs(warm)}`;
  return [
    `Pushed with \`warehouse push\`: PostgreSQL ${w.push.postgresSeconds.toFixed(1)} s, DuckDB ${w.push.duckdbSeconds.toFixed(1)} s ` +
      `(${w.push.tables.map((t) => `${t.table} ${fmtInt(t.rows)}`).join(', ')}).`,
    '',
    '| query | members | desktop cold / warm | PostgreSQL cold / warm | DuckDB cold / warm | counts |',
    '|---|---:|---:|---:|---:|---|',
    ...w.rows.map(
      (r) =>
        `| ${r.id} ${r.title} | ${fmtInt(r.desktopCount)} | ${cell(r.desktopColdMs, r.desktopWarmMs)} | ` +
        `${cell(r.postgresColdMs, r.postgresWarmMs)} | ${cell(r.duckdbColdMs, r.duckdbWarmMs)} | ` +
        `${r.countsMatch ? 'identical' : `**MISMATCH** (PostgreSQL ${fmtInt(r.postgresCount)}, DuckDB ${fmtInt(r.duckdbCount)})`} |`,
    ),
  ].join('\n');
}
