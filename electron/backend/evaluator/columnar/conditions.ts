/**
 * Condition trees over cached columns, three-valued: every node yields two bitsets over the entity's
 * rid space, T (TRUE) and F (FALSE); a rid in neither is UNKNOWN. Kleene logic is then word-wise:
 * AND → T = ∧T, F = ∨F; OR → T = ∨T, F = ∧F; NOT swaps T and F. A related group is EXISTS (two-valued).
 * Bits of rids that do not exist may be set: callers mask with the entity's `exists` bitset.
 *
 * Rule meaning comes from the reference evaluator's own code (shared/segments/ruleMatch.ts):
 * dictionary columns call `prepareRule(...).test` once per distinct value; numeric columns use the
 * same operators reduced to intervals (dates through the shared `dateRanges`), proved equal by the
 * differential test.
 */
import type { CatalogField } from '../../../../shared/models/catalog.js';
import type { ConditionNode, RelatedGroupNode, RuleNode } from '../../../../shared/segments/ast.js';
import type { EvalContext } from '../../../../shared/segments/dataset.js';
import { dateRanges, EvaluationError, prepareRule, type PreparedRule } from '../../../../shared/segments/ruleMatch.js';
import { isExpressionRule } from '../../../../shared/segments/exprMatch.js';
import { expandManyToMany, type RelationshipSource } from '../../../../shared/segments/manyToMany.js';
import { expressionBits } from './expressionBits.js';
import { and2, and3, dictRuleBits, matchIntervals, matchIntervalsNarrow, nonNullBits, or2, or3, type Interval } from './kernels.js';
import { foldedDict, markContains } from './foldedDict.js';
import { normText } from '../../../../shared/segments/fold.js';
import type { StorageField } from '../../segments/compileCatalog.js';
import type { Bitset } from './bitset.js';
import type { Column, DictColumn, EntityColumns, NumericColumn, TruthTable } from './columns.js';
import { buildReverseIndex } from './reverseIndex.js';

export interface Tri {
  t: Bitset;
  f: Bitset;
}

/** What condition evaluation needs from the engine. */
export interface ConditionEnv {
  ctx: EvalContext;
  entity(name: string): EntityColumns;
  /** rid of the record of `entity` whose key is exactly `key`. */
  lookupRid(entity: string, key: string): number | undefined;
  relationship(name: string): { referencingEntity: string; referencedEntity: string; lookupField: string } | undefined;
  /** Every relationship (the same object each call): where N:N groups find their intersect entity. */
  links?: RelationshipSource;
  /**
   * Only T is read (a tree without NOT: F shows only through NOT, see `needsFalse`): a numeric rule then
   * skips its FALSE bits and their non-NULL pass, a group its F (their `f` is empty). A first estimate
   * in a fresh worker runs these 1M-row loops unoptimised (docs/performance.md, session 9).
   */
  twoValued?: boolean;
}

/** No F bits: a two-valued result's `f`. */
const NO_BITS: Bitset = new Uint32Array(0);

/** Whether evaluating `node` needs FALSE bits anywhere: a NOT group or NOT related group in it. */
export function needsFalse(node: ConditionNode): boolean {
  if (node.kind === 'rule') return false;
  return node.not === true || node.children.some(needsFalse);
}

const eqName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function catalogField(f: StorageField): CatalogField {
  return {
    name: f.name,
    label: f.name,
    type: f.type,
    ...(f.options.length ? { options: f.options } : {}),
    ...(f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
  };
}

/** Evaluates `node` for every record of `cols`. */
export function evalCondition(env: ConditionEnv, node: ConditionNode, cols: EntityColumns): Tri {
  switch (node.kind) {
    case 'rule':
      return isExpressionRule(node) ? expressionBits(node, cols) : evalRule(env, node, cols);
    case 'group': {
      if (node.not && env.twoValued) return evalCondition({ ...env, twoValued: false }, node, cols);
      const tri = combine(env, node.combinator, node.children, cols);
      return node.not ? { t: tri.f, f: tri.t } : tri;
    }
    case 'related':
      return evalRelated(env, node, cols);
  }
}

function combine(env: ConditionEnv, combinator: 'and' | 'or', children: ConditionNode[], cols: EntityColumns): Tri {
  const words = cols.words;
  if (children.length === 0) return { t: new Uint32Array(words).fill(0xffffffff), f: new Uint32Array(words) };
  let acc: Tri | null = null;
  for (const child of children) {
    const c = evalCondition(env, child, cols);
    if (!acc) {
      acc = { t: c.t.slice(), f: env.twoValued ? NO_BITS : c.f.slice() };
      continue;
    }
    const { t, f } = acc;
    if (env.twoValued) {
      if (combinator === 'and') and2(t, c.t, words);
      else or2(t, c.t, words);
    } else if (combinator === 'and') and3(t, f, c.t, c.f, words);
    else or3(t, f, c.t, c.f, words);
  }
  return acc as Tri;
}

function evalRelated(env: ConditionEnv, node: RelatedGroupNode, cols: EntityColumns): Tri {
  if (node.direction === 'manyToMany') {
    if (!env.links) throw new EvaluationError(`Related group ${node.id}: N:N relationships need the relationship list`);
    let nested: RelatedGroupNode;
    try {
      nested = expandManyToMany(env.links, cols.entity.name, node);
    } catch (e) {
      throw new EvaluationError((e as Error).message);
    }
    return evalRelated(env, nested, cols);
  }
  const rel = env.relationship(node.relationship);
  if (!rel) throw new EvaluationError(`Related group ${node.id}: unknown relationship '${node.relationship}'`);
  const from = cols.entity.name;
  const canReferenced = eqName(rel.referencingEntity, from);
  const canReferencing = eqName(rel.referencedEntity, from);
  const dir = node.direction ?? (canReferenced ? 'toReferenced' : 'toReferencing');
  if ((dir === 'toReferenced' && !canReferenced) || (dir === 'toReferencing' && !canReferencing)) {
    throw new EvaluationError(`Related group ${node.id}: relationship '${node.relationship}' cannot be followed from ${from}`);
  }
  const targetName = dir === 'toReferenced' ? rel.referencedEntity : rel.referencingEntity;
  const target = env.entity(targetName);
  const inner = combine(env, node.combinator, node.children, target).t;
  for (let i = 0; i < inner.length; i++) inner[i]! &= target.exists[i]!;
  const words = cols.words;
  const exists = new Uint32Array(words);
  if (dir === 'toReferenced') {
    // Walk only the matching targets through the lookup's reverse index (built once per column
    // version): cost ∝ matching records, not the whole rid space. NULL and dangling lookups never
    // appear in it; the target must be an existing record matching the group (`inner`).
    const lookup = numericColumn(cols, rel.lookupField);
    const rev = (lookup.reverse ??= buildReverseIndex(lookup.values));
    const targets = Math.min(inner.length, Math.ceil((rev.start.length - 1) / 32));
    for (let w = 0; w < targets; w++) {
      let bits = inner[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const t = (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
        if (t + 1 >= rev.start.length) continue;
        for (let k = rev.start[t]!, end = rev.start[t + 1]!; k < end; k++) {
          const r = rev.rids[k]!;
          if (r < words * 32) exists[r >>> 5]! |= 1 << (r & 31);
        }
      }
    }
  } else {
    const lookup = numericColumn(target, rel.lookupField);
    const v = lookup.values;
    const limit = words * 32;
    for (let w = 0; w < inner.length; w++) {
      let bits = inner[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const x = v[(w << 5) + 31 - Math.clz32(low)]!;
        if (x >= 0 && x < limit && Number.isInteger(x)) exists[x >>> 5]! |= 1 << (x & 31);
        bits ^= low;
      }
    }
  }
  const not = new Uint32Array(words);
  for (let i = 0; i < words; i++) not[i] = ~exists[i]!;
  return node.not ? { t: not, f: exists } : { t: exists, f: not };
}

/** Raised when a part of a definition has no columnar form; the caller evaluates that block in SQL. */
export class ColumnarUnsupported extends Error {}

function numericColumn(cols: EntityColumns, fieldName: string): NumericColumn {
  const field = cols.entity.fields.get(fieldName.toLowerCase());
  if (!field) throw new EvaluationError(`Unknown lookup field '${fieldName}' on ${cols.entity.name}`);
  const col = cols.column(field);
  if (col.kind !== 'num') throw new ColumnarUnsupported(`lookup column ${cols.entity.name}.${field.name} holds non-numbers`);
  return col;
}

function evalRule(env: ConditionEnv, rule: RuleNode, cols: EntityColumns): Tri {
  const field = cols.entity.fields.get(rule.field.toLowerCase());
  if (!field) throw new EvaluationError(`Rule ${rule.id}: unknown field '${rule.field}'`);
  const cf = catalogField(field);
  const lookupRid = (key: string): number | undefined => (field.lookupEntity ? env.lookupRid(field.lookupEntity, key) : undefined);
  // Always prepared through the shared code: it validates the operator and values exactly as the spec does.
  const prepared = prepareRule(rule, cf, env.ctx, lookupRid);
  const col = cols.column(field);
  // Same column, same description (operator, values; for dates the concrete boundaries) = same
  // result while no row changed: editing one rule of a big definition re-evaluates only that rule.
  const key = field.type === 'lookup' ? null : ruleKey(rule, field, prepared);
  const cached = key === null ? undefined : col.results.get(key);
  // A two-valued result (empty `f`) answers only a two-valued evaluation.
  if (cached && cached.t.length === cols.words && (env.twoValued === true || cached.f.length === cols.words)) return cached;
  const out = ruleBits(env, rule, field, col, prepared, lookupRid, cols.words);
  if (key !== null) {
    if (col.results.size >= 32) col.results.clear();
    col.results.set(key, out);
  }
  return out;
}

/**
 * Everything a rule's result depends on besides the column: type, operator, each value with its JS
 * type (String keeps NaN / ±Infinity apart, which JSON would print as null), and for dates the
 * concrete boundaries (the prepared description), which carry `now` and the time zone.
 */
function ruleKey(rule: RuleNode, field: StorageField, prepared: PreparedRule): string {
  const values = (rule.values ?? []).map((v) => `${typeof v}:${String(v).length}:${String(v)}`).join('|');
  const dates = field.type === 'date' || field.type === 'datetime' ? prepared.expected : '';
  return `${field.type}|${rule.operator}|${rule.amount ?? ''}|${rule.unit ?? ''}|${values}|${dates}`;
}

function ruleBits(
  env: ConditionEnv,
  rule: RuleNode,
  field: StorageField,
  col: Column,
  prepared: PreparedRule,
  lookupRid: (key: string) => number | undefined,
  words: number,
): Tri {
  const t = new Uint32Array(words);
  const f = new Uint32Array(words);
  if (col.kind === 'dict') {
    const { isT, isF } = truthTable(
      col,
      prepared,
      field.type === 'lookup' ? null : ruleKey(rule, field, prepared),
      textContains(rule, field),
    );
    dictRuleBits(col.codes, isT, isF, t, f);
    return { t, f };
  }
  if (rule.operator === 'containsData' || rule.operator === 'notContainsData') {
    const has = nonNull(col);
    if (rule.operator === 'containsData') return { t: has, f: invert(has) };
    return { t: invert(has), f: has };
  }
  const { intervals, negate } = numericIntervals(rule, field, env, lookupRid);
  // t = rows inside an interval (never NULL rows: NaN fails every comparison), has = non-NULL rows.
  // A column still as its compact file holds it is matched as is (no 8 MB Float64Array at 1M).
  if (col.narrow) matchIntervalsNarrow(col.narrow, intervals, t);
  else matchIntervals(col.values, intervals, t);
  if (!negate && env.twoValued) return { t, f: NO_BITS };
  const has = nonNull(col);
  if (!negate) {
    for (let i = 0; i < words; i++) f[i] = has[i]! & ~t[i]!;
    return { t, f };
  }
  for (let i = 0; i < words; i++) {
    f[i] = t[i]!;
    t[i] = has[i]! & ~f[i]!;
  }
  return { t, f };
}

function invert(b: Bitset): Bitset {
  const out = new Uint32Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = ~b[i]!;
  return out;
}

/** Non-NULL rows of a numeric column (cached with the rule results: cleared when a row changes). */
function nonNull(col: NumericColumn): Bitset {
  const cached = col.results.get('#nonNull');
  if (cached) return cached.t;
  const has = col.narrow ? col.narrow.nulls.map((w) => ~w) : nonNullBits(col.values);
  col.results.set('#nonNull', { t: has, f: new Uint32Array(0) });
  return has;
}

/**
 * The rule's truth per dictionary code: isT[code] / isF[code] (neither = UNKNOWN), computed once per
 * distinct value with the shared rule code. Cached per column under the rule's description, which
 * names the operator and values (for dates the concrete boundaries), so the same rule costs nothing
 * the next time and only new distinct values are tested. Lookups are not cached (keys resolve to rids
 * that can change).
 */
function truthTable(col: DictColumn, prepared: PreparedRule, key: string | null, contains: TextContains | null): TruthTable {
  let table = key === null ? undefined : col.truths.get(key);
  if (!table || table.isT.length < col.dict.length) {
    const from = table?.isT.length ?? 0;
    const isT = new Uint8Array(col.dict.length);
    const isF = new Uint8Array(col.dict.length);
    if (table) {
      isT.set(table.isT);
      isF.set(table.isF);
    }
    // Many new codes and a text `contains`: one walk over the column's folded text (foldedDict.ts).
    const folded = contains !== null && col.dict.length - from >= FOLDED_MIN;
    if (folded) containsTable(col, contains, from, isT, isF);
    for (let code = folded ? col.dict.length : from; code < col.dict.length; code++) {
      const r = prepared.test(col.dict[code] ?? null);
      isT[code] = r === 'true' ? 1 : 0;
      isF[code] = r === 'false' ? 1 : 0;
    }
    table = { isT, isF };
    if (key !== null) {
      if (col.truths.size >= 64) col.truths.clear();
      col.truths.set(key, table);
    }
  }
  return table;
}

/** New codes from which a text `contains` walks the folded dictionary instead of testing each value. */
const FOLDED_MIN = 64;

/** A text / choice `contains` or `notContains` rule: its values folded as the shared rule code folds them. */
interface TextContains {
  needles: string[];
  negate: boolean;
}

function textContains(rule: RuleNode, field: StorageField): TextContains | null {
  if (field.type !== 'text' && field.type !== 'choice') return null;
  if (rule.operator !== 'contains' && rule.operator !== 'notContains') return null;
  // As ruleMatch.ts prepares them: `valuesOf(rule).map(String)`, then `normText(String(x))`.
  return { needles: (rule.values ?? []).map((v) => normText(String(v))), negate: rule.operator === 'notContains' };
}

/**
 * Truth of a text `contains` for codes `from ..`: TRUE where some needle occurs in the folded value
 * (FALSE for `notContains`), the opposite for the other non-NULL values, neither for NULL — what
 * `prepared.test` gives per value (ruleMatch.ts), proved equal by foldedDict.test.ts.
 */
function containsTable(col: DictColumn, rule: TextContains, from: number, isT: Uint8Array, isF: Uint8Array): void {
  const folded = (col.folded = foldedDict(col.dict, col.folded));
  const hit = new Uint8Array(col.dict.length);
  for (const needle of rule.needles) markContains(folded, needle, from, hit);
  const { isNull } = folded;
  for (let code = from; code < col.dict.length; code++) {
    if (isNull[code]) continue;
    const h = hit[code]!;
    isT[code] = rule.negate ? h ^ 1 : h;
    isF[code] = rule.negate ? h : h ^ 1;
  }
}

const f64 = new Float64Array(1);
const bits64 = new BigInt64Array(f64.buffer);

/** The next double after x towards +∞ (x finite or −∞). */
function nextUp(x: number): number {
  if (x === -Infinity) return -Number.MAX_VALUE;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  bits64[0] = bits64[0]! + (x > 0 ? 1n : -1n);
  return f64[0]!;
}

/**
 * Bounds as the reference compares them (`x > lo` or `x >= lo`, `x < hi` or `x <= hi`) turned into an
 * inclusive interval: for doubles `x > lo` ⇔ `x >= nextUp(lo)`, exactly.
 */
function interval(lo: number, loInc: boolean, hi: number, hiInc: boolean): Interval {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return { lo: NaN, hi: NaN };
  const l = loInc ? lo : lo === Infinity ? NaN : nextUp(lo);
  const h = hiInc ? hi : hi === -Infinity ? NaN : -nextUp(-hi);
  return { lo: l, hi: h };
}

const point = (x: number): Interval => interval(x, true, x, true);

/**
 * A numeric rule as "value in one of these intervals" (or, with `negate`, in none of them), following
 * ruleMatch.ts operator by operator. NaN bounds never match, as in the reference comparisons.
 */
function numericIntervals(
  rule: RuleNode,
  field: StorageField,
  env: ConditionEnv,
  lookupRid: (key: string) => number | undefined,
): { intervals: Interval[]; negate: boolean } {
  const vals = rule.values ?? [];
  const op = rule.operator;
  switch (field.type) {
    case 'integer':
    case 'decimal': {
      const xs = vals.map(Number);
      const [a = NaN, b = NaN] = xs;
      switch (op) {
        case 'eq':
          return { intervals: xs.map(point), negate: false };
        case 'ne':
          return { intervals: xs.map(point), negate: true };
        case 'lt':
          return { intervals: [interval(-Infinity, true, a, false)], negate: false };
        case 'le':
          return { intervals: [interval(-Infinity, true, a, true)], negate: false };
        case 'gt':
          return { intervals: [interval(a, false, Infinity, true)], negate: false };
        case 'ge':
          return { intervals: [interval(a, true, Infinity, true)], negate: false };
        case 'between':
          return { intervals: [interval(a, true, b, true)], negate: false };
        default:
          break;
      }
      break;
    }
    case 'boolean': {
      const xs = vals.map((x) => (x === true || x === 1 || String(x).toLowerCase() === 'true' ? 1 : 0));
      if (op === 'eq' || op === 'ne') return { intervals: xs.map(point), negate: op === 'ne' };
      break;
    }
    case 'lookup': {
      const rids = vals.map((x) => lookupRid(String(x).trim())).filter((x): x is number => x !== undefined);
      if (op === 'eq' || op === 'ne') return { intervals: rids.map(point), negate: op === 'ne' };
      break;
    }
    case 'datetime': {
      const ranges = dateRanges(rule, 'datetime', env.ctx);
      const intervals = ranges.map((r) =>
        interval(
          r.from ? Number(r.from.value) : -Infinity,
          r.from ? r.from.inclusive : true,
          r.to ? Number(r.to.value) : Infinity,
          r.to ? r.to.inclusive : true,
        ),
      );
      return { intervals, negate: op === 'ne' };
    }
    default:
      break;
  }
  throw new ColumnarUnsupported(`no numeric form for ${field.type} ${op}`);
}
