/**
 * The folded text of a dictionary column's distinct values, kept once per column so that a text
 * `contains` / `notContains` rule with a new value costs one `indexOf` walk over one string, not a
 * `foldText` per distinct value (a member search types a new term each time: at 1M contacts the key
 * column has 1M distinct values, and folding them all took most of a search's ~65 ms).
 *
 * The values are folded exactly as the shared rule code folds them (`foldText(String(v))`,
 * shared/segments/ruleMatch.ts) and joined with a separator into one string; `start[code]` is where a
 * code's text begins and `start[code + 1] - 1` where it ends. A hit counts only when it lies wholly
 * inside one value, so the separator may even occur in a value (it only costs a wasted hit).
 *
 * Dictionaries are append-only (codes never change meaning, columns.ts), so the index is extended for
 * new codes and never invalidated; it lives and dies with its column. Memory: the folded text (one byte
 * per character for Latin-1 text, two otherwise) plus 4 bytes per distinct value.
 */
import type { StoredValue } from '../../../../shared/segments/dataset.js';
import { foldText } from '../../../../shared/segments/fold.js';

const SEP = '\u0000';

/** Folded values of codes `0 .. count - 1`, joined (see the module comment). */
export interface FoldedDict {
  text: string;
  /** `start[code]` for code < count, and `start[count]` = text.length + 1. */
  start: Int32Array;
  /** 1 where the stored value is NULL (UNKNOWN for every text rule). */
  isNull: Uint8Array;
  count: number;
}

/** `have` extended to every code of `dict` below `upTo` (default all; built from scratch without `have`). */
export function foldedDict(dict: readonly StoredValue[], have?: FoldedDict, upTo = dict.length): FoldedDict {
  const from = have?.count ?? 0;
  const to = Math.min(upTo, dict.length);
  if (have && from >= to) return have;
  const parts: string[] = [];
  const start = new Int32Array(to + 1);
  const isNull = new Uint8Array(to);
  if (have) {
    start.set(have.start.subarray(0, from));
    isNull.set(have.isNull);
  }
  let at = have ? have.text.length + 1 : 0;
  for (let code = from; code < to; code++) {
    const v = dict[code] ?? null;
    const s = v === null ? '' : foldText(String(v));
    if (v === null) isNull[code] = 1;
    start[code] = at;
    parts.push(s);
    at += s.length + 1;
  }
  start[to] = at;
  const tail = parts.join(SEP);
  const text = have ? `${have.text}${SEP}${tail}` : tail;
  return { text, start, isNull, count: to };
}

/** Codes folded per pre-warm slice (~10 ms at load 5 for ASCII keys; 1M keys take 40 slices). */
export const FOLD_SLICE = 25_000;

/**
 * Builds a column's folded text in slices, yielding between them (pre-warming: a job waits for one
 * slice at most). Progress stays on the column, so a restarted run continues where it stopped.
 */
export function* foldingColumn(col: { dict: readonly StoredValue[]; folded?: FoldedDict | undefined }): Generator<void, void> {
  while ((col.folded?.count ?? 0) < col.dict.length) {
    col.folded = foldedDict(col.dict, col.folded, (col.folded?.count ?? 0) + FOLD_SLICE);
    yield;
  }
  if (col.folded) flatten(col.folded);
}

/**
 * Makes the folded text one flat string now. Extending it (slices, patches) concatenates, which V8
 * keeps as a rope; the first `indexOf` then copies the whole text (9 MB at 1M keys) and the new large
 * object can start a major GC of the worker's heap — in the middle of a member search, where it cost
 * 30–60 ms at 1M. Any search flattens in place, so one here moves that work to pre-warm.
 */
export function flatten(folded: FoldedDict): void {
  folded.text.indexOf('\u0000\u0000\u0001');
}

/**
 * Marks in `hit` (1) every code in `from .. folded.count - 1` whose non-NULL folded value contains
 * `needle` (already folded, as `normText` gives rule values). Walks the hits of `indexOf`: after a
 * hit, the search resumes at the next value, so the cost is one pass over the text plus one call per
 * matching value.
 */
export function markContains(folded: FoldedDict, needle: string, from: number, hit: Uint8Array): void {
  const { text, start, isNull, count } = folded;
  if (from >= count) return;
  if (needle.length === 0) {
    for (let c = from; c < count; c++) if (!isNull[c]) hit[c] = 1;
    return;
  }
  const m = needle.length;
  let c = from;
  let p = text.indexOf(needle, start[from]!);
  while (p !== -1) {
    while (start[c + 1]! <= p) c++;
    if (c >= count) return;
    const next = start[c + 1]!;
    if (p + m <= next - 1 && !isNull[c]) hit[c] = 1;
    if (next > text.length) return;
    p = text.indexOf(needle, next);
  }
}
