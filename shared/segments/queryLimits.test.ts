/**
 * Regression tests of issue 13, reproduction 6: query text over the documented limits (docs/limits.md)
 * is refused with line:column and a clear message — never "Maximum call stack size exceeded", never a
 * date of NaN, never "expects a number, got null" — and everything at the limits parses and validates.
 */
import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../test/fixtures/segmentCatalog.js';
import type { ConditionNode, DynamicDefinition, GroupNode } from './ast.js';
import {
  excerpt,
  MAX_CONDITION_DEPTH,
  MAX_CONDITIONS,
  MAX_QUERY_NESTING,
  MAX_QUERY_TEXT_LENGTH,
  MAX_VALUES_PER_CONDITION,
} from './limits.js';
import { parseQueryText, printDefinition, type QueryTextIssue } from './queryText.js';
import { definitionSchema } from './schema.js';
import { validateDefinition } from './validate.js';

const catalog = fixtureCatalog();
const resolve = (): string | undefined => undefined;
const parse = (text: string) => parseQueryText(text, catalog, resolve);
const errorOf = (text: string): QueryTextIssue => {
  const r = parse(text);
  if (r.ok) throw new Error(`accepted: ${text.slice(0, 80)}`);
  return r.errors[0] as QueryTextIssue;
};
const P = (cond: string): string => `PROFILE(contact).FILTER(${cond})`;
const INTERNAL = /call stack|NaN|got null|SQLITE|Infinity|undefined|\[object/i;

describe('nesting depth (reproduction 6: 5,000–10,000 levels of (, NOT( or TRAVERSE()', () => {
  const deep = (open: string, close: string, n: number, inner = "fullname == 'a'"): string =>
    P(`${open.repeat(n)}${inner}${close.repeat(n)}`);

  it.each([
    ['(', ')'],
    ['NOT(', ')'],
    ['TRAVERSE(account_contact_primarycontactid, a, FILTER(TRAVERSE(contact_account_parentcustomerid, c, FILTER(', ')))))'],
  ])('%s nested 10,000 levels deep is refused at the level past the limit', (open, close) => {
    const traverse = open.startsWith('TRAVERSE');
    const e = errorOf(deep(open, close, traverse ? 2_500 : 10_000, traverse ? 'True' : "fullname == 'a'"));
    expect(e.message).toMatch(/Nested too deeply: at most 60 levels/);
    expect(e.line).toBe(1);
    expect(e.column).toBeGreaterThan(MAX_QUERY_NESTING);
    expect(e.message).not.toMatch(INTERNAL);
  });

  it('set expressions and DATEDIFF nest under the same limit', () => {
    expect(errorOf(`${'('.repeat(5000)}PROFILE(contact)${')'.repeat(5000)}`).message).toMatch(/Nested too deeply/);
    const dd = `${'DATEDIFF(DAY, '.repeat(3000)}birthdate${', DATETIMEUTCNOW())'.repeat(3000)} == 1`;
    expect(errorOf(P(dd)).message).toMatch(/Nested too deeply/);
  });

  it('groups nested deeper than the definition limit are refused at the first group over it, with its line', () => {
    const text = P(
      `${"fullname == 'a' && (jobtitle == 'b' || ".repeat(MAX_CONDITION_DEPTH)}creditlimit > 1${')'.repeat(MAX_CONDITION_DEPTH)}`,
    );
    const e = errorOf(text);
    expect(e.message).toMatch(/nested too deeply: at most 20 levels of groups/);
    expect(e.column).toBeGreaterThan(1);
  });

  it(`accepts ${MAX_CONDITION_DEPTH} levels of groups, and the printed text parses back`, () => {
    let node: ConditionNode = {
      kind: 'rule',
      id: 'r',
      field: 'fullname',
      operator: 'eq',
      values: ['x'],
    };
    for (let i = MAX_CONDITION_DEPTH - 1; i >= 1; i--) {
      const other: ConditionNode = {
        kind: 'rule',
        id: `o${i}`,
        field: 'jobtitle',
        operator: 'eq',
        values: [`j${i}`],
      };
      node = {
        kind: 'group',
        id: `g${i}`,
        combinator: i % 2 ? 'or' : 'and',
        not: i % 3 === 0,
        children: [other, node],
      };
    }
    const root: GroupNode = {
      kind: 'group',
      id: 'root',
      combinator: 'and',
      children: [node],
    };
    const def: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [{ kind: 'profile', id: 'b', combine: 'union', entity: 'contact', root }],
    };
    expect(validateDefinition(def, catalog)).toEqual([]);
    expect(definitionSchema.safeParse(def).success).toBe(true);
    const text = printDefinition(def, catalog);
    const back = parse(text);
    expect(back.ok ? [] : back.errors).toEqual([]);
  });

  it('a designer-built definition nested 5,000 deep is refused by the schema and the validator with its path, not the stack', () => {
    let node: ConditionNode = {
      kind: 'rule',
      id: 'r',
      field: 'fullname',
      operator: 'containsData',
    };
    for (let i = 0; i < 5000; i++)
      node = {
        kind: 'group',
        id: `g${i}`,
        combinator: 'and',
        children: [node],
      };
    const root = node as GroupNode;
    const def: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [{ kind: 'profile', id: 'b', combine: 'union', entity: 'contact', root }],
    };
    const schema = definitionSchema.safeParse(def);
    expect(schema.success).toBe(false);
    expect(schema.error?.issues[0]?.message).toMatch(/nested too deeply/);
    const issues = validateDefinition(def, catalog);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.nodeId).toBe(`g${5000 - MAX_CONDITION_DEPTH - 1}`);
    expect(issues[0]?.path).toBe(`blocks[0].root${'.children[0]'.repeat(MAX_CONDITION_DEPTH)}`);
  });
});

describe('number of conditions and values (reproduction 6: 1,000+ && conditions, ~33,000 values OR-ed)', () => {
  const ands = (n: number): string =>
    P(Array.from({ length: n }, (_, i) => `numberofchildren != ${i} && fullname != 'n${i}'`).join(' && '));

  it(`accepts ${MAX_CONDITIONS} conditions and refuses one more at its own position`, () => {
    const ok = parse(P(Array.from({ length: MAX_CONDITIONS }, (_, i) => `creditlimit > ${i}`).join(' && ')));
    expect(ok.ok).toBe(true);
    const text = P(Array.from({ length: MAX_CONDITIONS + 1 }, (_, i) => `creditlimit > ${i}`).join(' && '));
    const e = errorOf(text);
    expect(e.message).toMatch(/at most 2,000 conditions/);
    expect(e.column).toBe(text.lastIndexOf('creditlimit') + 1);
    expect(parse(ands(1000)).ok).toBe(true);
  });

  it('33,000 values OR-ed into one condition are refused with a located limit, 1,000 are fine', () => {
    const values = (n: number): string => P(Array.from({ length: n }, (_, i) => `address1_city == 'c${i}'`).join(' || '));
    expect(errorOf(values(33_000)).message).toMatch(/longer than 500,000 characters/);
    const e = errorOf(P(Array.from({ length: 15_000 }, (_, i) => `jobtitle == '${i}'`).join(' OR ')));
    expect(e.message).toMatch(new RegExp(`at most ${MAX_VALUES_PER_CONDITION.toLocaleString('en-US')} values; this one has 15,000`));
    expect([e.line, e.column]).toEqual([1, 25]);
    expect(parse(values(MAX_VALUES_PER_CONDITION)).ok).toBe(true);
  });

  it('refuses more than 10,000 values over all conditions of one segment', () => {
    const rule = (k: number): string => `(${Array.from({ length: 1000 }, (_, i) => `jobtitle == 'j${k}-${i}'`).join(' || ')})`;
    const text = P(Array.from({ length: 11 }, (_, k) => rule(k)).join(' && '));
    expect(errorOf(text).message).toMatch(/at most 10,000 values in all its conditions/);
  });

  it('refuses query text over the length limit where it passes the limit', () => {
    const text = P(`fullname == '${'x'.repeat(MAX_QUERY_TEXT_LENGTH)}'`);
    const e = errorOf(text);
    expect(e.message).toMatch(/longer than 500,000 characters/);
    expect(e.column).toBe(MAX_QUERY_TEXT_LENGTH + 1);
  });

  it('refuses a text value over 4,000 characters (counted in code points) at its condition', () => {
    expect(parse(P(`fullname == '${'😀'.repeat(4000)}'`)).ok).toBe(true);
    expect(errorOf(P(`fullname == '${'😀'.repeat(4001)}'`)).message).toMatch(/4,001 characters long; at most 4,000/);
  });
});

describe('numbers and date offsets out of range (reproduction 6)', () => {
  it('a 1,000-digit number is refused at the number, not "expects a number, got null"', () => {
    const e = errorOf(P(`creditlimit > ${'9'.repeat(1000)}`));
    expect(e).toEqual({
      line: 1,
      column: 39,
      message: 'Number out of range: a number too large to use (numbers are limited to ±1,000,000,000,000,000)',
    });
    expect(errorOf(P('creditlimit > 1e300')).message).toMatch(/Number out of range: 1e\+300/);
    expect(parse(P('creditlimit > 999999999999999')).ok).toBe(true);
  });

  it('DATEADD(DAY, -99999999999, DATETIMEUTCNOW()) is refused at the amount, not "Not a date: 0NaN-NaN-NaN"', () => {
    const text = P('birthdate >= DATEADD(DAY, -99999999999, DATETIMEUTCNOW())');
    const e = errorOf(text);
    expect(e.column).toBe(text.indexOf('-9') + 1);
    expect(e.message).toBe('A relative date can reach at most 100,000 days back or ahead (about 270 years); got -99999999999');
    expect(parse(P('birthdate >= DATEADD(DAY, -100000, DATETIMEUTCNOW())')).ok).toBe(true);
    expect(errorOf(P('createdon <= DATEADD(YEAR, 251, DATETIMEUTCNOW())')).message).toMatch(/at most 250 years/);
  });

  it('DATEDIFF amounts, interaction windows, COUNT and DATE years are bounded too', () => {
    expect(errorOf(P('DATEDIFF(MONTH, birthdate, DATETIMEUTCNOW()) == 3001')).message).toMatch(/at most 3,000 months/);
    expect(errorOf('INTERACTION(EmailOpened).HAVING(COUNT() > 0, UTCDAYS(100001))').message).toMatch(/at most 100,000 days/);
    expect(errorOf('INTERACTION(EmailOpened).HAVING(COUNT() > 1000000000)').message).toMatch(/0 to 999,999,999/);
    expect(errorOf(P('birthdate > DATE(99999, 1, 1)')).message).toMatch(/year from 1 to 9999/);
  });
});

describe('text as code points (reproduction 6: the lexer printed half a surrogate pair)', () => {
  it('columns count code points and an unexpected emoji is shown whole', () => {
    const text = P("fullname == '😀😀' && 😀");
    const e = errorOf(text);
    expect(e.column).toBe([...text].lastIndexOf('😀') + 1);
    expect(e.message).toBe("Unexpected character '😀'");
  });

  it('unpaired surrogates are refused with their position, in strings, names and between tokens', () => {
    expect(errorOf(P("fullname == 'Combo\ud800'"))).toEqual({
      line: 1,
      column: 43,
      message: 'Invalid character U+D800 (half of a surrogate pair): the text is not valid Unicode',
    });
    expect(errorOf(P('\udc00 == 1')).column).toBe(25);
    expect(errorOf(`PROFILE(contact)\n.FILTER([full\ud83dname] == 'x')`)).toMatchObject({ line: 2, column: 14 });
  });

  it('long tokens are cut in messages without splitting a pair', () => {
    const e = errorOf(P(`fullname == 1 && ${'😀'.repeat(5)} == 2`));
    expect(e.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(excerpt('😀'.repeat(50), 3)).toBe('😀😀😀…');
    expect(excerpt('a\ud800b')).toBe('a<U+D800>b');
    const unknown = errorOf(P(`[${'😀'.repeat(100)}] == 'x'`));
    expect(unknown.message).toBe(`Unknown field '${'😀'.repeat(40)}…' on Contact`);
  });

  it('designer-built values with unpaired surrogates are refused by the validator at their node', () => {
    const root: GroupNode = {
      kind: 'group',
      id: 'root',
      combinator: 'and',
      children: [
        {
          kind: 'rule',
          id: 'r1',
          field: 'fullname',
          operator: 'eq',
          values: ['Combo\ud800'],
        },
      ],
    };
    const def: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [{ kind: 'profile', id: 'b', combine: 'union', entity: 'contact', root }],
    };
    expect(validateDefinition(def, catalog)).toEqual([
      {
        nodeId: 'r1',
        path: 'blocks[0].root.children[0]',
        message: "'fullname' value holds an invalid character U+D800 (half of a surrogate pair) at character 6",
      },
    ]);
  });
});

describe('segment reference chains', () => {
  it('finds a cycle through a chain of 20,000 segments without exhausting the stack', () => {
    const chain = 20_000;
    const lookup = (id: string) => {
      const n = Number(id.slice(1));
      return {
        status: 'live' as const,
        type: 'dynamic' as const,
        references: [n + 1 < chain ? `s${n + 1}` : 'self'],
      };
    };
    const def: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [{ kind: 'segment', id: 'b', combine: 'union', segmentId: 's0' }],
    };
    const issues = validateDefinition(def, catalog, {
      segmentLookup: lookup,
      selfId: 'self',
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(
      'Reference cycle: self → s0 → s1 → s2 → s3 → … 19992 more … → s19996 → s19997 → s19998 → s19999 → self',
    );
  });
});

describe('designer-built definitions over the value limits', () => {
  it('refuses far numbers, amounts and windows at their node', () => {
    const root: GroupNode = {
      kind: 'group',
      id: 'root',
      combinator: 'and',
      children: [
        {
          kind: 'rule',
          id: 'num',
          field: 'creditlimit',
          operator: 'gt',
          values: [1e300],
        },
        {
          kind: 'rule',
          id: 'rel',
          field: 'birthdate',
          operator: 'inTheLast',
          amount: 100_000,
          unit: 'months',
        },
      ],
    };
    const def: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'profile',
          id: 'b1',
          combine: 'union',
          entity: 'contact',
          root,
        },
        {
          kind: 'interaction',
          id: 'b2',
          combine: 'intersect',
          interactionType: 'EmailOpened',
          count: { op: 'atLeast', value: 1 },
          window: { kind: 'last', amount: 300, unit: 'years' },
        },
      ],
    };
    expect(validateDefinition(def, catalog).map((i) => [i.nodeId, i.message])).toEqual([
      ['num', "'creditlimit' Number out of range: 1e+300 (numbers are limited to ±1,000,000,000,000,000)"],
      ['rel', "'birthdate': A relative date can reach at most 3,000 months back or ahead (250 years); got 100000"],
      ['b2', 'The time window: A relative date can reach at most 250 years back or ahead; got 300'],
    ]);
  });
});
