/**
 * Golden tests: every query of the spec's §4 (real stored queries and the paraphrased examples) and
 * the documented quirks, parsed and evaluated on a hand-made dataset.
 */
import { describe, expect, it } from 'vitest';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { parseQueryText, printDefinition, type ParseResult } from '../../shared/segments/queryText.js';
import { GoldenCases } from './goldenEngines.js';
import { DAY, dataset, goldenCatalog, interaction, records } from './goldenHelpers.js';

const catalog = goldenCatalog();
const NOW = Date.parse('2026-03-15T12:00:00Z');
const ctx = { now: NOW, timeZone: 'UTC' };
const SEGMENTS: Record<string, string> = {
  segment1: 'id-1',
  segment2: 'id-2',
  AllContacts: 'id-all',
  Clicked: 'id-clicked',
  A: 'id-a',
  B: 'id-b',
  C: 'id-c',
  SEGMENT_CRM_ID_0f8fad5bd9cb469fa16570867728950e: 'id-crm',
};
const resolve = (s: string): string | undefined => SEGMENTS[s] ?? (Object.values(SEGMENTS).includes(s) ? s : undefined);

const data = dataset({
  entities: {
    account: records('account', [
      { key: 'acc-guid', accountid: 'acc-guid', name: 'Contoso' },
      { key: 'other', accountid: 'other', name: 'Fabrikam' },
    ]),
    contact: records('contact', [
      { address1_city: 'NewYork', emailaddress1: 'a@x', fullname: 'A', parentcustomerid: 1 },
      { address1_city: 'newjersey', emailaddress1: null, fullname: 'B', parentcustomerid: 1 },
      { address1_city: 'Boston', emailaddress1: 'c@x', fullname: null, parentcustomerid: 2 },
      { address1_city: null, emailaddress1: 'd@x', fullname: 'D', parentcustomerid: null },
    ]),
    event: records('event', [
      { name: 'Spring Run', primarycontactid: 1 },
      { name: 'Running club', primarycontactid: 2 },
      { name: 'Expo', primarycontactid: 3 },
    ]),
    creditcard: records('creditcard', [
      { expirationdate: '2026-03-01', contactid: 1 },
      { expirationdate: '2026-01-01', contactid: 2 },
      { expirationdate: '2026-05-01', contactid: 3 },
    ]),
  },
  interactions: [
    ...Array.from({ length: 11 }, (_, i) => interaction('EmailSoftBounced', 1, NOW - (i + 1) * DAY)),
    ...Array.from({ length: 10 }, (_, i) => interaction('EmailSoftBounced', 2, NOW - (i + 1) * DAY)),
    interaction('RedirectLinkClicked', 1, NOW - 2 * DAY, { EmailId: '12345' }),
    interaction('RedirectLinkClicked', 2, NOW - 8 * DAY, { EmailId: '12345' }),
    interaction('RedirectLinkClicked', 3, NOW - 2 * DAY, { EmailId: '999' }),
  ],
  segmentMembers: { 'id-1': [1], 'id-2': [2, 3], 'id-all': [1, 2, 3, 4], 'id-a': [1, 2, 3], 'id-b': [2, 3, 4], 'id-c': [3], 'id-crm': [4] },
});

function ok(r: ParseResult): SegmentDefinition {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}
const golden = new GoldenCases();
const run = (text: string, d = data): number[] => {
  const def = ok(parseQueryText(text, catalog, resolve));
  golden.record(def, d, ctx);
  return [...evaluateDefinition(def, d, ctx).members].sort((a, b) => a - b);
};
const errorOf = (text: string) => {
  const r = parseQueryText(text, catalog, resolve);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.errors[0];
};

describe('real queries as the service stores them', () => {
  it('city equals NewYork or NewJersey (one rule with two values)', () => {
    const text = "PROFILE(contact).FILTER((address1_city == 'NewYork' || address1_city == 'NewJersey'))";
    expect(run(text)).toEqual([1, 2]);
    const def = ok(parseQueryText(text, catalog, resolve));
    expect(def.kind === 'dynamic' && def.blocks[0]?.kind === 'profile' && def.blocks[0].root.children).toEqual([
      expect.objectContaining({ kind: 'rule', field: 'address1_city', operator: 'eq', values: ['NewYork', 'NewJersey'] }),
    ]);
  });
  it('email and full name contain data, with an alias', () => {
    expect(run('PROFILE(contact, contact_1).FILTER(ISNOTNULL(contact_1.emailaddress1) && ISNOTNULL(contact_1.fullname))')).toEqual([1, 4]);
  });
  it('starts at an account and traverses to its contacts', () => {
    const text =
      "PROFILE(account, account_1).FILTER(account_1.accountid == 'acc-guid')\n   .TRAVERSE(contact_account_parentcustomerid, contact_1).FILTER(ISNOTNULL(contact_1.emailaddress1))";
    expect(run(text)).toEqual([1]);
  });
  it('compound SEGMENT(segment1) UNION SEGMENT(segment2)', () => {
    expect(run('SEGMENT(segment1) UNION SEGMENT(segment2)')).toEqual([1, 2, 3]);
  });
  it('member paging is refused with its location; the segment part alone parses', () => {
    const text = '(SEGMENT(SEGMENT_CRM_ID_0f8fad5bd9cb469fa16570867728950e)).ORDERBY(fullname ASC).SKIP(0).TAKE(15).SELECT(contactid)';
    expect(errorOf(text)).toEqual({ line: 1, column: 60, message: expect.stringMatching(/not part of a segment definition/) });
    expect(run('(SEGMENT(SEGMENT_CRM_ID_0f8fad5bd9cb469fa16570867728950e))')).toEqual([4]);
  });
});

describe('examples paraphrased from the definition page', () => {
  it('soft-bounced more than 10 times in the last month', () => {
    expect(run('INTERACTION(EmailSoftBounced, EmailSoftBounced_ContactLink).HAVING(COUNT() > 10, UTCMONTHS(1))')).toEqual([1]);
  });
  it('did not click email 12345 in the last week: AllContacts EXCEPT Clicked', () => {
    const clicked = run(
      "INTERACTION(RedirectLinkClicked, RedirectLinkClicked_ContactLink).FILTER(EmailId == '12345').HAVING(COUNT() > 0, UTCDAYS(7))",
    );
    expect(clicked).toEqual([1]);
    const d = { ...data, segmentMembers: { ...data.segmentMembers, 'id-clicked': clicked } };
    expect(run('SEGMENT(AllContacts) EXCEPT SEGMENT(Clicked)', d)).toEqual([2, 3, 4]);
  });
  it('events whose name contains or ends with "run" must traverse to contacts', () => {
    expect(errorOf("PROFILE(Event).FILTER(Name CONTAINS 'run')")).toEqual({
      line: 1,
      column: 1,
      message: expect.stringMatching(/must \.TRAVERSE\(…\) to contact/),
    });
    expect(run("PROFILE(Event).FILTER(Name CONTAINS 'run').TRAVERSE(event_contact_primarycontactid)")).toEqual([1, 2]);
    expect(run("PROFILE(Event).FILTER(Name ENDSWITH 'run').TRAVERSE(event_contact_primarycontactid)")).toEqual([1]);
  });
  it('contacts with no address: an unknown profile type is refused, the contact form works', () => {
    expect(errorOf('PROFILE(Customer).FILTER(ISNULL(Address))')).toEqual({ line: 1, column: 9, message: "Unknown entity 'Customer'" });
    expect(run('PROFILE(contact).FILTER(ISNULL(address1_city))')).toEqual([4]);
  });
  it('card expiring: DATEDIFF(day, f, now) < 30 reads as "in the last 29 days"', () => {
    const text = 'PROFILE(CreditCard).FILTER(DATEDIFF(day, ExpirationDate, DATETIMEUTCNOW()) < 30).TRAVERSE(HavingCreditCard)';
    expect(run(text)).toEqual([1]);
  });
  it('three segments combine in order: (A ∩ B) \\ C', () => {
    expect(run('SEGMENT(A) INTERSECT SEGMENT(B) EXCEPT SEGMENT(C)')).toEqual([2]);
  });
});

describe('documented quirks are tolerated', () => {
  it('OR as well as ||, and DateTimeNowUtc()', () => {
    expect(run("PROFILE(contact).FILTER(address1_city == 'Boston' OR address1_city == 'NEWYORK')")).toEqual([1, 3]);
    const c = {
      ...data,
      entities: { ...data.entities, contact: records('contact', [{ createdon: NOW - 2 * DAY }, { createdon: NOW - 20 * DAY }]) },
    };
    expect(run('PROFILE(contact).FILTER(createdon >= DATEADD(DAY, -7, DateTimeNowUtc()))', c)).toEqual([1]);
  });
  it('HAVING before FILTER', () => {
    expect(run("INTERACTION(RedirectLinkClicked, RedirectLinkClicked_ContactLink).HAVING(COUNT() > 0).FILTER(EmailId == '12345')")).toEqual(
      [1, 2],
    );
  });
  it('missing or extra parentheses at the very end', () => {
    expect(run("PROFILE(contact).FILTER((address1_city == 'Boston' || address1_city == 'NewYork')")).toEqual([1, 3]);
    expect(run("PROFILE(contact).FILTER(address1_city == 'Boston'))")).toEqual([3]);
  });
  it('SEGMENT(a).UNION(b) chaining and MINUS', () => {
    expect(run('SEGMENT(segment1).UNION(segment2)')).toEqual([1, 2, 3]);
    expect(run('SEGMENT(A).UNION(SEGMENT(C)) MINUS SEGMENT(segment1)')).toEqual([2, 3]);
  });
  it('keywords and identifiers in any case', () => {
    expect(run("profile(CONTACT, C).filter(c.Address1_City == 'boston')")).toEqual([3]);
  });
  it('A EXCEPT (B UNION C) is flattened to A EXCEPT B EXCEPT C', () => {
    expect(run('SEGMENT(AllContacts) EXCEPT (SEGMENT(segment1) UNION SEGMENT(segment2))')).toEqual([4]);
    const def = ok(parseQueryText('SEGMENT(AllContacts) EXCEPT (SEGMENT(segment1) UNION SEGMENT(segment2))', catalog, resolve));
    expect(printDefinition(def, catalog, (sid) => Object.keys(SEGMENTS).find((k) => SEGMENTS[k] === sid))).toBe(
      'SEGMENT(AllContacts)\nEXCEPT SEGMENT(segment1)\nEXCEPT SEGMENT(segment2)',
    );
  });
});

describe('parenthesised set operations', () => {
  it('flattens the regroupings that keep the meaning and refuses the others with their location', () => {
    // A = {1,2,3}, B = {2,3,4}, C = {3}
    expect(run('SEGMENT(A) INTERSECT (SEGMENT(B) EXCEPT SEGMENT(C))')).toEqual([2]);
    expect(run('SEGMENT(A) UNION (SEGMENT(B) UNION SEGMENT(C))')).toEqual([1, 2, 3, 4]);
    expect(run('(SEGMENT(A) EXCEPT SEGMENT(C)) INTERSECT SEGMENT(B)')).toEqual([2]);
    expect(errorOf('SEGMENT(A)\nEXCEPT (SEGMENT(B) INTERSECT SEGMENT(C))')).toEqual({
      line: 2,
      column: 1,
      message: expect.stringMatching(/strictly left to right/),
    });
    expect(errorOf('SEGMENT(A) UNION (SEGMENT(B) EXCEPT SEGMENT(C))')?.column).toBe(12);
  });
});

// Last in the file: every query above, through the printed SQL, on the real engines.
describe('every golden query above on PostgreSQL and DuckDB (segment-studio sql output)', () => {
  it('returns the reference members on both engines', async () => {
    expect(golden.cases.length).toBeGreaterThan(20);
    expect(await golden.checkOnEngines()).toEqual({ postgres: golden.cases.length, duckdb: golden.cases.length });
  }, 240_000);
});
