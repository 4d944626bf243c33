/**
 * Records of an entity by display name, for the builder's lookup value editor (`catalog.lookupRecords`).
 *
 * The label is the entity's display field (catalog `display_field`: a text field named `fullname` or
 * `name` once one exists, else the key field). Matching ignores case and accents: on the folded shadow
 * column (`c_x__f`, docs/storage.md): names starting with the search come first, found through an
 * index on that shadow (a range `>= p AND < p || U+10FFFF`, so SQLite walks only the matches); if
 * those do not fill the limit, names or keys containing the search follow (a scan that stops once
 * the limit is filled). The index is created the first time an entity's display field is looked up
 * (`CREATE INDEX IF NOT EXISTS`, one transactional statement) and kept from then on.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { LookupRecord } from '../../../shared/api/contract/catalog.js';
import { foldText } from '../../../shared/segments/fold.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo, type EntityDef } from './catalogRepo.js';

export interface LookupInput {
  entity: string;
  search?: string | undefined;
  keys?: string[] | undefined;
  limit?: number | undefined;
}

export const LOOKUP_DEFAULT_LIMIT = 20;

/** Above every character a folded text can hold: `p + TOP` bounds the texts that start with `p`. */
const TOP = '\u{10FFFF}';

interface Target {
  table: string;
  /** Column holding the label (`key` when the display field is the key). */
  label: string;
  /** Its folded shadow. */
  folded: string;
}

/** Where an entity's display name lives (identifiers only from the catalog). */
export function lookupTarget(def: EntityDef): Target {
  const display = def.fields.find((f) => f.name.toLowerCase() === def.displayField.toLowerCase());
  if (display && display.foldedColumn) return { table: def.table, label: display.column, folded: display.foldedColumn };
  return { table: def.table, label: 'key', folded: 'key__f' };
}

const indexed = new WeakMap<Db, Set<string>>();

function ensureIndex(db: Db, t: Target): void {
  const done = indexed.get(db) ?? new Set<string>();
  indexed.set(db, done);
  const name = `${t.table}_${t.folded}_lookup`;
  if (done.has(name)) return;
  db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON "${t.table}"("${t.folded}")`);
  done.add(name);
}

type Row = { key: string; label: string | null };
const toRecord = (r: Row): LookupRecord => ({ key: r.key, label: r.label === null || r.label === '' ? r.key : r.label });

export class LookupService {
  private readonly repo: CatalogRepo;
  constructor(private readonly db: Db) {
    this.repo = new CatalogRepo(db);
  }

  lookup(input: LookupInput): LookupRecord[] {
    const def = this.repo.entity(input.entity);
    if (!def) throw new ApiFailure('not_found', `There is no entity named "${input.entity}" in the catalog.`);
    const t = lookupTarget(def);
    const limit = input.limit ?? LOOKUP_DEFAULT_LIMIT;
    const select = `SELECT key, "${t.label}" AS label FROM "${t.table}"`;

    if (input.keys !== undefined) {
      const wanted = [...new Set(input.keys)].slice(0, 500);
      if (wanted.length === 0) return [];
      const rows = this.db.prepare(`${select} WHERE key IN (${wanted.map(() => '?').join(',')})`).all(...wanted) as Row[];
      const byKey = new Map(rows.map((r) => [r.key, r]));
      return wanted.flatMap((k) => {
        const r = byKey.get(k);
        return r ? [toRecord(r)] : [];
      });
    }

    ensureIndex(this.db, t);
    const p = foldText((input.search ?? '').trim());
    if (p === '') {
      return (this.db.prepare(`${select} WHERE "${t.folded}" IS NOT NULL ORDER BY "${t.folded}", rid LIMIT ?`).all(limit) as Row[]).map(
        toRecord,
      );
    }
    const starts = this.db
      .prepare(
        `SELECT rid, key, "${t.label}" AS label FROM "${t.table}" WHERE "${t.folded}" >= ? AND "${t.folded}" < ? ORDER BY "${t.folded}", rid LIMIT ?`,
      )
      .all(p, p + TOP, limit) as (Row & { rid: number })[];
    if (starts.length >= limit) return starts.map(toRecord);
    // instr() on the folded texts: a plain substring test (no LIKE wildcards to escape), cheaper than LIKE.
    const seen = starts.map((r) => r.rid);
    const notSeen = seen.length ? `AND rid NOT IN (${seen.map(() => '?').join(',')})` : '';
    const contains = this.db
      .prepare(`${select} WHERE (instr("${t.folded}", ?) > 0 OR instr(key__f, ?) > 0) ${notSeen} LIMIT ?`)
      .all(p, p, ...seen, limit - starts.length) as Row[];
    contains.sort((a, b) => foldText(a.label ?? a.key).localeCompare(foldText(b.label ?? b.key)));
    return [...starts.map(toRecord), ...contains.map(toRecord)];
  }
}
