import fc from 'fast-check';
import { expect, it } from 'vitest';
import { cellWriter, convertCell, type ColumnPlan, type ConvertContext, type StoredValue } from './cells.js';

it('the lookup cell writer agrees with convertCell on every cell: rid, NULL or the same error', () => {
  const keys = new Map([
    ['A1', 11],
    ['a1', 12],
    [' A2', 13],
    ['Ærø', 14],
  ]);
  const ctx: ConvertContext = { dateFormat: null, options: new Map(), keyMaps: new Map([['account', keys]]) };
  const plan: ColumnPlan = { index: 0, header: 'parentcustomerid', field: 'parentcustomerid', type: 'lookup', lookupEntity: 'Account' };
  const cell = fc.oneof(fc.constantFrom('A1', ' A1 ', 'a1', ' A2', 'A2', 'Ærø', '', '  ', 'A9'), fc.string());
  for (const folded of [false, true]) {
    const write = cellWriter(plan, folded, ctx);
    fc.assert(
      fc.property(fc.option(cell, { nil: undefined }), (raw) => {
        const out: StoredValue[] = [];
        const problem = write(raw, out);
        const r = convertCell(plan, raw, ctx);
        if (r.ok) {
          expect(problem).toBeNull();
          expect(out).toEqual(folded ? [r.cell.value, r.cell.folded] : [r.cell.value]);
        } else {
          expect(problem).toEqual(r.error);
          expect(out).toEqual([]);
        }
      }),
    );
  }
});
