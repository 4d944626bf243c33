/**
 * Query text of the session-6 forms: arithmetic (precedence, parentheses, NULL, division by zero),
 * two fields of one record compared, HOUR … MILLISECOND in DATEADD / DATEDIFF, DAYSTOANNIVERSARY /
 * MONTHSTOANNIVERSARY — parsed into rules, printed back to the same text, errors located.
 */
import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../test/fixtures/segmentCatalog.js';
import type { ConditionNode, RuleNode } from './ast.js';
import { evalExpr, printExpr } from './exprMatch.js';
import { parseQueryText, printDefinition } from './queryText.js';

const catalog = fixtureCatalog();
const parsed = (text: string) => parseQueryText(text, catalog, () => undefined);
const firstRule = (filter: string): Omit<RuleNode, 'id'> => {
  const r = parsed(`PROFILE(contact).FILTER(${filter})`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const b = r.definition.kind === 'dynamic' ? r.definition.blocks[0] : undefined;
  const node: ConditionNode | undefined = b?.kind === 'profile' ? b.root.children[0] : undefined;
  if (node?.kind !== 'rule') throw new Error(`not a rule: ${JSON.stringify(node)}`);
  const { id: _id, ...rest } = node;
  return rest;
};
/** text → definition → text. */
const reprint = (filter: string): string => {
  const r = parsed(`PROFILE(contact).FILTER(${filter})`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return printDefinition(r.definition, catalog);
};
const error = (filter: string) => {
  const r = parsed(`PROFILE(contact).FILTER(${filter})`);
  return r.ok ? undefined : r.errors[0];
};

describe('arithmetic and field comparisons', () => {
  it('parses with * and / binding tighter than + and -, left to right', () => {
    expect(firstRule('creditlimit / 12 > 100')).toEqual({
      kind: 'rule',
      field: 'creditlimit',
      operator: 'gt',
      left: { kind: 'arith', op: '/', left: { kind: 'field', field: 'creditlimit' }, right: { kind: 'number', value: 12 } },
      values: [100],
    });
    const r = firstRule('creditlimit + numberofchildren * 2 >= creditlimit - 1 - 2');
    expect(printExpr(r.left ?? { kind: 'number', value: 0 })).toBe('creditlimit + numberofchildren * 2');
    expect(printExpr(r.right ?? { kind: 'number', value: 0 })).toBe('creditlimit - 1 - 2');
  });
  it('keeps parentheses where the tree needs them, also at the start of a condition', () => {
    expect(reprint('(creditlimit + 1) * 2 > 10')).toBe('PROFILE(contact, contact_1).FILTER((contact_1.creditlimit + 1) * 2 > 10)');
    expect(reprint('creditlimit - (numberofchildren - 1) < 3')).toBe(
      'PROFILE(contact, contact_1).FILTER(contact_1.creditlimit - (contact_1.numberofchildren - 1) < 3)',
    );
    expect(reprint("(creditlimit > 1) && fullname == 'a'")).toBe(
      "PROFILE(contact, contact_1).FILTER(contact_1.creditlimit > 1 && contact_1.fullname == 'a')",
    );
  });
  it('compares two fields of one record: a number on the left goes right, flipped', () => {
    expect(firstRule('createdon > createdon')).toMatchObject({
      field: 'createdon',
      operator: 'gt',
      right: { kind: 'field', field: 'createdon' },
    });
    expect(firstRule('2 * numberofchildren < creditlimit')).toMatchObject({ field: 'numberofchildren', operator: 'lt' });
    expect(firstRule('5 < creditlimit + numberofchildren')).toMatchObject({ field: 'creditlimit', operator: 'gt', values: [5] });
    expect(firstRule('fullname == jobtitle')).toMatchObject({ operator: 'eq', right: { kind: 'field', field: 'jobtitle' } });
  });
  it('NULL propagates and division by zero is NULL', () => {
    const e = {
      kind: 'arith' as const,
      op: '/' as const,
      left: { kind: 'field' as const, field: 'a' },
      right: { kind: 'field' as const, field: 'b' },
    };
    expect(evalExpr(e, (n) => (n === 'a' ? 7 : 2))).toBe(3.5);
    expect(evalExpr(e, (n) => (n === 'a' ? 7 : 0))).toBeNull();
    expect(evalExpr(e, (n) => (n === 'a' ? null : 2))).toBeNull();
  });
  it('locates what it refuses', () => {
    expect(error('creditlimit + fullname > 5')).toMatchObject({
      line: 1,
      message: expect.stringMatching(/works on numbers; fullname is text/),
    });
    expect(error('creditlimit > birthdate')).toMatchObject({ column: 37, message: expect.stringMatching(/same kind/) });
    expect(error('createdon < DATEADD(HOUR, 2, creditlimit)')?.message).toMatch(/DATETIMEUTCNOW/);
  });
});

describe('clock units and anniversaries', () => {
  it('reads HOUR … MILLISECOND in DATEADD and DATEDIFF and prints them back', () => {
    expect(firstRule('createdon >= DATEADD(HOUR, -3, DATETIMEUTCNOW())')).toEqual({
      kind: 'rule',
      field: 'createdon',
      operator: 'inTheLast',
      amount: 3,
      unit: 'hours',
    });
    expect(firstRule('DATEDIFF(mi, createdon, DATETIMEUTCNOW()) == 5')).toMatchObject({ operator: 'ago', amount: 5, unit: 'minutes' });
    expect(firstRule('createdon <= DATEADD(MILLISECOND, 250, DATETIMEUTCNOW())')).toMatchObject({ unit: 'milliseconds' });
    expect(reprint('DATEDIFF(SECOND, createdon, DATETIMEUTCNOW()) == 9')).toBe(
      'PROFILE(contact, contact_1).FILTER(DATEDIFF(SECOND, contact_1.createdon, DATETIMEUTCNOW()) == 9)',
    );
    expect(error('createdon >= DATEADD(FORTNIGHT, -1, DATETIMEUTCNOW())')?.message).toMatch(/HOUR, MINUTE, SECOND or MILLISECOND/);
  });
  it('reads anniversaries', () => {
    expect(firstRule('DAYSTOANNIVERSARY(birthdate) <= 7')).toEqual({
      kind: 'rule',
      field: 'birthdate',
      operator: 'anniversaryInTheNext',
      amount: 7,
      unit: 'days',
    });
    expect(firstRule('MONTHSTOANNIVERSARY(birthdate) == 1')).toMatchObject({ operator: 'anniversaryInMonth', amount: 1 });
    expect(reprint('DAYSTOANNIVERSARY(birthdate) < 8')).toBe(
      'PROFILE(contact, contact_1).FILTER(DAYSTOANNIVERSARY(contact_1.birthdate) <= 7)',
    );
    expect(error('DAYSTOANNIVERSARY(createdon) <= 7')?.message).toMatch(/need a date field/);
    expect(error('MONTHSTOANNIVERSARY(birthdate) == 12')?.message).toMatch(/0 \(this month\) to 11/);
  });
});
