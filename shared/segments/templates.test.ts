import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../test/fixtures/segmentCatalog.js';
import type { SegmentTemplate } from '../models/template.js';
import type { DynamicDefinition } from './ast.js';
import { evaluateDefinition } from './evaluate.js';
import { definitionSchema } from './schema.js';
import { builtInTemplate } from './templateLibrary.js';
import { definitionLines } from './templateText.js';
import { filterTemplates, makeClause, makeParameter, TemplateEditError, templateParameters, unavailableReason } from './templates.js';
import { validateDefinition } from './validate.js';

const catalog = fixtureCatalog();
const def = (): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g',
        combinator: 'and',
        children: [
          { kind: 'rule', id: 'city', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
          { kind: 'rule', id: 'born', field: 'birthdate', operator: 'inTheLast', amount: 3, unit: 'years' },
          {
            kind: 'related',
            id: 'acct',
            relationship: 'contact_account_parentcustomerid',
            direction: 'toReferenced',
            entity: 'account',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'ind', field: 'industrycode', operator: 'eq', values: ['Retail'] }],
          },
        ],
      },
    },
    {
      kind: 'interaction',
      id: 'b2',
      combine: 'except',
      interactionType: 'EmailOpened',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'lifetime' },
    },
  ],
});

describe('parameters', () => {
  it('any row becomes a parameter (a related entity field too) and back; the value gives way to the help text', () => {
    let d = makeParameter(def(), 'ind', 'Which industry?');
    d = makeParameter(d, 'born', 'Born in the last how many years?');
    expect(templateParameters(d, catalog)).toEqual([
      { nodeId: 'born', label: 'birthdate', help: 'Born in the last how many years?' },
      { nodeId: 'ind', label: 'Account: industrycode', help: 'Which industry?' },
    ]);
    expect(definitionSchema.safeParse(d).success).toBe(true);
    expect(validateDefinition(d, catalog, { template: true })).toEqual([]);
    expect(validateDefinition(d, catalog).map((i) => [i.nodeId, i.message])).toEqual([
      ['born', "Fill in the parameter row 'birthdate': Born in the last how many years?"],
      ['ind', "Fill in the parameter row 'industrycode': Which industry?"],
    ]);
    expect(definitionLines(d, catalog).map((l) => `${l.depth}:${l.text}`)).toEqual([
      '0:Contacts where all of:',
      "1:address1_city equals 'Seattle'",
      '1:birthdate in the last ‹Born in the last how many years?› years',
      '1:Has a parentcustomerid (Account) where all of:',
      '2:industrycode is ‹Which industry?›',
      '0:Remove: at least 1 × Email opened, ever',
    ]);
    const back = makeClause(d, 'ind');
    expect(validateDefinition(back, catalog).map((i) => i.message)).toContain("'industrycode': enter at least one value");
  });

  it('a filled parameter row validates like any other row', () => {
    const d = makeParameter(def(), 'city', 'Which city?');
    const profile = d.blocks[0];
    if (profile?.kind !== 'profile') throw new Error('profile expected');
    const city = profile.root.children[0];
    if (city?.kind !== 'rule') throw new Error('rule expected');
    city.values = ['Boston'];
    expect(validateDefinition(d, catalog)).toEqual([]);
    city.values = [42];
    expect(validateDefinition(d, catalog).map((i) => i.message)).toEqual(["'address1_city' expects text, got 42"]);
  });

  it('refuses what cannot be a parameter, saying why, and leaves the definition as it was', () => {
    const d = def();
    const before = JSON.stringify(d);
    expect(() => makeParameter(d, 'nope', 'x')).toThrow(TemplateEditError);
    expect(() => makeParameter(d, 'city', '  ')).toThrow('Enter the help text');
    expect(() => makeParameter(d, 'b2', 'How many days?')).toThrow('Only a time window "in the last …" can be a parameter');
    expect(() => makeClause(d, 'city')).toThrow("Row 'city' is not a parameter.");
    expect(JSON.stringify(d)).toBe(before);
    expect(definitionSchema.safeParse(JSON.parse(before.replace('"values":["Seattle"]', '"parameter":{"help":""}'))).success).toBe(false);
  });

  it('a time-window parameter needs a window "in the last …"', () => {
    const d = def();
    const b2 = d.blocks[1];
    if (b2?.kind !== 'interaction') throw new Error('interaction expected');
    b2.parameter = { help: 'Days?' };
    expect(validateDefinition(d, catalog, { template: true }).map((i) => i.message)).toEqual([
      'The time-window parameter of the \'Email opened\' block needs a window "in the last …"',
    ]);
  });
});

describe('built-in templates', () => {
  it('birthdays next month match a birthday next month in any year, and nothing else', () => {
    const t = builtInTemplate('builtin:birthdays-next-month');
    if (!t) throw new Error('missing');
    const dates = ['1990-07-01', '2001-07-31', '1950-07-15', '1990-06-30', '1990-08-01', '2026-07-01', '1910-07-04'];
    const contacts = dates.map((d, i) => ({ rid: i + 1, key: `c${i + 1}`, values: { birthdate: d } }));
    const data = { catalog, entities: { contact: contacts, account: [], opportunity: [] }, interactions: [], segmentMembers: {} };
    const now = Date.UTC(2026, 5, 15, 12);
    const members = [...evaluateDefinition(t.definition, data, { now, timeZone: 'Europe/Berlin' }).members].sort((a, b) => a - b);
    // An anniversary ignores the year: every July date, also 1910's and a (mistyped) future one.
    expect(members.map((rid) => dates[rid - 1])).toEqual(['1990-07-01', '2001-07-31', '1950-07-15', '2026-07-01', '1910-07-04']);
    expect(
      definitionLines(t.definition, catalog)
        .map((l) => l.text)
        .join(' / '),
    ).toMatch(/anniversary/i);
  });

  it('a built-in names what the catalog lacks', () => {
    const t = builtInTemplate('builtin:high-value-city');
    if (!t) throw new Error('missing');
    expect(unavailableReason(t.definition, catalog)).toBe("Does not fit this database: Unknown field 'lifetimevalue' on Contact.");
  });

  it('the gallery filter searches name, description and labels, and filters by label', () => {
    const ts = ['builtin:re-engagement', 'builtin:account-industry', 'builtin:new-this-month'].map(
      (id) => builtInTemplate(id) as SegmentTemplate,
    );
    expect(filterTemplates(ts, 'win-back', null).map((t) => t.id)).toEqual(['builtin:re-engagement']);
    expect(filterTemplates(ts, '', 'b2b').map((t) => t.id)).toEqual(['builtin:account-industry']);
    expect(filterTemplates(ts, 'contacts', 'Lifecycle').map((t) => t.id)).toEqual(['builtin:new-this-month']);
  });
});
