/**
 * Member search on the worker (live/members.ts, issue 15): the members of a stored segment whose key or
 * display name contains a text, as ascending rids. It answers exactly what the definition
 * "segment's members ∩ (field₁ contains text OR field₂ contains text …)" answers on the columnar cache
 * (evaluateColumnar.ts) — and so the SQL search — but without the general evaluation's per-term
 * allocations: no truth table of two bytes per distinct value kept per term (at 1M keys 2 MB a term,
 * up to 64 of them per column), no TRUE / FALSE / UNKNOWN bitsets, no rule-result cache. A term costs
 * one `indexOf` walk over each column's folded text (foldedDict.ts), a branch-free pass over the rows
 * of each column that matched anything, and one pass over the segment's member bitset.
 *
 * Same meaning, step by step: `normText` of the text (trimmed and folded, as a rule value is);
 * `markContains` marks the non-NULL values containing it (NULL is UNKNOWN for `contains`, so never a
 * member); a row matches when any column's value at that row is marked; members are the segment's
 * stored members that still exist as contacts (evaluateColumnar ANDs every block with `exists`).
 */
import type { DynamicDefinition } from '../../../../shared/segments/ast.js';
import { normText } from '../../../../shared/segments/fold.js';
import type { DictColumn } from './columns.js';
import type { ColumnarEngine } from './engine.js';
import { foldedDict, markContains } from './foldedDict.js';

/** What a member search asks of the worker. */
export interface MemberSearchSpec {
  segmentId: string;
  /** Contact field names searched (the key field and the display field; all text). */
  fields: string[];
  /** The search text as typed (trimmed and folded here, as a rule value). */
  text: string;
}

/**
 * The search as a segment definition: the segment's members intersected with "any searched field contains
 * the text". The general evaluation of it is what {@link searchSegmentMembers} must equal, and what runs
 * when that fast path cannot (live/members.ts).
 */
export function memberSearchDefinition(spec: MemberSearchSpec): DynamicDefinition {
  return {
    kind: 'dynamic',
    version: 1,
    blocks: [
      { kind: 'segment', id: 'members', combine: 'union', segmentId: spec.segmentId },
      {
        kind: 'profile',
        id: 'search',
        combine: 'intersect',
        entity: 'contact',
        root: {
          kind: 'group',
          id: 'any',
          combinator: 'or',
          children: spec.fields.map((field, i) => ({ kind: 'rule', id: `f${i}`, field, operator: 'contains', values: [spec.text] })),
        },
      },
    ],
  };
}

const WARM_AGAIN_MS = 60_000;

/** When this thread last searched (warmingSearch: compiled code is still there, nothing to warm). */
let lastSearchAt = -Infinity;

/** Per column, a hit table reused across searches (zeroed, not reallocated: no garbage per term). */
const scratch = new WeakMap<DictColumn, Uint8Array>();

function hitTable(col: DictColumn): Uint8Array {
  const have = scratch.get(col);
  if (have && have.length >= col.dict.length) {
    have.fill(0, 0, col.dict.length);
    return have;
  }
  // Room for the dictionary to grow by patches before the next allocation.
  const table = new Uint8Array(col.dict.length + (col.dict.length >>> 4) + 64);
  scratch.set(col, table);
  return table;
}

/**
 * Matching member rids, ascending; null when the fields cannot be searched this way (a field that is
 * missing, not text, or not held as a dictionary column): the caller evaluates the definition instead.
 * Call after `engine.beginJob()`.
 */
export function searchSegmentMembers(engine: ColumnarEngine, spec: MemberSearchSpec): Float64Array | null {
  lastSearchAt = performance.now();
  const contacts = engine.entity('contact');
  const fields = spec.fields.map((name) => contacts.entity.fields.get(name.toLowerCase()));
  if (fields.length === 0 || fields.some((f) => f === undefined || f.type !== 'text')) return null;
  const present = fields.filter((f) => f !== undefined);
  contacts.load(present);
  const cols = present.map((f) => contacts.column(f));
  if (cols.some((c) => c.kind !== 'dict')) return null;
  const dictCols = cols as DictColumn[];
  const words = contacts.words;
  const members = engine.segmentMembers(spec.segmentId, words);
  const needle = normText(spec.text);
  // Rows whose value in any column contains the needle, one word per 32 rows.
  let rows: Uint32Array | null = null;
  for (const col of dictCols) {
    const folded = (col.folded = foldedDict(col.dict, col.folded));
    const hit = hitTable(col);
    markContains(folded, needle, 0, hit);
    if (hit.indexOf(1) === -1) continue; // nothing in this column: its rows need no pass
    rows ??= new Uint32Array(words);
    const codes = col.codes;
    const n = Math.min(codes.length, words * 32);
    for (let w = 0, base = 0; base < n; w++, base += 32) {
      let mw = 0;
      for (let j = 0; j < 32; j++) mw |= hit[codes[base + j]!]! << j;
      rows[w]! |= mw;
    }
  }
  if (!rows) return new Float64Array(0);
  const exists = contacts.exists;
  let count = 0;
  for (let w = 0; w < words; w++) {
    const m = rows[w]! & (members[w] ?? 0) & exists[w]!;
    rows[w] = m;
    if (m !== 0) count += popcount(m);
  }
  const out = new Float64Array(count);
  let i = 0;
  for (let w = 0; w < words && i < count; w++) {
    let m = rows[w]!;
    while (m !== 0) {
      const low = m & -m;
      out[i++] = w * 32 + (31 - Math.clz32(low));
      m ^= low;
    }
  }
  return out;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Runs three searches of `segmentId` whose results are thrown away (pre-warm, and between jobs after a
 * go-live), so that the loops above are compiled before a marketer's first search: interpreted, the
 * pass over 1M rows took 100–150 ms at 1M (load 8) against 4–20 ms compiled, and the first two
 * searches of a session paid it. The needle is the start of a display value, so the row and member
 * passes run. Yields between the searches (a job waits for one at most). Skipped when this thread
 * searched in the last minute (a scheduler tick refreshing several segments warms once).
 */
export function* warmingSearch(engine: ColumnarEngine, segmentId: string, fields: string[]): Generator<void, void> {
  if (performance.now() - lastSearchAt < WARM_AGAIN_MS) return;
  const contacts = engine.entity('contact');
  const last = contacts.entity.fields.get((fields.at(-1) ?? '').toLowerCase());
  if (!last) return;
  const col = contacts.column(last);
  if (col.kind !== 'dict') return;
  const value = col.dict.find((v) => typeof v === 'string' && normText(v).length > 0);
  if (typeof value !== 'string') return;
  const text = normText(value).slice(0, 2);
  for (let i = 0; i < 3; i++) {
    searchSegmentMembers(engine, { segmentId, fields, text });
    yield;
  }
}
