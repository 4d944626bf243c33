/**
 * The first half of an interactions import, with no database: each record checked (column count, type
 * name, contact key, timestamp) and converted to the parameters of its row. What needs the catalog —
 * the row's type id (a new type is created only for an accepted row) and the fields a type comes to own —
 * is the second half's (`InteractionSink.writeConverted`, on the connection that writes). Because the
 * halves only meet through a {@link ConvertedBatch}, they run on one thread (`writeBatch`) or on two
 * (convertPipeline.ts: this half on a convert thread, batches handed over as typed arrays by
 * {@link packBatch}), with the same rows, errors and catalog either way.
 */
import type { ChoiceOption } from '../../../shared/models/catalog.js';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import { FOLDED_TYPES } from '../catalog/catalogRepo.js';
import { checkCatalogName } from '../catalog/naming.js';
import { compileDateFormat, parseDatetime, type DateFormat } from '../values/parse.js';
import { cellWriter, columnCountError, OptionSet, settleOptions, writeRowCells, type CellWriter, type ConvertContext } from './cells.js';
import type { KeyLookup, StoredValue } from './cells.js';
import type { CsvRecord } from './csvFile.js';
import type { InteractionPlan } from './interactionImport.js';

/** Fixed leading values of every interaction row: type_id, contact_rid, ts, ikey. */
export const LEAD = 4;

/** A batch converted: the accepted rows' parameters (type id left 0: the writing side sets it) and the rest. */
export interface ConvertedBatch {
  /** `width` values per accepted row, in the insert's column order. */
  params: StoredValue[];
  width: number;
  /** Per accepted row: its type's checked name, as an index into `typeNames`. */
  typeOf: Int32Array;
  typeNames: string[];
  /** Records that became error rows (each at least one entry of `errors`). */
  skipped: number;
  errors: ImportErrorRow[];
  /** Option lists (by lower-cased field) that grew in this batch, whole: the writing side saves them. */
  options: [string, ChoiceOption[]][];
}

/** A checked type cell: its trimmed name and why it cannot be a type (null: it can). */
interface TypeName {
  name: string;
  problem: string | null;
  /** Its index in the current batch's `typeNames` (-1: not yet used in this batch). */
  slot: number;
}

/** What the convert half needs: the plan, the date format, the choice options known so far and the keys. */
export interface ConvertSetup {
  plan: InteractionPlan;
  dateFormat: string | undefined;
  /** Known options of every choice/multichoice field the file maps (lower-cased field → list). */
  options: [string, ChoiceOption[]][];
}

export class InteractionConverter {
  private readonly plan: InteractionPlan;
  private readonly writers: CellWriter[];
  private readonly cellIndex: number[];
  readonly width: number;
  readonly options: Map<string, OptionSet>;
  private readonly dateFormat: DateFormat | null;
  private readonly typeNames = new Map<string, TypeName>();

  constructor(
    setup: ConvertSetup,
    private readonly contacts: KeyLookup,
  ) {
    const plan = setup.plan;
    const folded = plan.columns.map((c) => FOLDED_TYPES.has(c.type));
    this.options = new Map(setup.options.map(([f, list]) => [f, new OptionSet(list)]));
    this.dateFormat = setup.dateFormat ? compileDateFormat(setup.dateFormat) : null;
    const ctx: ConvertContext = { dateFormat: this.dateFormat, numberFormat: plan.numberFormat, options: this.options, keyMaps: new Map() };
    this.writers = plan.columns.map((c, i) => cellWriter(c, folded[i] ?? false, ctx));
    this.cellIndex = plan.columns.map((c) => c.index);
    this.width = LEAD + folded.reduce((n, f) => n + (f ? 2 : 1), 0);
    this.plan = plan;
  }

  /** The checked name of a type cell (cached per distinct cell text). */
  private typeName(raw: string): TypeName {
    let t = this.typeNames.get(raw);
    if (!t) {
      const name = raw.trim();
      t = { name, problem: name === '' ? 'missing interaction type' : checkCatalogName('Interaction type', name), slot: -1 };
      this.typeNames.set(raw, t);
    }
    return t;
  }

  convert(records: readonly CsvRecord[]): ConvertedBatch {
    const plan = this.plan;
    const errors: ImportErrorRow[] = [];
    const params: StoredValue[] = [];
    const typeOf = new Int32Array(records.length);
    const typeNames: string[] = [];
    const used: TypeName[] = [];
    const hasOptions = this.options.size > 0;
    const fixed = plan.fixedType !== null ? this.typeName(plan.fixedType) : null;
    let rows = 0;
    let skipped = 0;
    for (const rec of records) {
      const cells = rec.cells;
      const countError = columnCountError(rec, plan.headerLength);
      if (countError) {
        errors.push(countError);
        skipped++;
        continue;
      }
      let ok = true;
      const type = fixed ?? this.typeName(cells[plan.typeIndex] ?? '');
      if (type.problem !== null) {
        ok = false;
        errors.push({ row: rec.row, column: plan.headers.type, value: type.name === '' ? null : type.name, reason: type.problem });
      }
      const contactKey = (cells[plan.contactIndex] ?? '').trim();
      const contactRid = this.contacts.get(contactKey);
      if (contactRid === undefined) {
        ok = false;
        if (contactKey === '') errors.push({ row: rec.row, column: plan.headers.contact, value: null, reason: 'missing contact key' });
        else
          errors.push({
            row: rec.row,
            column: plan.headers.contact,
            value: contactKey,
            reason: `unknown contact "${contactKey}" (no contact has this key)`,
          });
      }
      const tsText = (cells[plan.tsIndex] ?? '').trim();
      const ts = tsText === '' ? null : parseDatetime(tsText, this.dateFormat);
      if (ts === null) {
        ok = false;
        errors.push({ row: rec.row, column: plan.headers.ts, value: null, reason: 'missing timestamp' });
      } else if (!ts.ok) {
        ok = false;
        errors.push({ row: rec.row, column: plan.headers.ts, value: tsText, reason: ts.reason });
      }
      const ikey = plan.idIndex >= 0 ? (cells[plan.idIndex] ?? '').trim() || null : null;
      const start = params.length;
      params.push(0, contactRid ?? 0, ts?.ok ? ts.value : 0, ikey);
      if (!writeRowCells(this.writers, this.cellIndex, cells, rec.row, params, errors)) ok = false;
      if (hasOptions) settleOptions(this.options, ok);
      if (!ok) {
        params.length = start;
        skipped++;
        continue;
      }
      if (type.slot < 0) {
        type.slot = typeNames.length;
        typeNames.push(type.name);
        used.push(type);
      }
      typeOf[rows++] = type.slot;
    }
    for (const t of used) t.slot = -1;
    const options: [string, ChoiceOption[]][] = [];
    for (const [f, set] of this.options) {
      if (!set.dirty) continue;
      options.push([f, set.list]);
      set.dirty = false;
    }
    return { params, width: this.width, typeOf: typeOf.subarray(0, rows), typeNames, skipped, errors, options };
  }
}

/** A converted batch as it crosses threads: values in typed arrays and one string, not one clone per cell. */
export interface PackedBatch {
  width: number;
  /** Per value: 0 null, 1 number (`nums`), 2 text (`text` up to `textEnds`). */
  tags: Uint8Array;
  nums: Float64Array;
  text: string;
  textEnds: Uint32Array;
  typeOf: Int32Array;
  typeNames: string[];
  skipped: number;
  errors: ImportErrorRow[];
  options: [string, ChoiceOption[]][];
}

/** Packs a batch for `postMessage`; {@link packedTransfer} lists the buffers to move rather than copy. */
export function packBatch(b: ConvertedBatch): PackedBatch {
  const n = b.params.length;
  const tags = new Uint8Array(n);
  const nums = new Float64Array(n);
  const textEnds = new Uint32Array(n);
  const parts: string[] = [];
  let end = 0;
  for (let i = 0; i < n; i++) {
    const v = b.params[i];
    if (typeof v === 'number') {
      tags[i] = 1;
      nums[i] = v;
    } else if (typeof v === 'string') {
      tags[i] = 2;
      parts.push(v);
      end += v.length;
    }
    textEnds[i] = end;
  }
  const { params: _params, ...rest } = b;
  return { ...rest, tags, nums, text: parts.join(''), textEnds };
}

export const packedTransfer = (p: PackedBatch): ArrayBuffer[] =>
  [p.tags.buffer, p.nums.buffer, p.textEnds.buffer, p.typeOf.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);

/** The batch back from its packed form, exactly as {@link InteractionConverter.convert} gave it. */
export function unpackBatch(p: PackedBatch): ConvertedBatch {
  const n = p.tags.length;
  const params: StoredValue[] = new Array<StoredValue>(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    const tag = p.tags[i];
    const end = p.textEnds[i] as number;
    params[i] = tag === 1 ? (p.nums[i] as number) : tag === 2 ? p.text.slice(start, end) : null;
    start = end;
  }
  const { tags: _t, nums: _n, text: _x, textEnds: _e, ...rest } = p;
  return { ...rest, params };
}
