/**
 * Generated malformed CSV files (issue 13): seeded, 520 by default (`SS_DEEP=1`: 3,000), each built
 * from a valid contacts file by one kind of damage. Each file is either imported per the rules (the run
 * completes and skips at least the damaged rows) or refused — and a refused file leaves the database
 * file byte-identical (hashed after a checkpoint).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { dbContent } from '../support/dbContent.js';
import { CSV_LIMITS } from '../../electron/backend/io/csvFile.js';

const FILES = process.env['SS_DEEP'] ? 3000 : 520;
const SEED = Number(process.env['SS_FUZZ_SEED'] ?? 4242);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What must happen to a file: refused, or completed with at least `badRows` rows skipped. */
type Expect = { refused: RegExp } | { badRows: number };
interface Case {
  kind: string;
  bytes: Buffer;
  expect: Expect;
}

const HEADER = ['contactid', 'fullname', 'city', 'score'];

/** One damaged file from the seeded stream. */
function generate(rnd: () => number, n: number): Case {
  const int = (k: number): number => Math.floor(rnd() * k);
  const rows = 1 + int(30);
  const cells = (i: number): string[] => [`K${n}_${i}`, `Person ${i}`, `City ${int(5)}`, `${int(100)}`];
  const lines = Array.from({ length: rows }, (_, i) => cells(i));
  const text = (hdr: string[] = HEADER, body: string[][] = lines, eol = '\n'): string =>
    [hdr.join(','), ...body.map((r) => r.join(','))].join(eol) + eol;
  const at = int(rows);
  const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
  /** The file with raw bytes spliced into a cell of data row `at` (spreadsheet row at + 2). */
  const splice = (bad: Buffer): Buffer => {
    const before = text(HEADER, lines.slice(0, at)).length;
    const all = text();
    const cut = before + lines[at]![0]!.length + 2;
    return Buffer.concat([utf8(all.slice(0, cut)), bad, utf8(all.slice(cut))]);
  };
  switch (n % 17) {
    case 0: {
      const r = lines[at]!;
      lines[at] = int(2) ? r.slice(0, 1 + int(3)) : [...r, 'extra'];
      return { kind: 'wrong column count', bytes: utf8(text()), expect: { badRows: 1 } };
    }
    case 1:
      lines[at]![1] = `"unclosed ${lines[at]![1]}`;
      return { kind: 'unclosed quote', bytes: utf8(text()), expect: { badRows: 1 } };
    case 2:
      lines[at]![1] = `Mid"quote${int(9)}`;
      return { kind: 'quote inside a field', bytes: utf8(text()), expect: { badRows: 0 } };
    case 3:
      lines[at]![1] = `stray\rCR`;
      return { kind: 'stray CR in a cell', bytes: utf8(text()), expect: { badRows: 0 } };
    case 4:
      return { kind: 'CR-only line ends', bytes: utf8(text(HEADER, lines, '\r')), expect: { badRows: 0 } };
    case 5:
      return { kind: 'BOM', bytes: utf8(`\uFEFF${text(HEADER, lines, int(2) ? '\r\n' : '\n')}`), expect: { badRows: 0 } };
    case 6:
      return { kind: 'NUL byte', bytes: splice(Buffer.from([0])), expect: { refused: /NUL byte/ } };
    case 7: {
      const bad = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]][int(5)]!;
      return { kind: 'invalid UTF-8', bytes: splice(Buffer.from(bad)), expect: { refused: /not UTF-8/ } };
    }
    case 8:
      return {
        kind: 'lone surrogate',
        bytes: splice(Buffer.from([0xed, 0xa0 + int(0x20), 0x80 + int(0x40)])),
        expect: { refused: /not UTF-8/ },
      };
    case 9: {
      const h = [...HEADER];
      h[1 + int(3)] = int(2) ? '' : '  ';
      return { kind: 'empty header cell', bytes: utf8(text(h)), expect: { refused: /has no name/ } };
    }
    case 10: {
      const h = [...HEADER];
      h[3] = int(2) ? 'fullname' : 'FULLNAME';
      return { kind: 'duplicate header', bytes: utf8(text(h)), expect: { refused: /twice/ } };
    }
    case 11:
      return {
        kind: 'header only',
        bytes: utf8(`${HEADER.join(',')}${['', '\n', '\r\n\r\n', '\n\n\n'][int(4)]}`),
        expect: { refused: /no data rows/ },
      };
    case 12:
      lines[at]![1] = 'x'.repeat(CSV_LIMITS.maxCellChars + 1 + int(1000));
      return { kind: 'huge cell', bytes: utf8(text()), expect: { badRows: 1 } };
    case 13:
      lines[at]![3] = ['abc', '1.5.6', 'ten'][int(3)]!;
      lines[(at + 1) % rows]![0] = rows > 1 ? '' : lines[(at + 1) % rows]![0]!;
      return { kind: 'wrong type', bytes: utf8(text()), expect: { badRows: rows > 1 ? 2 : 1 } };
    case 14: {
      const sep = [';', '\t', '|'][int(3)]!;
      return {
        // Issue 16: the delimiter is detected, so the file imports (forcing commas is refused: importShapes.test.ts).
        kind: 'other delimiter',
        bytes: utf8([HEADER.join(sep), ...lines.map((r) => r.join(sep))].join('\n')),
        expect: { badRows: 0 },
      };
    }
    case 15: {
      const width = CSV_LIMITS.maxColumns + 1 + int(50);
      const h = ['contactid', ...Array.from({ length: width - 1 }, (_, i) => `c${i}`)];
      return { kind: 'too many columns', bytes: utf8(`${h.join(',')}\nK1${',x'.repeat(width - 1)}\n`), expect: { refused: /limit is/ } };
    }
    default: {
      const variants: [string, Buffer, RegExp][] = [
        ['empty file', Buffer.alloc(0), /empty/],
        ['data as header', utf8(text(lines[0]!)), /no header row/],
        ['no key column', utf8(text(['id', 'fullname', 'city', 'score'])), /key column/],
      ];
      const [kind, bytes, refused] = variants[int(variants.length)]!;
      return { kind, bytes, expect: { refused } };
    }
  }
}

let dir: string;
let dbPath: string;
let backend: Backend;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-import-fuzz-'));
  dbPath = path.join(dir, 'data.db');
  backend = await createBackend({ dbPath, host: 'test' });
});
afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it(`${FILES} malformed CSV files are each imported per the rules or refused with nothing changed but the refused record`, async () => {
  const rnd = mulberry32(SEED);
  const kinds = new Map<string, number>();
  const file = path.join(dir, 'f.csv');
  for (let n = 0; n < FILES; n++) {
    const c = generate(rnd, n);
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    fs.writeFileSync(file, c.bytes);
    const before = dbContent(backend.db);
    const r = await backend.dispatch('imports.start', {
      kind: 'entity',
      entity: 'contact',
      path: file,
      key: 'contactid',
      columns: { score: { type: 'integer' } },
      // These are UTF-8 files (some corrupted): read as UTF-8, as a file whose head is not UTF-8 would be
      // detected as Windows-1252 instead (importFormats.test.ts).
      encoding: 'utf-8',
    });
    const where = `file ${n} (${c.kind})`;
    if (!r.ok) throw new Error(`${where}: start refused: ${r.error.message}`);
    const s = await backend.services.imports.wait((r.value as { id: string }).id);
    if ('refused' in c.expect) {
      // `start` answers before the whole file is read: the refusal ends the import, which wrote nothing
      // but its own `refused` record.
      expect(s.status, where).toBe('refused');
      expect(s.message ?? '', where).toMatch(c.expect.refused);
      expect(dbContent(backend.db, s.id), where).toBe(before);
      continue;
    }
    expect(s.status, where).toBe('completed');
    expect(s.skipped, where).toBeGreaterThanOrEqual(c.expect.badRows);
    expect(s.imported + s.updated + s.skipped, where).toBe(s.rowsDone);
  }
  expect(kinds.size).toBeGreaterThanOrEqual(17);
  expect(backend.db.pragma('integrity_check', { simple: true })).toBe('ok');
}, 120_000);
