/**
 * Golden tests: the spec's ten acceptance segments (§6, T1–T10), each written as a definition and as
 * query text, evaluated on a hand-made dataset with the checks the spec lists.
 */
import { describe, expect, it } from 'vitest';
import type {
  Block,
  ConditionNode,
  DynamicDefinition,
  GroupNode,
  InteractionBlock,
  RuleOperator,
  SegmentDefinition,
} from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { parseQueryText, printDefinition } from '../../shared/segments/queryText.js';
import { validateDefinition } from '../../shared/segments/validate.js';
import { GoldenCases } from './goldenEngines.js';
import { DAY, dataset, goldenCatalog, interaction, records } from './goldenHelpers.js';

const catalog = goldenCatalog();
const NOW = Date.parse('2026-03-15T19:00:00Z'); // 12:00 in Los Angeles
const ctxUtc = { now: NOW, timeZone: 'UTC' };
let n = 0;
const id = (): string => `t${++n}`;
const and = (...children: ConditionNode[]): GroupNode => ({ kind: 'group', id: id(), combinator: 'and', children });
const or = (...children: ConditionNode[]): GroupNode => ({ kind: 'group', id: id(), combinator: 'or', children });
const rule = (field: string, operator: RuleOperator, values?: (string | number | boolean)[]): ConditionNode => ({
  kind: 'rule',
  id: id(),
  field,
  operator,
  ...(values ? { values } : {}),
});
const profile = (root: GroupNode): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [{ kind: 'profile', id: id(), combine: 'union', entity: 'contact', root }],
});
const dyn = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });
const golden = new GoldenCases();
const members = (def: SegmentDefinition, data: ReturnType<typeof dataset>, ctx = ctxUtc): number[] => {
  golden.record(def, data, ctx);
  return [...evaluateDefinition(def, data, ctx).members].sort((a, b) => a - b);
};
const parse = (text: string, resolve: (s: string) => string | undefined = () => undefined): DynamicDefinition => {
  const r = parseQueryText(text, catalog, resolve);
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.errors)}`);
  if (r.definition.kind !== 'dynamic') throw new Error('expected dynamic');
  return r.definition;
};
const roundTrip = (def: DynamicDefinition, resolve: (s: string) => string | undefined = (s) => s): DynamicDefinition =>
  parse(printDefinition(def, catalog), resolve);

describe('T1 contacts from Atlantis', () => {
  const def = profile(and(rule('address1_city', 'eq', ['Atlantis'])));
  const data = dataset({
    entities: {
      contact: records('contact', [
        { address1_city: 'Atlantis' },
        { address1_city: 'ATLANTIS' },
        { address1_city: null },
        { address1_city: 'Atlantis City' },
      ]),
    },
  });

  it('prints the expected query', () => {
    expect(printDefinition(def, catalog)).toBe("PROFILE(contact, contact_1).FILTER(contact_1.address1_city == 'Atlantis')");
  });
  it('matches case-insensitively and leaves out contacts without a city', () => {
    expect(members(def, data)).toEqual([1, 2]);
    expect(members(parse("PROFILE(contact, contact_1).FILTER(contact_1.address1_city == 'Atlantis')"), data)).toEqual([1, 2]);
  });
  it('matches accent-insensitively too, like D365 (Latin1_General_CI_AI): "ÁTLANTÍS" and "Atlantis" are one city', () => {
    const accented = dataset({
      entities: {
        contact: records('contact', [{ address1_city: 'ÁTLANTÍS' }, { address1_city: 'Atlantïs' }, { address1_city: 'Atlanta' }]),
      },
    });
    expect(members(def, accented)).toEqual([1, 2]);
    expect(members(profile(and(rule('address1_city', 'eq', ['Atlántis']))), data)).toEqual([1, 2]);
  });
});

describe('T2 Seattle or Redmond managers with email who like dogs and cats', () => {
  const def = profile(
    and(
      rule('address1_city', 'eq', ['Seattle', 'Redmond']),
      rule('jobtitle', 'contains', ['manager']),
      rule('emailaddress1', 'containsData'),
      rule('favoritepets', 'containsAllOf', ['Dogs', 'Cats']),
    ),
  );
  const ok = { address1_city: 'Redmond', jobtitle: 'General Manager', emailaddress1: 'a@x.com', favoritepets: '["Cats","Dogs"]' };
  const data = dataset({
    entities: {
      contact: records('contact', [
        ok,
        { ...ok, favoritepets: '["Dogs"]' },
        { ...ok, emailaddress1: null },
        { ...ok, address1_city: 'seattle', favoritepets: '["Birds","Cats","Dogs"]' },
        { ...ok, address1_city: 'Tacoma' },
      ]),
    },
  });
  it('includes General Manager, excludes only-dogs and empty email', () => {
    expect(members(def, data)).toEqual([1, 4]);
  });
  it('means the same after a round trip through query text', () => {
    expect(members(roundTrip(def), data)).toEqual([1, 4]);
  });
});

describe('T3 new contacts in the last 30 days who can be emailed', () => {
  const def = profile(
    and(
      { kind: 'rule', id: id(), field: 'createdon', operator: 'inTheLast', amount: 30, unit: 'days' },
      rule('donotbulkemail', 'eq', [false]),
    ),
  );
  const la = { now: NOW, timeZone: 'America/Los_Angeles' };
  // Local day −30 in Los Angeles is 2026-02-13.
  const data = dataset({
    entities: {
      contact: records('contact', [
        { createdon: Date.parse('2026-02-14T07:30:00Z'), donotbulkemail: 0 }, // 23:30 local on day −30
        { createdon: Date.parse('2026-02-13T07:30:00Z'), donotbulkemail: 0 }, // 23:30 local on day −31
        { createdon: Date.parse('2026-03-10T07:30:00Z'), donotbulkemail: 1 },
        { createdon: Date.parse('2026-03-10T07:30:00Z'), donotbulkemail: null },
      ]),
    },
  });
  it('prints the expected query', () => {
    expect(printDefinition(def, catalog)).toBe(
      'PROFILE(contact, contact_1).FILTER(contact_1.createdon >= DATEADD(DAY, -30, DATETIMEUTCNOW()) && contact_1.donotbulkemail == False)',
    );
  });
  it('counts days in the segment time zone: 23:30 local on day −30 is in, day −31 is out (but in under UTC)', () => {
    expect(members(def, data, la)).toEqual([1]);
    expect(members(def, data, ctxUtc)).toEqual([1, 2]);
    expect(
      members(
        parse('PROFILE(contact, c).FILTER(c.createdon >= DATEADD(DAY, -30, DATETIMEUTCNOW()) && c.donotbulkemail == False)'),
        data,
        la,
      ),
    ).toEqual([1]);
  });
  it('drops the contact a day later without any edit', () => {
    expect(members(def, data, { ...la, now: NOW + DAY })).toEqual([]);
  });
});

describe('T4 purchasers at preferred finance or accounting accounts', () => {
  const related: ConditionNode = {
    kind: 'related',
    id: id(),
    relationship: 'contact_account_parentcustomerid',
    direction: 'toReferenced',
    entity: 'account',
    combinator: 'and',
    children: [
      or(rule('industrycode', 'eq', ['Financial']), rule('industrycode', 'eq', ['Accounting'])),
      rule('accountcategorycode', 'eq', ['Preferred Customer']),
    ],
  };
  const def = profile(and(rule('jobtitle', 'eq', ['Purchaser']), related));
  const data = dataset({
    entities: {
      account: records('account', [
        { industrycode: 'Financial', accountcategorycode: 'Preferred Customer' },
        { industrycode: 'Accounting', accountcategorycode: 'Standard' },
        { industrycode: 'Retail', accountcategorycode: 'Preferred Customer' },
        { industrycode: 'Accounting', accountcategorycode: 'Preferred Customer' },
      ]),
      contact: records('contact', [
        { jobtitle: 'Purchaser', parentcustomerid: 1 },
        { jobtitle: 'Purchaser', parentcustomerid: 2 },
        { jobtitle: 'Purchaser', parentcustomerid: 3 },
        { jobtitle: 'purchaser', parentcustomerid: 4 },
        { jobtitle: 'Buyer', parentcustomerid: 1 },
        { jobtitle: 'Purchaser', parentcustomerid: null },
      ]),
    },
  });
  it('needs both account conditions on the same account', () => {
    expect(members(def, data)).toEqual([1, 4]);
    expect(members(roundTrip(def), data)).toEqual([1, 4]);
  });
});

describe('T5 contacts with large opportunities', () => {
  const big = (children: ConditionNode[]): ConditionNode => ({
    kind: 'related',
    id: id(),
    relationship: 'opportunity_contact_parentcontactid',
    direction: 'toReferencing',
    entity: 'opportunity',
    combinator: 'and',
    children,
  });
  const def = profile(and(big([rule('estimatedvalue', 'ge', [100000])])));
  const data = dataset({
    entities: {
      contact: records('contact', [{}, {}, {}, {}]),
      opportunity: records('opportunity', [
        { parentcontactid: 1, estimatedvalue: 150000, statecode: 'Lost' },
        { parentcontactid: 1, estimatedvalue: 20000, statecode: 'Won' },
        { parentcontactid: 2, estimatedvalue: 99999.99 },
        { parentcontactid: 4, estimatedvalue: 100000, statecode: 'Won' },
      ]),
    },
  });
  it('lists a contact with a 150k and a 20k opportunity once and leaves out 99,999.99', () => {
    const r = evaluateDefinition(def, data, ctxUtc);
    expect([...r.members].sort()).toEqual([1, 4]);
    expect(r.blockCounts).toEqual([2]);
    expect(members(roundTrip(def), data)).toEqual([1, 4]);
  });
  it('applies all rows of the related group to the same opportunity', () => {
    expect(members(profile(and(big([rule('estimatedvalue', 'ge', [100000]), rule('statecode', 'eq', ['Won'])]))), data)).toEqual([4]);
  });
  it('becomes invalid when the opportunity entity is no longer in the catalog', () => {
    const without = {
      ...catalog,
      entities: catalog.entities.filter((e) => e.name !== 'opportunity'),
      relationships: catalog.relationships.filter((r) => !r.name.startsWith('opportunity')),
    };
    const issues = validateDefinition(def, without);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/Unknown relationship 'opportunity_contact_parentcontactid'/);
  });
});

describe('T6 clicked a Spring Launch journey email in the last 45 days', () => {
  const journey = 'journey-spring';
  const def = dyn({
    kind: 'interaction',
    id: id(),
    combine: 'union',
    interactionType: 'EmailClicked',
    filter: and(rule('customerJourneyId', 'eq', [journey])),
    count: { op: 'atLeast', value: 1 },
    window: { kind: 'last', amount: 45, unit: 'days' },
  });
  const data = dataset({
    entities: { contact: records('contact', [{}, {}, {}, {}]) },
    interactions: [
      interaction('EmailClicked', 1, NOW - 10 * DAY, { customerJourneyId: journey }),
      interaction('EmailClicked', 2, NOW - 46 * DAY, { customerJourneyId: journey }),
      interaction('EmailClicked', 3, NOW - 5 * DAY, { customerJourneyId: 'journey-autumn' }),
      interaction('EmailClicked', 4, NOW - 45 * DAY, { customerJourneyId: journey }),
    ],
  });
  it('prints the expected query', () => {
    expect(printDefinition(def, catalog)).toBe(
      `INTERACTION(EmailClicked, EmailClicked_ContactLink).FILTER(customerJourneyId == '${journey}').HAVING(COUNT() > 0, UTCDAYS(45))`,
    );
  });
  it('ignores a click 46 days ago and clicks from another journey', () => {
    expect(members(def, data)).toEqual([1, 4]);
    expect(
      members(
        parse(
          `INTERACTION(EmailClicked, EmailClicked_ContactLink).FILTER(CustomerJourneyId == '${journey}').HAVING(COUNT() > 0, UTCDAYS(45))`,
        ),
        data,
      ),
    ).toEqual([1, 4]);
  });
  it('refuses a CONTAINS restriction inside the block', () => {
    const bad = dyn({
      ...(def.blocks[0] as InteractionBlock),
      filter: and({ kind: 'rule', id: 'bad', field: 'customerJourneyId', operator: 'contains', values: ['spring'] }),
    });
    expect(validateDefinition(bad, catalog)).toEqual([
      expect.objectContaining({ nodeId: 'bad', message: expect.stringMatching(/cannot be used in an interaction filter/) }),
    ]);
    const r = parseQueryText(
      "INTERACTION(EmailClicked, EmailClicked_ContactLink).FILTER(CustomerJourneyId CONTAINS 'spring').HAVING(COUNT() > 0)",
      catalog,
      () => undefined,
    );
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 1, column: 60, message: expect.stringMatching(/cannot be used in an interaction filter/) }],
    });
  });
});

describe('T7 chronic soft bouncers', () => {
  const block = (count: { op: 'moreThan' | 'atLeast'; value: number }): DynamicDefinition =>
    dyn({
      kind: 'interaction',
      id: id(),
      combine: 'union',
      interactionType: 'EmailSoftBounced',
      count,
      window: { kind: 'last', amount: 1, unit: 'months' },
    });
  const bounces = (rid: number, k: number) =>
    Array.from({ length: k }, (_, i) => interaction('EmailSoftBounced', rid, NOW - (i + 1) * DAY));
  const data = dataset({
    entities: { contact: records('contact', [{}, {}]) },
    interactions: [...bounces(1, 10), ...bounces(2, 11), interaction('EmailSoftBounced', 1, NOW - 40 * DAY)],
  });
  it('excludes exactly 10 bounces in the last month and includes 11', () => {
    expect(members(block({ op: 'moreThan', value: 10 }), data)).toEqual([2]);
    expect(members(parse('INTERACTION(EmailSoftBounced, EmailSoftBounced_ContactLink).HAVING(COUNT() > 10, UTCMONTHS(1))'), data)).toEqual([
      2,
    ]);
  });
  it('prints "at least 11" as > 10, never >= 11', () => {
    const text = printDefinition(block({ op: 'atLeast', value: 11 }), catalog);
    expect(text).toBe('INTERACTION(EmailSoftBounced, EmailSoftBounced_ContactLink).HAVING(COUNT() > 10, UTCMONTHS(1))');
    expect(text).not.toContain('>=');
  });
});

describe('T8 VIP static list, add by query', () => {
  it('the add-by-query finds the Contoso contacts by the account key', () => {
    const data = dataset({
      entities: {
        account: records('account', [
          { key: 'contoso-guid', name: 'Contoso' },
          { key: 'fabrikam-guid', name: 'Fabrikam' },
        ]),
        contact: records(
          'contact',
          [1, 1, 1, 1, 1, 2, 2, null].map((a) => ({ parentcustomerid: a })),
        ),
      },
    });
    expect(members(parse("PROFILE(contact, c).FILTER(c.parentcustomerid == 'contoso-guid')"), data)).toEqual([1, 2, 3, 4, 5]);
  });
  it('a static segment has no query to evaluate', () => {
    expect(() => evaluateDefinition({ kind: 'static', version: 1 }, dataset({}), ctxUtc)).toThrow(/static segment has no query/);
  });
});

describe('T9 US event audience without opt-outs (compound, left to right)', () => {
  const segs = { S1: [1, 2, 3], S2: [4, 5], S3: [2, 3, 4, 6], S4: [3] };
  const data = dataset({ entities: { contact: records('contact', [{}, {}, {}, {}, {}, {}]) }, segmentMembers: segs });
  const resolve = (s: string): string | undefined => (['S1', 'S2', 'S3', 'S4', 'S5'].includes(s) ? s : undefined);
  it('evaluates S1 ∪ S2 ∩ S3 \\ S4 as ((S1 ∪ S2) ∩ S3) \\ S4', () => {
    const r = parseQueryText('SEGMENT(S1) UNION SEGMENT(S2) INTERSECT SEGMENT(S3) EXCEPT SEGMENT(S4)', catalog, resolve, {
      kind: 'compound',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.definition.kind).toBe('compound');
    const res = evaluateDefinition(r.definition, data, ctxUtc);
    expect([...res.members].sort()).toEqual([2, 4]); // non-US S1 member 1 is out
    expect(res.blockCounts).toEqual([3, 5, 3, 2]);
    // S1 ∪ (S2 ∩ S3) would be {1, 2, 3, 4}: the order matters.
    expect([...res.members].sort()).not.toEqual([1, 2, 3, 4]);
  });
  it('refuses a draft segment and a precedence the blocks cannot express', () => {
    const lookup = (s: string) =>
      s === 'S5'
        ? { status: 'draft' as const, type: 'dynamic' as const, references: [] }
        : { status: 'live' as const, type: 'static' as const, references: [] };
    const draft = parseQueryText('SEGMENT(S1) UNION SEGMENT(S5)', catalog, resolve, { kind: 'compound', segmentLookup: lookup });
    expect(draft).toEqual({ ok: false, errors: [{ line: 1, column: 19, message: expect.stringMatching(/"S5" is not live/) }] });
    const nested = parseQueryText('SEGMENT(S1) UNION (SEGMENT(S2) INTERSECT SEGMENT(S3))', catalog, resolve);
    expect(nested).toEqual({ ok: false, errors: [{ line: 1, column: 13, message: expect.stringMatching(/strictly left to right/) }] });
  });
});

describe('T10 opened the March newsletter but never clicked it', () => {
  const block = (type: string, combine: 'union' | 'except'): InteractionBlock => ({
    kind: 'interaction',
    id: id(),
    combine,
    interactionType: type,
    filter: and(rule('messageId', 'eq', ['march'])),
    count: { op: 'atLeast', value: 1 },
    window: { kind: 'lifetime' },
  });
  const def = dyn(block('EmailOpened', 'union'), block('EmailClicked', 'except'));
  const data = dataset({
    entities: { contact: records('contact', [{}, {}, {}, {}]) },
    interactions: [
      interaction('EmailOpened', 1, NOW - DAY, { messageId: 'march' }),
      interaction('EmailOpened', 2, NOW - DAY, { messageId: 'march' }),
      interaction('EmailClicked', 2, NOW - DAY, { messageId: 'march' }),
      interaction('EmailOpened', 4, NOW - DAY, { messageId: 'april' }),
    ],
  });
  it('keeps openers who did not click; excludes clickers and contacts who never got it', () => {
    expect(members(def, data)).toEqual([1]);
    expect(members(roundTrip(def), data)).toEqual([1]);
  });
  it('rejects COUNT() == 0 with a message that points to EXCEPT', () => {
    const r = parseQueryText('INTERACTION(EmailClicked, EmailClicked_ContactLink).HAVING(COUNT() == 0)', catalog, () => undefined);
    expect(r).toEqual({ ok: false, errors: [{ line: 1, column: 71, message: expect.stringMatching(/EXCEPT/) }] });
    const zero = dyn({ ...block('EmailClicked', 'union'), count: { op: 'exactly', value: 0 } });
    expect(validateDefinition(zero, catalog)[0]?.message).toMatch(/use all contacts EXCEPT/);
  });
});

// Last in the file: every case above, through the printed SQL, on the real engines.
describe('every golden case above on PostgreSQL and DuckDB (segment-studio sql output)', () => {
  it('returns the reference members on both engines', async () => {
    expect(golden.cases.length).toBeGreaterThan(20);
    expect(await golden.checkOnEngines()).toEqual({ postgres: golden.cases.length, duckdb: golden.cases.length });
  }, 240_000);
});
