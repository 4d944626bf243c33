// One writer of stored values (issue 14): no file under electron/, renderer/, shared/ or test/ writes a folded
// shadow column except electron/backend/values/storedValue.ts. Two rules over the source text (comments
// stripped), each proved by probes below so the grep cannot pass vacuously:
//  1. No INSERT / REPLACE INTO / UPDATE of a data table (`ent_…`, `interactions`, a computed table name)
//     names a shadow column (`__f`, `foldedColumn`) in its column list, and none computes its column list
//     (`${…}`) in a file that names a shadow column, and no file that names one uses a BulkWriter: whoever
//     writes rows takes the columns and values from the writer (KEY_COLUMNS, storedColumns, columnWrites).
//  2. A file that names a shadow column must not fold text (`foldText(` / `normText(`) unless it is a
//     reader listed below that folds a search term or a rule value to compare with a shadow, never to
//     store it. A new entry needs a reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const WRITER = 'electron/backend/values/storedValue.ts';
const FOLD_DEFINITION = 'shared/segments/fold.ts';
/** Tests that write stale or old-style shadows on purpose, to prove they get re-folded. */
const STALE_SHADOW_TESTS = new Set([
  'electron/backend/values/storedValue.test.ts',
  'electron/backend/db/migrations/009_fold_accents.test.ts',
]);
/** This test: its probes are the shapes it must catch. */
const SELF = 'test/integration/oneShadowWriter.test.ts';

/** Files that fold input to compare it with a shadow (rule 2), and why that is not a write. */
const READERS: Record<string, string> = {
  'electron/backend/catalog/lookupRecords.ts': 'folds the lookup search text, matched against the display shadow',
  'electron/backend/contacts/gridQuery.ts': 'folds the contacts grid search and filter texts, matched against the shadows',
  'electron/backend/segments/compileRules.ts': 'folds rule values, bound as parameters compared with shadows',
  'electron/backend/suggest/fieldValues.ts': 'folds the typed prefix of a value suggestion, matched against the field shadow',
};

/** Naming a shadow column: its suffix, the catalog's property, or the writer's name function. */
const SHADOW = /__f\b|foldedColumn|shadowColumnOf\b/;
/**
 * A write of a data table; group 1 is the table. What follows it up to VALUES / WHERE / SELECT (at most 300
 * characters, line breaks included: a formatter may wrap the statement) is its column list.
 */
const WRITE = /\b(?:(?:INSERT(?:\s+OR\s+\w+)?|REPLACE)\s+INTO|UPDATE)\s+("?\$\{[^}]*\}"?|["'`]?(?:ent_\w*|interactions)\b["'`]?)/gi;
const COLUMNS_END = /\bVALUES\b|\bWHERE\b|\bSELECT\b/i;
const FOLD = /\b(?:foldText|normText)\s*\(/;

/** Source text without comments (so docs may mention shadows freely). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * `INSERT INTO t (list) SELECT list FROM u`: a table rebuilt with its rows copied as they are stored (the
 * same column list on both sides) computes no value, so it writes no shadow of its own.
 */
function isVerbatimCopy(tail: string, columns: string): boolean {
  const select = /^\s*SELECT\s+([\s\S]*?)\s+FROM\b/i.exec(tail.slice(columns.length));
  const list = columns
    .trim()
    .replace(/^\(|\)$/g, '')
    .trim();
  return select !== null && list !== '' && select[1]!.trim() === list;
}

/** Which rule a file breaks, or null. */
function violation(file: string, text: string): string | null {
  if (file === WRITER || STALE_SHADOW_TESTS.has(file) || file === SELF || file === FOLD_DEFINITION) return null;
  const src = code(text);
  if (!SHADOW.test(src)) return null; // a file that never names a shadow cannot write one
  for (const m of src.matchAll(WRITE)) {
    const tail = src.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 300);
    const columns = tail.slice(0, tail.search(COLUMNS_END) < 0 ? tail.length : tail.search(COLUMNS_END));
    if (isVerbatimCopy(tail, columns)) continue;
    if (SHADOW.test(columns) || columns.includes('${')) return `${file} writes shadow columns: take the columns and values from ${WRITER}`;
  }
  if (/\bBulkWriter\b/.test(src)) return `${file} names a shadow column and bulk-writes rows: take the columns and values from ${WRITER}`;
  if (FOLD.test(src) && !(file in READERS)) return `${file} names a shadow column and folds text: store values through ${WRITER}`;
  return null;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...sources(rel));
    } else if (/\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

describe('one writer of folded shadows', () => {
  it('no file under electron/, renderer/, shared/ or test/ but the writer writes a shadow', () => {
    const files = ['electron', 'renderer', 'shared', 'test'].flatMap(sources);
    expect(files).toContain(WRITER);
    expect(files.length).toBeGreaterThan(100);
    const found = files.map((f) => violation(f, fs.readFileSync(path.join(root, f), 'utf8'))).filter((v) => v !== null);
    expect(found).toEqual([]);
  });

  it('every listed reader still exists and reads shadows (stale entries go)', () => {
    for (const file of Object.keys(READERS)) {
      const src = code(fs.readFileSync(path.join(root, file), 'utf8'));
      expect(SHADOW.test(src) && FOLD.test(src), file).toBe(true);
    }
  });

  // Probes: the shapes the four old writers had must be caught; the readers' shapes must not.
  const caught: [string, string][] = [
    [
      'a wrapped INSERT',
      "const cols = ['key', 'key__f'];\ndb.prepare(\n  `INSERT INTO \"${table}\"\n   (${cols.join(', ')})\n   VALUES (?, ?)`,\n);",
    ],
    ['contact edits', 'writes.push({ column: f.foldedColumn, value: foldText(String(value)) });'],
    ['import key columns', "const cols = ['key', 'key__f'];\nconst s = db.prepare(`INSERT INTO \"${table}\" (${cols}) VALUES (?, ?)`);"],
    ['demo bulk rows', "const w = new BulkWriter(db, 'ent_contact', ['rid', 'key', 'key__f']);"],
    ['test store', "db.prepare('INSERT INTO ent_contact (rid, key, key__f) VALUES (?, ?, ?)').run(1, 'A', 'a');"],
    ['an UPDATE', 'db.prepare(`UPDATE ent_account SET c_name = ?, c_name__f = ? WHERE key = ?`);'],
    [
      'a computed SET list',
      'const cols = [f.column, f.foldedColumn];\ndb.prepare(`UPDATE "${t}" SET ${cols.map((c) => c + \' = ?\')} WHERE rid = ?`);',
    ],
    ['a computed shadow name', 'const c = shadowColumnOf(col);\ndb.prepare(`UPDATE ent_contact SET ${c} = ? WHERE rid = ?`);'],
    ['INSERT OR REPLACE', "db.prepare('INSERT OR REPLACE INTO interactions (c_url, c_url__f) VALUES (?, ?)');"],
    [
      'an INSERT … SELECT that computes its shadow',
      'const c = f.foldedColumn;\ndb.exec(`INSERT INTO "${t}" (key, ${c}) SELECT key, lower(key) FROM "${u}"`);',
    ],
  ];
  it.each(caught)('catches %s', (_name, text) => {
    expect(violation('electron/backend/x/probe.ts', text)).not.toBeNull();
  });

  const allowed: [string, string, string][] = [
    ['a comment naming a shadow', 'electron/backend/x/probe.ts', '// INSERT INTO ent_contact (key, key__f)\nexport const x = 1;'],
    [
      'an INSERT without shadows',
      'electron/backend/x/probe.ts',
      "db.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');\nconst i = 'x__f';",
    ],
    ['a SELECT on a shadow', 'electron/backend/x/probe.ts', "db.prepare('SELECT rid FROM ent_contact WHERE c_city__f = ?');"],
    [
      'catalog DDL',
      'electron/backend/x/probe.ts',
      'db.exec(`ALTER TABLE "${t}" ADD COLUMN "${c}__f" TEXT`);\ndb.prepare(\'INSERT INTO catalog_fields (name) VALUES (?)\');',
    ],
    [
      'a verbatim table copy (a rebuild keeps the stored shadows)',
      'electron/backend/x/probe.ts',
      'const f = e.foldedColumn;\ndb.exec(`INSERT INTO "${tmp}" (${list}) SELECT ${list} FROM "${table}"`);',
    ],
    [
      'a listed reader',
      'electron/backend/catalog/lookupRecords.ts',
      'const p = foldText(search); db.prepare(`SELECT key FROM t WHERE instr(key__f, ?)`);',
    ],
  ];
  it.each(allowed)('allows %s', (_name, file, text) => {
    expect(violation(file, text)).toBeNull();
  });
});
