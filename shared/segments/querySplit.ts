/**
 * Query text of split groups (docs/semantics.md § Query text, splits): a SEGMENT(…) block followed by
 *
 *   .SPLIT(10, 30, 60, SEED '42', GROUP 1, LABEL 'Holdout')
 *
 * keeps the members of that segment in group GROUP (1-based) of the split by those percentages under
 * SEED; LABEL (optional) is the group's name. Kept apart from queryParse/queryPrint: those call in.
 */
import type { Token } from './queryLexer.js';
import { validateSplit, type SplitSpec } from './split.js';

/** The parser operations the split arguments need (QueryParser passes its own). */
export interface SplitCursor {
  peek(offset?: number): Token;
  next(): Token;
  isKw(word: string): boolean;
  isPunct(p: string): boolean;
  expectPunct(p: string, what: string): void;
  number(): number;
  fail(message: string, at?: Token): never;
}

/** True when the cursor stands on `.SPLIT` (after a SEGMENT(…) block). */
export function atSplit(c: SplitCursor): boolean {
  const m = c.peek(1);
  return c.isPunct('.') && m.kind === 'ident' && !m.quoted && m.text.toLowerCase() === 'split';
}

/** Parses `.SPLIT( p1, p2, …, SEED 's', GROUP n [, LABEL 'x'] )`; the cursor stands on the dot. */
export function parseSplit(c: SplitCursor): SplitSpec {
  c.next();
  const kw = c.next();
  c.expectPunct('(', 'after SPLIT');
  const percents: number[] = [];
  let seed: string | undefined;
  let group: number | undefined;
  let label: string | undefined;
  for (;;) {
    const at = c.peek();
    if (c.isKw('seed')) {
      c.next();
      const t = c.next();
      if (t.kind !== 'string' && t.kind !== 'number') c.fail(`Expected the seed as text ('42') after SEED, found '${t.text}'`, t);
      seed = t.text;
    } else if (c.isKw('group')) {
      c.next();
      const t = c.peek();
      const n = c.number();
      if (!Number.isInteger(n) || n < 1) c.fail(`GROUP is a group number from 1, found ${n}`, t);
      group = n - 1;
    } else if (c.isKw('label')) {
      c.next();
      const t = c.next();
      if (t.kind !== 'string') c.fail(`Expected the group's name as text after LABEL`, t);
      label = t.text;
    } else if (seed === undefined && group === undefined && label === undefined) {
      percents.push(c.number());
    } else {
      c.fail(`Expected SEED, GROUP or LABEL in SPLIT(…), found '${at.text || 'end of text'}'`, at);
    }
    if (!c.isPunct(',')) break;
    c.next();
  }
  c.expectPunct(')', 'to close SPLIT(…)');
  if (seed === undefined) c.fail("SPLIT(…) needs a SEED, e.g. SPLIT(50, 50, SEED '42', GROUP 1)", kw);
  if (group === undefined) c.fail("SPLIT(…) needs a GROUP, e.g. SPLIT(50, 50, SEED '42', GROUP 1)", kw);
  const issues = validateSplit({ seed, percents, group });
  if (issues.length > 0) c.fail(`SPLIT: ${issues.map((i) => i.message).join('; ')}`, kw);
  return { seed, percents, group, ...(label === undefined ? {} : { label }) };
}

/** A text literal as queryPrint writes one (not imported from there: it imports this file). */
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Prints the `.SPLIT(…)` suffix of a split group's SEGMENT(…) block. */
export function printSplit(spec: SplitSpec): string {
  const label = spec.label === undefined ? '' : `, LABEL ${literal(spec.label)}`;
  return `.SPLIT(${spec.percents.join(', ')}, SEED ${literal(spec.seed)}, GROUP ${spec.group + 1}${label})`;
}
