/**
 * The JavaScript half of an entity import: checks and converts records into the stored values an
 * EntitySink writes (entityImport.ts), touching no database. The sink runs it on its own thread; a
 * two-thread import may run it on a convert thread instead, built from {@link EntitySink.convertSetup} (plain
 * data) and the key maps of its lookup targets, and hand each batch over packed ({@link packEntityBatch}):
 * one string and three typed arrays instead of a structured clone of every value — the clone's
 * deserialisation alone cost ~0.26 CPU s per 200k contact rows on the receiving thread.
 */
import type { ChoiceOption, FieldType } from '../../../shared/models/catalog.js';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import { keyCells } from '../values/storedValue.js';
import { compileDateFormat } from '../values/parse.js';
import {
  cellWriter,
  columnCountError,
  OptionSet,
  settleOptions,
  writeRowCells,
  type CellWriter,
  type ColumnPlan,
  type ConvertContext,
  type KeyLookup,
  type StoredValue,
} from './cells.js';
import type { CsvRecord } from './csvFile.js';
import type { EntityPlan } from './entityImport.js';

/** One batch of entity rows converted by {@link EntityConverter.convert}, ready for `EntitySink.write`. */
export interface EntityBatch {
  /** The good rows' stored values, key and key shadow first, one row after the other (the sink's column order). */
  params: StoredValue[];
  /** Rows in {@link params}. */
  good: number;
  /** Rows refused (each has its error-report rows in {@link errors}). */
  skipped: number;
  errors: ImportErrorRow[];
  /** Choice fields whose options grew in this batch, with their whole list then. */
  options: { field: string; list: ChoiceOption[] }[];
  /** The same values packed, when the batch came from a convert thread ({@link unpackEntityBatch}). */
  packed?: PackedEntityBatch;
}

/** What a converter needs besides the key maps; plain data, so it can be posted to another thread. */
export interface EntityConvertSetup {
  plan: EntityPlan;
  /** Per planned column: whether it has a folded shadow (stored as two values). */
  shadowed: boolean[];
  dateFormat: string | null;
  /** The entity's choice and multichoice fields and their options when the import began. */
  options: { field: string; type: FieldType; list: ChoiceOption[] }[];
  /** Lookup targets (lower-cased entity name) and their tables: the key maps to load. */
  lookupTables: { entity: string; table: string }[];
  /** Lower-cased name of the entity itself: a lookup to it is resolved from rows earlier batches wrote. */
  entity: string;
}

/** Converts batches of records (see the file comment). */
export class EntityConverter {
  private readonly ctx: ConvertContext;
  private readonly writers: CellWriter[];
  /** The cell each writer reads. */
  private readonly cellIndex: number[];
  private readonly hasOptions: boolean;
  private readonly plan: EntityPlan;

  constructor(
    private readonly setup: EntityConvertSetup,
    /** Key → rid per lookup target (lower-cased entity name), as {@link EntityConvertSetup.lookupTables} lists. */
    keyMaps: Map<string, KeyLookup>,
  ) {
    this.plan = setup.plan;
    const options = new Map<string, OptionSet>();
    for (const o of setup.options) options.set(o.field.toLowerCase(), new OptionSet([...o.list]));
    this.ctx = {
      dateFormat: setup.dateFormat ? compileDateFormat(setup.dateFormat) : null,
      numberFormat: setup.plan.numberFormat,
      options,
      keyMaps,
    };
    this.hasOptions = options.size > 0;
    this.writers = setup.plan.columns.map((c: ColumnPlan, i) => cellWriter(c, setup.shadowed[i] ?? false, this.ctx));
    this.cellIndex = setup.plan.columns.map((c) => c.index);
  }

  /**
   * Whether batches may be converted ahead of the writes: not with a lookup to the entity itself, whose
   * keys are resolved from the rows earlier batches wrote.
   */
  static convertsAhead(setup: EntityConvertSetup): boolean {
    return !setup.plan.columns.some((c) => c.lookupEntity !== undefined && c.lookupEntity.toLowerCase() === setup.entity);
  }

  convert(records: readonly CsvRecord[]): EntityBatch {
    const plan = this.plan;
    const errors: ImportErrorRow[] = [];
    const params: StoredValue[] = [];
    const keyIndex = plan.keyIndex;
    let good = 0;
    let skipped = 0;
    for (const rec of records) {
      const cells = rec.cells;
      const countError = columnCountError(rec, plan.headerLength);
      if (countError) {
        errors.push(countError);
        skipped++;
        continue;
      }
      const raw = cells[keyIndex];
      const key = raw === undefined ? '' : raw.trim();
      if (key === '') {
        errors.push({ row: rec.row, column: plan.keyHeader, value: null, reason: 'missing key' });
        skipped++;
        continue;
      }
      const start = params.length;
      const kc = keyCells(key);
      params.push(kc[0], kc[1]);
      const rowOk = writeRowCells(this.writers, this.cellIndex, cells, rec.row, params, errors);
      if (this.hasOptions) settleOptions(this.ctx.options, rowOk);
      if (!rowOk) {
        params.length = start;
        skipped++;
        continue;
      }
      good++;
    }
    // Options this batch's rows added, as they stand now: written with the batch, not before it.
    const options: EntityBatch['options'] = [];
    if (this.hasOptions)
      for (const o of this.setup.options) {
        const set = this.ctx.options.get(o.field.toLowerCase());
        if (set?.dirty) {
          options.push({ field: o.field, list: [...set.list] });
          set.dirty = false;
        }
      }
    return { params, good, skipped, errors, options };
  }
}

/** A converted batch packed for another thread: {@link packedTransfer} lists its buffers to move, not copy. */
export interface PackedEntityBatch {
  /** Every string value, one after the other. */
  text: string;
  /** Per value: 0 null, 1 string (its length in {@link lengths}), 2 number (in {@link numbers}). */
  kinds: Uint8Array;
  lengths: Uint32Array;
  numbers: Float64Array;
  good: number;
  skipped: number;
  errors: ImportErrorRow[];
  options: EntityBatch['options'];
}

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;

/**
 * Packs a converted batch in one pass: `lengths` and `numbers` are sized for every value (at most 1.7 MB a
 * 10k-row batch, moved not copied) rather than counted in a first pass, and the text is built by
 * concatenation, flattened once when posted (an array of parts and one `join` measured slower). Packing and
 * posting 1M contact rows: ~0.85 → ~0.7 CPU s on the convert thread (micro-bench).
 */
export function packEntityBatch(b: EntityBatch): PackedEntityBatch {
  const params = b.params;
  const n = params.length;
  const kinds = new Uint8Array(n);
  const lengths = new Uint32Array(n);
  const numbers = new Float64Array(n);
  let text = '';
  let s = 0;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const v = params[i];
    if (typeof v === 'string') {
      kinds[i] = TEXT;
      lengths[s++] = v.length;
      text += v;
    } else if (typeof v === 'number') {
      kinds[i] = NUMBER;
      numbers[d++] = v;
    } else kinds[i] = NULL;
  }
  return { text, kinds, lengths, numbers, good: b.good, skipped: b.skipped, errors: b.errors, options: b.options };
}

/**
 * The young generation of an entity convert thread (MB; V8's `maxYoungGenerationSizeMb`). Each batch makes
 * ~30 MB of short-lived strings and arrays; with Node's default (16 MB semi-spaces) they were scavenged
 * several times per batch and partly promoted: GC threads took ~1 CPU s beside the two import threads at
 * 1M contacts, ~0.7 s with this. The thread ends with its import, so the memory is not kept.
 */
export const CONVERT_YOUNG_GENERATION_MB = 96;

/** The buffers of a packed batch, for `postMessage`'s transfer list. */
export function packedEntityTransfer(p: PackedEntityBatch): ArrayBuffer[] {
  return [p.kinds.buffer, p.lengths.buffer, p.numbers.buffer] as ArrayBuffer[];
}

/** Reads the values of a packed batch in order, any number at a time (strings are slices of its one text). */
export class PackedValues {
  private value = 0;
  private string = 0;
  private number = 0;
  private at = 0;

  constructor(private readonly p: PackedEntityBatch) {}

  /** Writes the next `count` values into `out` from index 0. */
  next(out: StoredValue[], count: number): void {
    const { kinds, lengths, numbers, text } = this.p;
    let v = this.value;
    let s = this.string;
    let d = this.number;
    let at = this.at;
    for (let j = 0; j < count; j++, v++) {
      const k = kinds[v];
      if (k === TEXT) {
        const len = lengths[s++] as number;
        out[j] = text.slice(at, at + len);
        at += len;
      } else if (k === NUMBER) out[j] = numbers[d++] as number;
      else out[j] = null;
    }
    this.value = v;
    this.string = s;
    this.number = d;
    this.at = at;
  }
}

/**
 * The batch {@link packEntityBatch} packed: the same values in the same order. `params` is built only when
 * read; `EntitySink.write` reads a big batch's values from `packed` one statement at a time instead (no
 * array of the whole batch on the inserting thread).
 */
export function unpackEntityBatch(p: PackedEntityBatch): EntityBatch {
  let params: StoredValue[] | null = null;
  return {
    get params(): StoredValue[] {
      if (params === null) {
        params = new Array<StoredValue>(p.kinds.length);
        new PackedValues(p).next(params, p.kinds.length);
      }
      return params;
    },
    packed: p,
    good: p.good,
    skipped: p.skipped,
    errors: p.errors,
    options: p.options,
  };
}
