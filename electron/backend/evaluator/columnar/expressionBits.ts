/**
 * Expression rules (two fields of one record compared, arithmetic on numbers) over cached columns.
 * They read several columns per row, so they are evaluated row by row with the reference evaluator's
 * own code (shared/segments/exprMatch.ts `prepareExpressionRule`): the same comparison, folding,
 * NULL propagation and division by zero, by construction. One pass over the rid space.
 */
import type { StoredValue } from '../../../../shared/segments/dataset.js';
import type { RuleNode } from '../../../../shared/segments/ast.js';
import { exprFields, leftOf, prepareExpressionRule } from '../../../../shared/segments/exprMatch.js';
import { EvaluationError } from '../../../../shared/segments/ruleMatch.js';
import { catalogFieldOf as catalogField } from '../../segments/compileExpressions.js';
import type { Bitset } from './bitset.js';
import type { EntityColumns } from './columns.js';

/** The rule's T / F bitsets over every rid of `cols` (UNKNOWN in neither). */
export function expressionBits(rule: RuleNode, cols: EntityColumns): { t: Bitset; f: Bitset } {
  const find = (name: string) => {
    const f = cols.entity.fields.get(name.toLowerCase());
    return f ? catalogField(f) : undefined;
  };
  let prepared;
  try {
    prepared = prepareExpressionRule(rule, find);
  } catch (e) {
    throw new EvaluationError(e instanceof Error ? e.message : String(e));
  }
  const readers = new Map<string, (rid: number) => StoredValue>();
  for (const name of [...exprFields(leftOf(rule)), ...(rule.right ? exprFields(rule.right) : [])]) {
    const key = name.toLowerCase();
    if (readers.has(key)) continue;
    const field = cols.entity.fields.get(key);
    if (!field) throw new EvaluationError(`Rule ${rule.id}: unknown field '${name}'`);
    const col = cols.column(field);
    if (col.kind === 'num') {
      const values = col.values;
      readers.set(key, (rid) => {
        const x = values[rid];
        return x === undefined || x !== x ? null : x;
      });
    } else {
      const { codes, dict } = col;
      readers.set(key, (rid) => dict[codes[rid] ?? 0] ?? null);
    }
  }
  const words = cols.words;
  const t = new Uint32Array(words);
  const f = new Uint32Array(words);
  let rid = 0;
  const get = (name: string): StoredValue => readers.get(name.toLowerCase())?.(rid) ?? null;
  for (let w = 0; w < words; w++) {
    let tw = 0;
    let fw = 0;
    for (let j = 0; j < 32; j++) {
      rid = (w << 5) + j;
      const r = prepared.test(get);
      if (r === 'true') tw |= 1 << j;
      else if (r === 'false') fw |= 1 << j;
    }
    t[w] = tw;
    f[w] = fw;
  }
  return { t, f };
}
