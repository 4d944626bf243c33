/**
 * CSV shapes and limits (issue 13, reproductions 3, 5 and 8): line endings, header-only files, other
 * delimiters, text that is not UTF-8, cell and column limits, the documented batch size. Every refusal
 * leaves the database file byte-identical.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { dbContent } from '../support/dbContent.js';
import { CSV_LIMITS } from '../../electron/backend/io/csvFile.js';
import { DEFAULT_BATCH } from '../../electron/backend/io/importService.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { ImportPreview, ImportSummary } from '../../shared/models/import.js';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;
let dbPath: string;
let backend: Backend;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-import-shapes-'));
  dbPath = path.join(dir, 'data.db');
  backend = await createBackend({ dbPath, host: 'test' });
});

afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const r = await backend.dispatch('imports.start', opts);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return backend.services.imports.wait((r.value as { id: string }).id);
}

/** Starts an import that must be refused; returns the message and checks nothing was written but the refused import's record. */
async function refused(opts: ImportOptions): Promise<string> {
  const before = dbContent(backend.db);
  const r = await backend.dispatch('imports.start', opts);
  if (!r.ok) throw new Error(`start itself refused: ${r.error.message}`);
  const s = await backend.services.imports.wait((r.value as { id: string }).id);
  expect(s).toMatchObject({ status: 'refused', rowsDone: 0, batchesCommitted: 0 });
  expect(dbContent(backend.db, s.id)).toBe(before);
  return s.message ?? '';
}

const contacts = (file: string): ImportOptions => ({ kind: 'entity', entity: 'contact', path: file, key: 'contactid' });
const keys = (): string[] => backend.db.prepare('SELECT key FROM ent_contact ORDER BY key').pluck().all() as string[];

describe('reproduction 8: shapes that used to be silent no-ops', () => {
  it('reads a file whose lines end in a lone CR (old Mac Excel)', async () => {
    const file = write('mac.csv', 'contactid,fullname\rK1,Ann\rK2,"Bo\rb"\rK3,Cy\r');
    const s = await runImport(contacts(file));
    expect(s).toMatchObject({ status: 'completed', imported: 3, skipped: 0 });
    expect(keys()).toEqual(['K1', 'K2', 'K3']);
    const preview = await backend.services.imports.preview({ path: file });
    expect(preview.sampledRows).toBe(3);
  });

  it('refuses a header-only file ("no data rows"), and the CLI exits 1', async () => {
    const file = write('header.csv', 'contactid,fullname\r\n\r\n');
    expect(await refused(contacts(file))).toMatch(/no data rows/);
    await backend.close();
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/index.ts', 'import', '--db', dbPath, '--entity', 'contact', '--file', file, '--key', 'contactid'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    backend = await createBackend({ dbPath, host: 'test' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/no data rows/);
  });

  it.each([
    [';', /separated by semicolon/],
    ['\t', /separated by tab/],
    ['|', /separated by vertical bar/],
  ])('reads a file separated by %j; read with commas, its one-column header is refused, never a field', async (sep, hint) => {
    const file = write('sep.csv', `contactid${sep}fullname\nK1${sep}Ann\n`);
    // Issue 16: the delimiter is detected; forcing commas shows the guard and the import refuses the whole line.
    expect(await refused({ ...contacts(file), delimiter: ',' })).toMatch(hint);
    const forced = await backend.services.imports.preview({ path: file, delimiter: ',' });
    expect(forced.warnings?.map((w) => w.code)).toContain('single_column');
    expect(forced.warnings?.find((w) => w.code === 'single_column')?.message).toMatch(hint);
    const s = await runImport(contacts(file));
    expect(s).toMatchObject({ status: 'completed', imported: 1, skipped: 0 });
    expect(keys()).toEqual(['K1']);
  });
});

describe('text that is not UTF-8 is refused with its row and column', () => {
  it.each([
    ['invalid UTF-8', Buffer.from([0xc3, 0x28])],
    ['a lone surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ['a NUL byte', Buffer.from([0x00])],
  ])('%s in a cell', async (_what, bad) => {
    const rows = Array.from({ length: 300 }, (_, i) => `K${i},Person ${i},x`).join('\n');
    const file = write(
      'bad.csv',
      Buffer.concat([Buffer.from(`contactid,fullname,note\n${rows}\nK300,Pat`), bad, Buffer.from('ty,y\nK301,Q,z\n')]),
    );
    // Read as UTF-8 (a file whose head is not UTF-8 is otherwise detected as Windows-1252: importFormats.test.ts).
    expect(await refused({ ...contacts(file), encoding: 'utf-8' })).toMatch(/row 302, column "fullname"/);
    // The preview refuses it too, with the same place, instead of showing U+FFFD (or a NUL) in its rows.
    const preview = await backend.dispatch('imports.preview', { path: file, encoding: 'utf-8' });
    expect(preview.ok ? preview.value : preview.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/row 302, column "fullname"/),
    });
  });

  it.each([
    ['a lead byte without its continuation', [0xc3, 0x28]],
    ['a lone surrogate', [0xed, 0xa0, 0x80]],
    ['a truncated 4-byte sequence', [0xf0, 0x9f, 0x98, 0x41]],
    ['a stray continuation byte', [0x80]],
    ['a NUL byte', [0x00]],
  ])('names the byte where %s begins', async (_what, bad) => {
    const before = Buffer.from('contactid,fullname\nK1,Ann\nK2,P\u00e9');
    const file = write('at.csv', Buffer.concat([before, Buffer.from(bad), Buffer.from('t\n')]));
    expect(await refused({ ...contacts(file), encoding: 'utf-8' })).toContain(`row 3, column "fullname" (byte ${before.length})`);
  });

  it('the preview shows a real U+FFFD character of a UTF-8 file', async () => {
    const file = write('replacement.csv', 'contactid,fullname\nK1,A\uFFFDB\n');
    const preview = await backend.dispatch('imports.preview', { path: file });
    expect(preview.ok && (preview.value as ImportPreview).sampleRows).toEqual([['K1', 'A\uFFFDB']]);
  });
});

describe('limits', () => {
  it(`skips a row with a cell over ${CSV_LIMITS.maxCellChars} characters, naming row and column`, async () => {
    const file = write(
      'long.csv',
      `contactid,fullname\nK1,Ann\nK2,${'x'.repeat(CSV_LIMITS.maxCellChars + 1)}\nK3,${'y'.repeat(CSV_LIMITS.maxCellChars)}\n`,
    );
    const s = await runImport(contacts(file));
    expect(s).toMatchObject({ status: 'completed', imported: 2, skipped: 1 });
    expect(backend.services.imports.errors(s.id).rows).toEqual([
      {
        row: 3,
        column: 'fullname',
        value: 'x'.repeat(100),
        reason: `cell of ${CSV_LIMITS.maxCellChars + 1} characters; the limit is ${CSV_LIMITS.maxCellChars}`,
      },
    ]);
  });

  it(`reproduction 5: a file at the column limit (${CSV_LIMITS.maxColumns}) imports in one schema change`, async () => {
    const header = ['contactid', ...Array.from({ length: CSV_LIMITS.maxColumns - 1 }, (_, i) => `field${i}`)];
    const row = (k: number): string => [`K${k}`, ...header.slice(1).map((_, i) => (i % 2 ? `${k * i}` : `t${k}`))].join(',');
    const file = write('wide.csv', `${header.join(',')}\n${row(1)}\n${row(2)}\n`);
    const before = backend.db.pragma('schema_version', { simple: true }) as number;
    const s = await runImport(contacts(file));
    expect(s).toMatchObject({ status: 'completed', imported: 2, skipped: 0 });
    const fields = backend.db.prepare(`SELECT count(*) FROM catalog_fields WHERE entity = 'contact'`).pluck().get();
    expect(fields).toBe(CSV_LIMITS.maxColumns);
    // One table rebuild (create, drop, rename, index) instead of one ALTER per column.
    expect((backend.db.pragma('schema_version', { simple: true }) as number) - before).toBeLessThan(10);
    const stored = backend.db.prepare(`SELECT * FROM ent_contact WHERE key = 'K2'`).get() as Record<string, unknown>;
    expect(Object.keys(stored).length).toBeGreaterThan(CSV_LIMITS.maxColumns);
  });

  it(`an interactions file at the column limit imports, its fields created together`, async () => {
    await runImport(contacts(write('c.csv', 'contactid,fullname\nK1,Ann\n')));
    const header = [
      'interactionid',
      'interactiontype',
      'contactid',
      'timestamp',
      ...Array.from({ length: CSV_LIMITS.maxColumns - 4 }, (_, i) => `f${i}`),
    ];
    const cells = header.slice(4).map((_, i) => (i % 2 ? `${i}` : `v${i}`));
    const file = write('wide-interactions.csv', `${header.join(',')}\nI1,Visit,K1,2025-01-01T00:00:00Z,${cells.join(',')}\n`);
    expect(await runImport({ kind: 'interactions', path: file })).toMatchObject({ status: 'completed', imported: 1 });
    const fields = backend.db.prepare(`SELECT count(*) FROM interaction_fields`).pluck().get();
    expect(fields).toBe(CSV_LIMITS.maxColumns - 4);
    const row = backend.db.prepare('SELECT * FROM interactions').get() as Record<string, unknown>;
    expect(Object.values(row)).toContain('v0');
    expect(Object.values(row)).toContain(CSV_LIMITS.maxColumns - 5 - ((CSV_LIMITS.maxColumns - 5) % 2 ? 0 : 1));
  });

  it('a table rebuilt for many new fields keeps its rows, rids, lookups and indexes', async () => {
    await runImport({ kind: 'entity', entity: 'account', path: write('a.csv', 'accountid,name\nA1,Acme\n'), key: 'accountid' });
    const withLookup = {
      ...contacts(write('c.csv', 'contactid,fullname,parent\nK1,Ann,A1\n')),
      lookups: { parent: 'account' },
    } as ImportOptions;
    await runImport(withLookup);
    const indexesBefore = backend.db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'ent_contact' ORDER BY name`)
      .all();
    const before = backend.db.prepare(`SELECT * FROM ent_contact`).all();
    const header = ['contactid', ...Array.from({ length: 20 }, (_, i) => `extra${i}`)];
    await runImport(contacts(write('w.csv', `${header.join(',')}\nK2${',v'.repeat(20)}\n`)));
    const after = backend.db.prepare(`SELECT * FROM ent_contact ORDER BY rid`).all() as Record<string, unknown>[];
    expect(after[0]).toMatchObject(before[0] as Record<string, unknown>);
    expect(after[1]).toMatchObject({ rid: 2, key: 'K2' });
    expect(
      backend.db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'ent_contact' ORDER BY name`).all(),
    ).toEqual(indexesBefore);
    expect(backend.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(backend.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses a file over the column limit before writing, naming the limit and the count', async () => {
    const n = CSV_LIMITS.maxColumns + 1;
    const header = ['contactid', ...Array.from({ length: n - 1 }, (_, i) => `f${i}`)];
    const file = write(
      'too-wide.csv',
      `${header.join(',')}\n${header
        .map((_, i) => i)
        .join(',')
        .replace(/^0/, 'K1')}\n`,
    );
    const message = await refused(contacts(file));
    expect(message).toContain(`${n} columns`);
    expect(message).toContain(`limit is ${CSV_LIMITS.maxColumns}`);
  });
});

describe('the storage limit of an entity table', () => {
  it("refuses, before writing, new fields that would take the table past SQLite's 2,000 columns", async () => {
    const wide = (prefix: string): string => {
      const header = ['contactid', ...Array.from({ length: CSV_LIMITS.maxColumns - 1 }, (_, i) => `${prefix}${i}`)];
      return write(`${prefix}.csv`, `${header.join(',')}\nK1${',text'.repeat(header.length - 1)}\n`);
    };
    // rid + key + shadow, then 2 x 499 text fields twice: 1,999 columns.
    expect(await runImport(contacts(wide('a')))).toMatchObject({ status: 'completed', imported: 1 });
    expect(await runImport(contacts(wide('b')))).toMatchObject({ status: 'completed', updated: 1 });
    const message = await refused(contacts(write('one-more.csv', 'contactid,extra\nK1,x\n')));
    expect(message).toContain('2001 storage columns; the limit is 2000');
  });
});

describe('the storage limit of the shared interactions table', () => {
  it("refuses, before writing, fields that would take interactions past SQLite's 2,000 columns", async () => {
    await runImport(contacts(write('c.csv', 'contactid\nK1\n')));
    const width = (): number => backend.db.prepare("SELECT count(*) FROM pragma_table_info('interactions')").pluck().get() as number;
    // `text` text fields (two columns each) and `numbers` number fields (one column each).
    const wide = (prefix: string, text: number, numbers = 0): string => {
      const names = Array.from({ length: text + numbers }, (_, i) => `${prefix}${i}`);
      const cells = names.map((_, i) => (i < text ? 'text' : `${i}`));
      return write(`${prefix}.csv`, `contactid,timestamp,${names.join(',')}\nK1,2024-01-01T00:00:00Z,${cells.join(',')}\n`);
    };
    // Fill the table up to exactly 2,000 columns, which is still allowed.
    let left = 2000 - width();
    for (let part = 0; left > 0; part++) {
      const text = Math.min(CSV_LIMITS.maxColumns - 3, Math.floor(left / 2));
      const numbers = text * 2 === left ? 0 : 1;
      const file = wide(`p${part}_`, text, numbers);
      expect(await runImport({ kind: 'interactions', type: 'Visit', path: file })).toMatchObject({ status: 'completed' });
      left -= text * 2 + numbers;
    }
    expect(width()).toBe(2000);
    // A field another type already has shares its column: no new column, so still allowed.
    expect(await runImport({ kind: 'interactions', type: 'Call', path: wide('p0_', 3) })).toMatchObject({ status: 'completed' });
    const message = await refused({ kind: 'interactions', type: 'Call', path: wide('z', 1) });
    expect(message).toContain('shared interactions table 2002 storage columns; the limit is 2000');
    expect(width()).toBe(2000);
  });
});

describe('reproduction 3: the batch size is the documented one', () => {
  it('commits DEFAULT_BATCH rows per transaction, and --help and the README say so', async () => {
    const n = DEFAULT_BATCH.entity * 2 + 7;
    const file = write('batches.csv', `contactid,fullname\n${Array.from({ length: n }, (_, i) => `K${i},P${i}`).join('\n')}\n`);
    const s = await runImport(contacts(file));
    expect(s).toMatchObject({ status: 'completed', imported: n, batchesCommitted: 3 });
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', 'import', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(help.stdout).toContain(`default ${DEFAULT_BATCH.entity} for entities, ${DEFAULT_BATCH.interactions} for interactions`);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const fmt = (x: number): string => x.toLocaleString('en-US');
    expect(readme).toContain(`${fmt(DEFAULT_BATCH.entity)} entity rows / ${fmt(DEFAULT_BATCH.interactions)} interactions per transaction`);
    expect(readme).toContain(`${fmt(CSV_LIMITS.maxColumns)} columns`);
    expect(readme).toContain(`${fmt(CSV_LIMITS.maxCellChars)} characters per cell`);
  });
});
