/**
 * A window of an interaction log read from its snapshot file without the rows before it (session 9,
 * docs/performance.md): through real worker threads on a real database file, a first "in the last N
 * days" after a restart reads only the file's blocks from the window on, plus the rows appended since,
 * and answers like the reference evaluator; a changed block or a stale file is refused and the log is
 * read from the table instead, with the same members.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { EvaluatorHost } from '../../electron/backend/evaluator/host.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import type { CountOperator, DynamicDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { loadSnapshotFixtures } from './columnSnapshotDefs.js';

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00Z');
/** EmailSent rows over the two years before NOW: enough for a ts index with several entries. */
const ROWS = 3000;

let dir: string;
let dbPath: string;
let backend: Backend;

const windowDef = (days: number, op: CountOperator, value: number): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'interaction',
      id: 'b1',
      combine: 'union',
      interactionType: 'EmailSent',
      count: { op, value },
      window: { kind: 'last', amount: days, unit: 'days' },
    },
  ],
});

/** Windows from a week to two months (each well under half the log), with every kind of count. */
const DEFS: Record<string, DynamicDefinition> = {
  week: windowDef(7, 'atLeast', 1),
  month10: windowDef(30, 'atLeast', 10),
  twoMonthsFewer: windowDef(60, 'fewerThan', 25),
  monthExactly: windowDef(30, 'exactly', 9),
};

async function importInteractions(name: string, rows: string[]): Promise<void> {
  const csv = path.join(dir, name);
  fs.writeFileSync(csv, ['interactionid,interactiontype,contactid,timestamp', ...rows].join('\n'));
  const r = await backend.dispatch('imports.start', { kind: 'interactions', path: csv });
  if (!r.ok) throw new Error(r.error.message);
  await backend.services.imports.wait((r.value as { id: string }).id);
}

/** Row i of the generated log: contacts C1–C9 unevenly ((i·i) mod 9), times rising over two years. */
const sentRow = (prefix: string, i: number, ts: number): string =>
  `${prefix}${i},EmailSent,C${((i * i) % 9) + 1},${new Date(ts).toISOString()}`;

async function run(host: EvaluatorHost): Promise<void> {
  const data = loadDataset(backend.db);
  for (const [name, def] of Object.entries(DEFS)) {
    const want = evaluateDefinition(def, data, { now: NOW, timeZone: 'UTC' });
    const got = await host.estimate({ definition: def, timeZone: 'UTC', now: NOW }, name);
    expect({ name, path: got.path, total: got.total }).toEqual({ name, path: 'columnar', total: want.members.size });
  }
}

async function withWorker(fn: (host: EvaluatorHost) => Promise<void>): Promise<{ loads: string[]; rejected: string[] }> {
  const host = new EvaluatorHost({ dbPath, snapshots: true });
  try {
    await fn(host);
    const stats = await host.cacheStats();
    return {
      loads: stats.loads.map((l) => l.what),
      rejected: (stats.snapshots ?? []).filter((e) => e.what === 'rejected').map((e) => e.reason ?? ''),
    };
  } finally {
    await host.flushSnapshots();
    await host.close();
  }
}

/** The biggest log file: EmailSent's. */
function logFile(): string {
  const folder = `${dbPath}.columns`;
  const logs = fs
    .readdirSync(folder)
    .filter((f) => /^log-\d+\.snap$/.test(f))
    .map((f) => path.join(folder, f));
  return logs.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0] ?? 'missing';
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-logwin-'));
  dbPath = path.join(dir, 'data.db');
  backend = await createBackend({ dbPath, host: 'test' });
  await loadSnapshotFixtures(backend);
  const first = NOW - 730 * DAY;
  await importInteractions(
    'sent.csv',
    Array.from({ length: ROWS }, (_, i) => sentRow('S', i, first + Math.floor((i * 729 * DAY) / ROWS))),
  );
});

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a window of an interaction log from its file', () => {
  it('after a restart, a window reads only its part of the file and answers like the reference', async () => {
    // The first worker reads the table and writes the log's file (with its ts index).
    const first = await withWorker(run);
    expect(first.loads).toContain('interactions.EmailSent');
    const second = await withWorker(run);
    // A wider window than the one read before reads its own part again (each a small read).
    const sent = second.loads.filter((l) => l.startsWith('interactions.EmailSent'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((l) => l !== 'interactions.EmailSent window (snapshot +0)')).toEqual([]);
    expect(second.rejected).toEqual([]);
  });

  it('rows imported after the file are added to the window', async () => {
    await importInteractions(
      'recent.csv',
      Array.from({ length: 40 }, (_, i) => sentRow('R', i, NOW - 20 * DAY + i * 3_600_000)),
    );
    const next = await withWorker(run);
    const sent = next.loads.filter((l) => l.startsWith('interactions.EmailSent'));
    expect(sent.length).toBeGreaterThan(0);
    for (const l of sent) expect(l).toMatch(/^interactions\.EmailSent window \(snapshot \+[1-9]\d*\)$/);
  });

  it('a changed block in the window is refused: the log is read from the table, same members', async () => {
    // A whole file again (the worker before did not rewrite it: the window left it as it was).
    const rewrite = new EvaluatorHost({ dbPath, snapshots: true });
    await rewrite.estimate({ definition: windowDef(3000, 'atLeast', 1), timeZone: 'UTC', now: NOW }, 'whole');
    await rewrite.flushSnapshots();
    await rewrite.close();
    const file = logFile();
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x10; // in the contact rids of the newest rows
    fs.writeFileSync(file, bytes);
    const next = await withWorker(run);
    expect(next.rejected).toEqual([expect.stringMatching(/^checksum mismatch in block/)]);
    expect(next.loads).toContain('interactions.EmailSent');
  });

  it('a file made stale by an update is refused: the log is read from the table, same members', async () => {
    const again = await withWorker(run);
    expect(again.loads).toContain('interactions.EmailSent window (snapshot +0)');
    // An update of any interaction replaces the table's generation (migration 018's trigger).
    backend.db.prepare('UPDATE interactions SET ts = ts + 1 WHERE id = (SELECT max(id) FROM interactions)').run();
    const next = await withWorker(run);
    expect(next.rejected).toEqual([expect.stringMatching(/^stale: generation/)]);
    expect(next.loads).toContain('interactions.EmailSent');
  });
});
