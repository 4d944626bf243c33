/**
 * One working session in the app process, with the API-wait prober and the app's own lag probe
 * running throughout. The app's clock stands 2 h after the data's end, so its time-dependent live
 * segments (Q3, Q4, Q6 …, due 1 h after they went live) are due at the scheduler's first tick, 30 s
 * after start. In order:
 *   tick      waits for that tick's re-evaluations (the evaluation log, read by a read-only connection)
 *   firstUse  first estimate of an interaction type and of a field nothing has read (WebsiteVisited, emailaddress1)
 *   goLive    a new segment with ~88.5% of contacts as members goes live (country known and bulk e-mail allowed),
 *             watched until 1 s after its answer
 *   search    five member searches in that segment
 *   import    a 100k-row interaction import through `imports.start` (upload untimed) until `import.finished`
 *             (sent after live segments took it in), then the first estimate of Q3 and Q4 right after it
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../electron/backend/db/connection.js';
import type { EstimateResult } from '../../shared/api/contract/engine.js';
import type { ImportSummary } from '../../shared/models/import.js';
import type { DynamicDefinition } from '../../shared/segments/ast.js';
import { NOW_MS } from '../data.js';
import { startApp } from './app.js';
import { startProber } from './prober.js';
import { parseLagLines, windowStats, type LagLine, type WindowStats } from './targets.js';
import { QUERIES, queryCase } from './variants.js';

const NOW_ISO = new Date(NOW_MS).toISOString();
const CLOCK = NOW_MS + 2 * 3_600_000;

export interface SessionResult {
  windows: Record<string, WindowStats & { ms: number }>;
  tick: { dueSegments: number; ms: number } | null;
  firstUse: { websiteVisitedMs: number; emailFieldMs: number };
  bigSegment: { members: number; share: number; goLiveMs: number };
  searchMs: number[];
  import100k: { rows: number; startAnswerMs: number; seconds: number; imported: number; estimateAfterMs: number };
  rssMaxMB: number | null;
}

const profile = (children: unknown[]): DynamicDefinition =>
  ({
    kind: 'dynamic',
    version: 1,
    blocks: [
      { kind: 'profile', id: 'b1', combine: 'union', entity: 'contact', root: { kind: 'group', id: 'g1', combinator: 'and', children } },
    ],
  }) as DynamicDefinition;

/** ~88.5% of the demo contacts: 95% have a country, 94% allow bulk e-mail (independent draws). */
export const BIG_SEGMENT = profile([
  { kind: 'rule', id: 'r1', field: 'address1_country', operator: 'containsData' },
  { kind: 'rule', id: 'r2', field: 'donotbulkemail', operator: 'eq', values: [false] },
]);
/** The five member searches the session times in that segment. */
export const SEARCH_TERMS = ['smith', 'anna', 'gmail', 'C00001', 'lee'];
const EMAIL_FIELD = profile([{ kind: 'rule', id: 'r1', field: 'emailaddress1', operator: 'contains', values: ['@gmail'] }]);
const VISITS: DynamicDefinition = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'interaction',
      id: 'b1',
      combine: 'union',
      interactionType: 'WebsiteVisited',
      count: { op: 'atLeast', value: 2 },
      window: { kind: 'last', amount: 30, unit: 'days' },
    },
  ],
};

/** A CSV of `rows` e-mail interactions of existing contacts in the 30 days before the data's end. */
function writeImportCsv(dbFile: string, file: string, rows: number): void {
  const db = openDatabase(dbFile, { readonly: true });
  const keys = db.prepare('SELECT key FROM ent_contact ORDER BY rid').pluck().all() as string[];
  db.close();
  const types = ['EmailOpened', 'EmailSent', 'EmailClicked'];
  const lines = ['interactiontype,contactid,timestamp'];
  let seed = 15;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < rows; i++)
    lines.push(
      `${types[i % 3]},${keys[Math.floor(rnd() * keys.length)]},${new Date(NOW_MS - Math.floor(rnd() * 30 * 86_400_000)).toISOString()}`,
    );
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

export async function runSession(
  file: string,
  ids: Record<string, string>,
  types: Record<string, number>,
  probeDir: string,
  importRows: number,
  log: (s: string) => void,
): Promise<SessionResult> {
  const ro = openDatabase(file, { readonly: true });
  const due = ro
    .prepare(`SELECT id FROM segments WHERE status = 'live' AND next_evaluation_at IS NOT NULL AND next_evaluation_at <= ?`)
    .pluck()
    .all(CLOCK) as string[];
  const csv = path.join(probeDir, `feel-import-${importRows}.csv`);
  writeImportCsv(file, csv, importRows);
  const app = await startApp(file, new Date(CLOCK).toISOString(), path.join(probeDir, 'session.jsonl'));
  const prober = await startProber(app.port);
  const windows: Record<string, { from: number; to: number }> = {};
  const mark = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const from = Date.now();
    try {
      return await fn();
    } finally {
      windows[name] = { from, to: Date.now() };
    }
  };
  const api = app.api;
  const estimate = async (definition: unknown): Promise<{ ms: number; total: number }> => {
    const a = await api.must<EstimateResult>('segments.estimate', { definition, timeZone: 'UTC', now: NOW_ISO });
    return { ms: a.ms, total: a.value.total };
  };
  let result: Omit<SessionResult, 'windows' | 'rssMaxMB'>;
  let samples: [number, number][];
  let lines: LagLine[];
  try {
    // The scheduler's first tick comes 30 s after the backend started it (before listening).
    windows.startup = { from: app.listeningAt, to: Math.max(app.listeningAt, app.spawnedAt + 29_000) };
    let tick: SessionResult['tick'] = null;
    if (due.length > 0) {
      log(`feel: waiting for the scheduler's first tick (${due.length} segments due) …`);
      const count = ro.prepare(
        `SELECT count(DISTINCT segment_id) FROM segment_evaluations WHERE reason = 'schedule' AND segment_id IN (SELECT value FROM json_each(?))`,
      );
      const from = app.spawnedAt + 29_000;
      const deadline = Date.now() + 900_000;
      while ((count.pluck().get(JSON.stringify(due)) as number) < due.length) {
        if (Date.now() > deadline) throw new Error('bench: the scheduler did not re-evaluate the due segments within 15 min');
        await new Promise((r) => setTimeout(r, 100));
      }
      windows.tick = { from, to: Date.now() };
      tick = { dueSegments: due.length, ms: Date.now() - Math.max(from, app.spawnedAt + 30_000) };
    }
    const firstUse = await mark('firstUse', async () => ({
      websiteVisitedMs: (await estimate(VISITS)).ms,
      emailFieldMs: (await estimate(EMAIL_FIELD)).ms,
    }));
    log(`feel: first use WebsiteVisited ${firstUse.websiteVisitedMs.toFixed(0)} ms, emailaddress1 ${firstUse.emailFieldMs.toFixed(0)} ms`);
    const seg = (
      await api.must<{ id: string }>('segments.create', { name: 'bench:big', type: 'dynamic', definition: BIG_SEGMENT, timeZone: 'UTC' })
    ).value;
    // The window runs 1 s past the answer: work the go-live left to other threads (history, the
    // evaluation log) must not come back to block the main thread unseen.
    const goLive = await mark('goLive', async () => {
      const a = await api.must('segments.goLive', { id: seg.id });
      await new Promise((r) => setTimeout(r, 1000));
      return a;
    });
    const status = (await api.must<{ memberCount: number | null }>('segments.liveStatus', { id: seg.id })).value;
    const contacts = ro.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
    const members = status.memberCount ?? 0;
    log(
      `feel: "bench:big" live with ${members} members (${((100 * members) / contacts).toFixed(1)}% of contacts) in ${goLive.ms.toFixed(0)} ms`,
    );
    const searchMs = await mark('search', async () => {
      const out: number[] = [];
      for (const text of SEARCH_TERMS) out.push((await api.must('segments.members', { id: seg.id, search: text, limit: 100 })).ms);
      return out;
    });
    log(`feel: member searches ${searchMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    const handle = await app.upload(csv);
    const imp = await mark('import', async () => {
      const t = performance.now();
      const started = await api.must<{ id: string }>('imports.start', { kind: 'interactions', path: handle });
      const done = await api.waitFor<ImportSummary>('import.finished', (s) => s.id === started.value.id, 1_800_000);
      return { startAnswerMs: started.ms, seconds: (performance.now() - t) / 1000, imported: done.imported };
    });
    // Right after the import: the interaction queries' first estimates.
    const q3 = QUERIES.find((q) => q.id === 'Q3');
    const q4 = QUERIES.find((q) => q.id === 'Q4');
    const after = await mark('afterImport', async () =>
      Math.max(
        q3 ? (await estimate(queryCase(q3, 0, ids, types).definition)).ms : NaN,
        q4 ? (await estimate(queryCase(q4, 0, ids, types).definition)).ms : NaN,
      ),
    );
    log(
      `feel: import of ${importRows} rows: start answered in ${imp.startAnswerMs.toFixed(0)} ms, finished in ${imp.seconds.toFixed(1)} s; estimate after ${after.toFixed(0)} ms`,
    );
    result = {
      tick,
      firstUse,
      bigSegment: { members, share: members / Math.max(1, contacts), goLiveMs: goLive.ms },
      searchMs,
      import100k: { rows: importRows, ...imp, estimateAfterMs: after },
    };
  } finally {
    samples = await prober.stop();
    await app.stop();
    ro.close();
    fs.writeFileSync(path.join(probeDir, 'session-api-wait.json'), JSON.stringify(samples));
    lines = parseLagLines(fs.existsSync(app.probeFile) ? fs.readFileSync(app.probeFile, 'utf8') : '');
  }
  const stats: SessionResult['windows'] = {};
  for (const [name, w] of Object.entries(windows)) stats[name] = { ...windowStats(w, samples, lines), ms: w.to - w.from };
  const rss = lines.reduce((m, l) => Math.max(m, l.rss), 0);
  return { ...result, windows: stats, rssMaxMB: rss > 0 ? rss / 1048576 : null };
}
