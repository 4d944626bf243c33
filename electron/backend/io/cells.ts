/**
 * Converting one CSV cell to its stored value for a planned column: scalars via values.ts, choices
 * matched case-insensitively to their options (new values become new options, in the case first seen),
 * multi-choices as a sorted JSON array, lookups resolved from the referenced entity's key to its rid.
 */
import type { ChoiceOption, FieldType } from '../../../shared/models/catalog.js';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import { foldText } from '../../../shared/segments/fold.js';
import type { Db } from '../db/connection.js';
import { multiChoiceValue, pushText, shadowOf } from '../values/storedValue.js';
import { parseScalar, splitMulti, type DateFormat, type NumberFormat } from '../values/parse.js';
import { KeyIndex } from './keyIndex.js';

/** One file column mapped to a field. */
export interface ColumnPlan {
  /** Position in the CSV row. */
  index: number;
  /** Header text (for the error report). */
  header: string;
  /** Catalog field name. */
  field: string;
  type: FieldType;
  /** For lookups: the referenced entity. */
  lookupEntity?: string;
}

/** A stored value and its folded shadow (null unless text/choice/multichoice). */
export interface Cell {
  value: string | number | null;
  folded: string | null;
}

/**
 * The options of a choice field, indexed by folded value. Values first seen in a row become pending
 * options; they join the list only when the row is accepted (`commitPending`), so a skipped row never
 * adds an option. `dirty` when the list grew.
 */
export class OptionSet {
  readonly byFold = new Map<string, string>();
  private readonly pending = new Map<string, string>();
  dirty = false;
  constructor(readonly list: ChoiceOption[]) {
    for (const o of list) this.byFold.set(foldText(o.value), o.value);
  }
  canonical(v: string): string {
    const f = foldText(v);
    const hit = this.byFold.get(f) ?? this.pending.get(f);
    if (hit !== undefined) return hit;
    this.pending.set(f, v);
    return v;
  }
  commitPending(): void {
    for (const [f, v] of this.pending) {
      this.byFold.set(f, v);
      this.list.push({ value: v, label: v });
      this.dirty = true;
    }
    this.pending.clear();
  }
  dropPending(): void {
    this.pending.clear();
  }
}

/** Accepts or drops the options a row introduced (call once per row, after converting all its cells). */
export function settleOptions(options: Map<string, OptionSet>, accepted: boolean): void {
  for (const set of options.values()) {
    if (accepted) set.commitPending();
    else set.dropPending();
  }
}

/**
 * Key → rid of a lookup target, loaded once per import: a {@link KeyIndex}, which answers as a map of
 * every key would, but a contacts file looks up its account in every row, and `Map.get` of a string
 * fresh from the parser (hashed, then a cache miss in a big table) was ~0.5 CPU s per 1M rows over 100k
 * accounts — the largest single cost of the convert thread (docs/performance.md, session 10).
 */
export function loadKeyMap(db: Db, table: string): KeyLookup {
  return KeyIndex.load(db, table);
}

/** Key → rid of an entity as a mutable map: for a lookup to the entity itself, kept current as the import inserts. */
export function loadMutableKeyMap(db: Db, table: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const r of db.prepare(`SELECT key, rid FROM "${table}"`).raw().iterate() as IterableIterator<[string, number]>) map.set(r[0], r[1]);
  return map;
}

/** Resolves an entity key to its rid (undefined when no record has that key). */
export interface KeyLookup {
  get(key: string): number | undefined;
}

/**
 * Below this file size an import resolves keys one by one instead of loading every key up front:
 * loading 1M contact keys takes seconds, a handful of indexed point lookups microseconds.
 */
export const POINT_LOOKUP_MAX_BYTES = 2 * 1024 * 1024;

/**
 * A file with fewer rows than this share of the contacts also resolves its keys one by one: loading the
 * keys costs about as much per contact as a point lookup per row (1M contacts: ~1.8 s and ~100 MB held
 * for the import), so a 100k-row file into 1M contacts is both faster and lighter without the map.
 */
export const POINT_LOOKUP_ROW_SHARE = 0.25;

/** Whether an interactions import resolves contact keys one by one ({@link pointKeyLookup}) or loads them all. */
export function usePointLookups(totalBytes: number, estimatedRows: number, contactRows: number): boolean {
  return totalBytes < POINT_LOOKUP_MAX_BYTES || estimatedRows < contactRows * POINT_LOOKUP_ROW_SHARE;
}

/**
 * Key → rid by one indexed lookup per distinct key, remembered (hits and misses) for the rest of the
 * import, so it answers exactly like a map loaded at the start for an import that only reads the table.
 */
export function pointKeyLookup(db: Db, table: string): KeyLookup {
  const lookup = db.prepare(`SELECT rid FROM "${table}" WHERE key = ?`).pluck();
  const seen = new Map<string, number | null>();
  return {
    get(key: string): number | undefined {
      let rid = seen.get(key);
      if (rid === undefined) {
        rid = (lookup.get(key) as number | undefined) ?? null;
        seen.set(key, rid);
      }
      return rid ?? undefined;
    },
  };
}

export interface ConvertContext {
  dateFormat: DateFormat | null;
  /** The file's number locale (`1.234,56`); absent = plain `1234.56`. */
  numberFormat?: NumberFormat | null;
  /** Option sets by field name (lower-cased). */
  options: Map<string, OptionSet>;
  /** Key → rid by referenced entity name (lower-cased). */
  keyMaps: Map<string, KeyLookup>;
}

export type Converted = { ok: true; cell: Cell } | { ok: false; error: Omit<ImportErrorRow, 'row'> };

const NULL_CELL: Converted = { ok: true, cell: { value: null, folded: null } };

/** Converts one raw cell. Empty (after trimming) = NULL for every type. */
export function convertCell(plan: ColumnPlan, raw: string | undefined, ctx: ConvertContext): Converted {
  const s = (raw ?? '').trim();
  if (s === '') return NULL_CELL;
  const fail = (reason: string): Converted => ({ ok: false, error: { column: plan.header, value: s, reason } });
  switch (plan.type) {
    case 'text':
      return { ok: true, cell: { value: s, folded: shadowOf('text', s) } };
    case 'choice': {
      const set = ctx.options.get(plan.field.toLowerCase());
      const v = set ? set.canonical(s) : s;
      return { ok: true, cell: { value: v, folded: shadowOf('choice', v) } };
    }
    case 'multichoice': {
      const set = ctx.options.get(plan.field.toLowerCase());
      const value = multiChoiceValue(splitMulti(s).map((v) => (set ? set.canonical(v) : v)));
      return value === null ? NULL_CELL : { ok: true, cell: { value, folded: shadowOf('multichoice', value) } };
    }
    case 'lookup': {
      const target = plan.lookupEntity ?? '';
      const rid = ctx.keyMaps.get(target.toLowerCase())?.get(s);
      return rid === undefined
        ? fail(`unknown ${target} "${s}" (no ${target} has this key)`)
        : { ok: true, cell: { value: rid, folded: null } };
    }
    default: {
      const p = parseScalar(plan.type, s, ctx.dateFormat, ctx.numberFormat ?? null);
      return p.ok ? { ok: true, cell: { value: p.value, folded: null } } : fail(`${p.reason} for ${plan.type} field ${plan.field}`);
    }
  }
}

/** A stored value as bound to SQLite. */
export type StoredValue = string | number | null;

/**
 * Converts one raw cell of a column and appends its stored value — and its folded shadow when
 * `folded` — to `out`; returns the problem (for the error report) or null. Chosen once per column
 * ({@link cellWriter}) so the per-cell work is just the conversion: no type switch, no result objects
 * for text cells, which dominate big files.
 */
export type CellWriter = (raw: string | undefined, out: StoredValue[]) => Omit<ImportErrorRow, 'row'> | null;

/** The error-report row of a record whose cell count is not the header's; null when it matches. */
export function columnCountError(rec: { row: number; cells: readonly string[] }, headerLength: number): ImportErrorRow | null {
  if (rec.cells.length === headerLength) return null;
  return { row: rec.row, column: null, value: null, reason: `wrong column count: expected ${headerLength}, found ${rec.cells.length}` };
}

/**
 * Runs every column's writer over one record (`cellIndex[i]`: the cell writer i reads), appending to
 * `out` and each bad cell to `errors`. Returns whether every cell converted; the caller rolls `out`
 * back to where the row began when not.
 */
export function writeRowCells(
  writers: readonly CellWriter[],
  cellIndex: readonly number[],
  cells: readonly string[],
  row: number,
  out: StoredValue[],
  errors: ImportErrorRow[],
): boolean {
  let ok = true;
  for (let i = 0; i < writers.length; i++) {
    const problem = (writers[i] as CellWriter)(cells[cellIndex[i] as number], out);
    if (problem !== null) {
      errors.push({ row, ...problem });
      ok = false;
    }
  }
  return ok;
}

/** The writer for one planned column; agrees with {@link convertCell} on every input. */
export function cellWriter(plan: ColumnPlan, folded: boolean, ctx: ConvertContext): CellWriter {
  if (plan.type === 'text') {
    return folded
      ? (raw, out) => {
          const s = raw === undefined ? '' : raw.trim();
          pushText(out, s === '' ? null : s);
          return null;
        }
      : (raw, out) => {
          const s = raw === undefined ? '' : raw.trim();
          out.push(s === '' ? null : s);
          return null;
        };
  }
  if (plan.type !== 'choice' && plan.type !== 'multichoice' && plan.type !== 'lookup') {
    const type = plan.type;
    const nf = ctx.numberFormat ?? null;
    return (raw, out) => {
      const s = raw === undefined ? '' : raw.trim();
      if (s === '') {
        out.push(null);
        if (folded) out.push(null);
        return null;
      }
      const p = parseScalar(type, s, ctx.dateFormat, nf);
      if (!p.ok) return { column: plan.header, value: s, reason: `${p.reason} for ${type} field ${plan.field}` };
      out.push(p.value);
      if (folded) out.push(null);
      return null;
    };
  }
  if (plan.type === 'lookup') {
    // One Map lookup per cell and no result objects (a contacts file has a lookup in every row). The
    // map is fetched per cell: a sink may add it after choosing its writers.
    const target = plan.lookupEntity ?? '';
    const mapName = target.toLowerCase();
    return (raw, out) => {
      const s = raw === undefined ? '' : raw.trim();
      if (s === '') {
        out.push(null);
        if (folded) out.push(null);
        return null;
      }
      const rid = ctx.keyMaps.get(mapName)?.get(s);
      if (rid === undefined) return { column: plan.header, value: s, reason: `unknown ${target} "${s}" (no ${target} has this key)` };
      out.push(rid);
      if (folded) out.push(null);
      return null;
    };
  }
  return (raw, out) => {
    const r = convertCell(plan, raw, ctx);
    if (!r.ok) return r.error;
    out.push(r.cell.value);
    if (folded) out.push(r.cell.folded);
    return null;
  };
}
