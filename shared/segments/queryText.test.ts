import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../test/fixtures/segmentCatalog.js';
import type { Block, ConditionNode, DynamicDefinition, InteractionBlock } from './ast.js';
import { parseQueryText, printDefinition } from './queryText.js';

const catalog = fixtureCatalog();
const resolve = (s: string): string | undefined => (s.toLowerCase() === 'vip' ? 'seg-vip' : undefined);
const parse = (text: string): DynamicDefinition => {
  const r = parseQueryText(text, catalog, resolve);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  if (r.definition.kind !== 'dynamic') throw new Error('not dynamic');
  return r.definition;
};
const error = (text: string) => {
  const r = parseQueryText(text, catalog, resolve);
  return r.ok ? undefined : r.errors[0];
};
/** The conditions of the first (profile) block, ids stripped. */
const conds = (text: string): unknown => {
  const b = parse(text).blocks[0];
  const strip = (n: ConditionNode): unknown => {
    const { id: _id, ...rest } = n;
    return n.kind === 'rule' ? rest : { ...rest, children: n.children.map(strip) };
  };
  return b?.kind === 'profile' ? b.root.children.map(strip) : undefined;
};
const block = (text: string): Block | undefined => parse(text).blocks[0];

describe('parsing conditions into rules', () => {
  it('turns negations and the printed multi-value forms back into single rules', () => {
    expect(conds("PROFILE(contact).FILTER(NOT(fullname CONTAINS 'a') && NOT(fullname CONTAINS 'b'))")).toEqual([
      { kind: 'rule', field: 'fullname', operator: 'notContains', values: ['a', 'b'] },
    ]);
    expect(conds("PROFILE(contact).FILTER((favoritepets CONTAINS 'Cats' && favoritepets CONTAINS 'Dogs'))")).toEqual([
      { kind: 'rule', field: 'favoritepets', operator: 'containsAllOf', values: ['Cats', 'Dogs'] },
    ]);
    expect(conds('PROFILE(contact).FILTER((creditlimit >= 1 && creditlimit <= 5))')).toEqual([
      { kind: 'rule', field: 'creditlimit', operator: 'between', values: [1, 5] },
    ]);
    expect(conds("PROFILE(contact).FILTER(NOT(address1_city == 'x'))")).toEqual([
      { kind: 'rule', field: 'address1_city', operator: 'ne', values: ['x'] },
    ]);
  });
  it('keeps contradictory bounds as two rules instead of an invalid between (regression)', () => {
    // A valid definition with `ge 100000` AND `le -2.5` printed, then parsed, must stay valid and empty.
    expect(conds('PROFILE(contact).FILTER((creditlimit >= 100000 && creditlimit <= -2.5))')).toEqual([
      { kind: 'rule', field: 'creditlimit', operator: 'ge', values: [100000] },
      { kind: 'rule', field: 'creditlimit', operator: 'le', values: [-2.5] },
    ]);
  });
  it('reads relative dates in their DATEADD and DATEDIFF forms', () => {
    expect(conds('PROFILE(contact).FILTER(createdon >= DATEADD(MONTH, -2, DATETIMEUTCNOW()))')).toEqual([
      { kind: 'rule', field: 'createdon', operator: 'inTheLast', amount: 2, unit: 'months' },
    ]);
    expect(conds('PROFILE(contact).FILTER(birthdate <= DATEADD(day, 7, DATETIMEUTCNOW()))')).toEqual([
      { kind: 'rule', field: 'birthdate', operator: 'inTheNext', amount: 7, unit: 'days' },
    ]);
    expect(conds('PROFILE(contact).FILTER(DATEDIFF(YEAR, birthdate, DATETIMEUTCNOW()) == 30)')).toEqual([
      { kind: 'rule', field: 'birthdate', operator: 'ago', amount: 30, unit: 'years' },
    ]);
    expect(conds('PROFILE(contact).FILTER(DATEDIFF(DAY, createdon, DATETIMEUTCNOW()) <= 14)')).toEqual([
      { kind: 'rule', field: 'createdon', operator: 'inTheLast', amount: 14, unit: 'days' },
    ]);
  });
  it('reads DATE() as a day or an instant (UTC), and accepts a value on the left', () => {
    expect(conds('PROFILE(contact).FILTER(birthdate < DATE(2000, 2, 29))')).toEqual([
      { kind: 'rule', field: 'birthdate', operator: 'lt', values: ['2000-02-29'] },
    ]);
    expect(conds('PROFILE(contact).FILTER(DATE(2026, 3, 1, 8, 30) <= createdon)')).toEqual([
      { kind: 'rule', field: 'createdon', operator: 'ge', values: ['2026-03-01T08:30:00.000Z'] },
    ]);
  });
  it('reads TRAVERSE terms as related groups in both directions', () => {
    expect(
      conds("PROFILE(contact, c).FILTER(TRAVERSE(contact_account_parentcustomerid, a, FILTER(a.name == 'X' || a.revenue > 5)))"),
    ).toEqual([
      {
        kind: 'related',
        relationship: 'contact_account_parentcustomerid',
        direction: 'toReferenced',
        entity: 'account',
        combinator: 'or',
        children: [
          { kind: 'rule', field: 'name', operator: 'eq', values: ['X'] },
          { kind: 'rule', field: 'revenue', operator: 'gt', values: [5] },
        ],
      },
    ]);
    expect(conds('PROFILE(contact).FILTER(NOT(TRAVERSE(opportunity_contact_parentcontactid)))')).toEqual([
      {
        kind: 'related',
        relationship: 'opportunity_contact_parentcontactid',
        direction: 'toReferencing',
        entity: 'opportunity',
        combinator: 'and',
        not: true,
        children: [],
      },
    ]);
  });
  it('reads HAVING with counts, aggregates and windows', () => {
    const b = block(
      'INTERACTION(WebsiteVisited, WebsiteVisited_ContactLink).HAVING(COUNT() <= 3 && AVG(visitDuration) >= 2.5, UTCYEARS(2))',
    ) as InteractionBlock;
    expect(b.count).toEqual({ op: 'fewerThan', value: 4 });
    expect(b.aggregate).toEqual({ fn: 'avg', field: 'visitDuration', op: 'ge', value: 2.5 });
    expect(b.window).toEqual({ kind: 'last', amount: 2, unit: 'years' });
    expect(
      (block('INTERACTION(WebsiteVisited, WebsiteVisited_ContactLink).HAVING(SUM(visitDuration) > -1)') as InteractionBlock).count,
    ).toEqual({ op: 'atLeast', value: 1 });
  });
  it('resolves SEGMENT names through the caller, quoted or bare', () => {
    expect(block("SEGMENT('VIP')")).toMatchObject({ kind: 'segment', segmentId: 'seg-vip' });
    expect(block('SEGMENT(vip)')).toMatchObject({ kind: 'segment', segmentId: 'seg-vip' });
  });
});

describe('located errors', () => {
  it('point at the line and column of the problem', () => {
    expect(error("PROFILE(contact)\n  .FILTER(fullname == 'a' &&\n    nofield == 'b')")).toEqual({
      line: 3,
      column: 5,
      message: "Unknown field 'nofield' on Contact",
    });
    expect(error("PROFILE(contact).FILTER(fullname == 'abc)")).toEqual({
      line: 1,
      column: 37,
      message: 'Unterminated string: add the closing quote',
    });
    expect(error('SEGMENT(nobody)')).toEqual({ line: 1, column: 9, message: "Unknown segment 'nobody'" });
  });
  it('explain unsupported forms', () => {
    expect(error('PROFILE(contact).FILTER(creditlimit + fullname > 5)')?.message).toMatch(/Arithmetic \(\+\) works on numbers/);
    expect(error('PROFILE(contact).FILTER(creditlimit > birthdate)')?.message).toMatch(/same kind/);
    expect(error('PROFILE(contact).FILTER(fullname > jobtitle)')?.message).toMatch(/== or != only/);
    expect(error("PROFILE(contact).FILTER(favoritepets == 'Cats')")?.message).toMatch(/use favoritepets CONTAINS/);
    expect(error("PROFILE(contact).FILTER(creditlimit == '5')")?.message).toMatch(/compare it with a number/);
    expect(error('PROFILE(contact).FILTER(createdon > DATETIMEUTCNOW())')?.message).toMatch(/DATEADD/);
    expect(error('INTERACTION(EmailOpened, EmailOpenedLeadLink).HAVING(COUNT() > 0)')?.message).toMatch(/EmailOpened_ContactLink/);
    expect(error('INTERACTION(EmailOpened, EmailOpened_ContactLink).HAVING(COUNT() != 2)')?.message).toMatch(/EXCEPT/);
    expect(
      error('INTERACTION(EmailOpened, EmailOpened_ContactLink).FILTER(TRAVERSE(contact_account_parentcustomerid)).HAVING(COUNT() > 0)')
        ?.message,
    ).toMatch(/interaction filter/);
    expect(error('PROFILE(contact) PROFILE(contact)')).toEqual({
      line: 1,
      column: 18,
      message: "Unexpected 'PROFILE': expected UNION, INTERSECT, EXCEPT or the end",
    });
  });
  it('refuses non-segment blocks when a compound definition is asked for', () => {
    const r = parseQueryText('SEGMENT(vip) UNION PROFILE(contact)', catalog, resolve, { kind: 'compound' });
    expect(r).toEqual({ ok: false, errors: [{ line: 1, column: 20, message: expect.stringMatching(/combines existing segments only/) }] });
  });
});

describe('printing', () => {
  const def = (children: ConditionNode[]): DynamicDefinition => ({
    kind: 'dynamic',
    version: 1,
    blocks: [
      { kind: 'profile', id: 'b', combine: 'union', entity: 'contact', root: { kind: 'group', id: 'g', combinator: 'and', children } },
    ],
  });
  it('writes each operator in its query form', () => {
    const text = printDefinition(
      def([
        { kind: 'rule', id: '1', field: 'FULLNAME', operator: 'ne', values: ["O'Brien", 'x'] },
        { kind: 'rule', id: '2', field: 'birthdate', operator: 'ago', amount: 3, unit: 'months' },
        { kind: 'rule', id: '3', field: 'createdon', operator: 'inTheNext', amount: 2, unit: 'years' },
        { kind: 'rule', id: '4', field: 'favoritepets', operator: 'containsNoneOf', values: ['Cats'] },
        {
          kind: 'group',
          id: '5',
          combinator: 'or',
          not: true,
          children: [{ kind: 'rule', id: '6', field: 'jobtitle', operator: 'notContainsData' }],
        },
      ]),
      catalog,
    );
    expect(text).toBe(
      "PROFILE(contact, contact_1).FILTER((contact_1.fullname != 'O''Brien' && contact_1.fullname != 'x') && DATEDIFF(MONTH, contact_1.birthdate, DATETIMEUTCNOW()) == 3 && contact_1.createdon <= DATEADD(YEAR, 2, DATETIMEUTCNOW()) && NOT(contact_1.favoritepets CONTAINS 'Cats') && NOT(ISNULL(contact_1.jobtitle)))",
    );
  });
  it('prints an empty profile block without FILTER and names segments through the callback', () => {
    const d: DynamicDefinition = {
      ...def([]),
      blocks: [...def([]).blocks, { kind: 'segment', id: 's', combine: 'intersect', segmentId: 'seg-vip' }],
    };
    expect(printDefinition(d, catalog, (id) => (id === 'seg-vip' ? 'VIP list' : undefined))).toBe(
      "PROFILE(contact, contact_1)\nINTERSECT SEGMENT('VIP list')",
    );
  });
});

describe('catalog names that are not plain identifiers', () => {
  const odd = {
    entities: [
      {
        name: 'contact',
        label: 'Contact',
        keyField: 'contactid',
        displayField: 'First Name',
        recordCount: 0,
        fields: [
          { name: 'First Name', label: 'First name', type: 'text' as const },
          { name: 'not', label: 'Not', type: 'boolean' as const },
          { name: 'Straße', label: 'Straße', type: 'text' as const },
        ],
      },
      {
        name: 'Event Registration',
        label: 'Event registration',
        keyField: 'id',
        displayField: 'id',
        recordCount: 0,
        fields: [
          { name: 'contact-id', label: 'Contact', type: 'lookup' as const, lookupEntity: 'contact' },
          { name: 'status.code', label: 'Status', type: 'text' as const },
        ],
      },
    ],
    relationships: [
      {
        name: 'event registration_contact_contact-id',
        referencingEntity: 'Event Registration',
        referencedEntity: 'contact',
        lookupField: 'contact-id',
      },
    ],
    interactionTypes: [
      {
        name: 'Email Opened',
        label: 'Email opened',
        count: 0,
        fields: [
          { name: 'date', label: 'Date', type: 'text' as const },
          { name: 'score value', label: 'Score', type: 'integer' as const },
        ],
      },
    ],
  };
  it('prints them in [brackets] and parses them back to the same definition', () => {
    const def: DynamicDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'profile',
          id: 'b',
          combine: 'union',
          entity: 'contact',
          root: {
            kind: 'group',
            id: 'g',
            combinator: 'and',
            children: [
              { kind: 'rule', id: 'r1', field: 'First Name', operator: 'eq', values: ['Ann'] },
              { kind: 'rule', id: 'r2', field: 'not', operator: 'eq', values: [true] },
              { kind: 'rule', id: 'r3', field: 'Straße', operator: 'containsData' },
              {
                kind: 'related',
                id: 'x',
                relationship: 'event registration_contact_contact-id',
                direction: 'toReferencing',
                entity: 'Event Registration',
                combinator: 'and',
                children: [{ kind: 'rule', id: 'r4', field: 'status.code', operator: 'eq', values: ['ok'] }],
              },
            ],
          },
        },
        {
          kind: 'interaction',
          id: 'i',
          combine: 'except',
          interactionType: 'Email Opened',
          filter: {
            kind: 'group',
            id: 'f',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'r5', field: 'date', operator: 'eq', values: ['d'] }],
          },
          count: { op: 'atLeast', value: 2 },
          aggregate: { fn: 'sum', field: 'score value', op: 'gt', value: 1 },
          window: { kind: 'lifetime' },
        },
      ],
    };
    const text = printDefinition(def, odd);
    expect(text).toBe(
      "PROFILE(contact, contact_1).FILTER(contact_1.[First Name] == 'Ann' && contact_1.[not] == True && ISNOTNULL(contact_1.Straße) && TRAVERSE([event registration_contact_contact-id], event_registration_1, FILTER(event_registration_1.[status.code] == 'ok')))\n" +
        "EXCEPT INTERACTION([Email Opened], [Email Opened_ContactLink]).FILTER([date] == 'd').HAVING(COUNT() > 1 && SUM([score value]) > 1)",
    );
    const r = parseQueryText(text, odd, () => undefined);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(printDefinition(r.definition, odd)).toBe(text);
  });
});
