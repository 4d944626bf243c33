import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import type { ApiError } from '../../../shared/api/result.js';
import type { DynamicDefinition } from '../../../shared/segments/ast.js';
import { BUILT_IN_TEMPLATES } from '../../../shared/segments/templateLibrary.js';
import { makeParameter } from '../../../shared/segments/templates.js';
import { generateDemo } from '../demo/generate.js';
import { createBackend, type Backend } from '../index.js';

const NOW = Date.UTC(2026, 5, 15, 12);
let demo: Backend;
let empty: Backend;

async function call<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}
async function failure<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<ApiError> {
  const r = await b.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

beforeAll(async () => {
  demo = await createBackend({ dbPath: ':memory:', host: 'test', now: () => NOW });
  generateDemo(demo.db, { contacts: 400, accounts: 40, interactions: 4000, endMs: NOW });
  empty = await createBackend({ dbPath: ':memory:', host: 'test', now: () => NOW });
});
afterAll(async () => {
  await demo.close();
  await empty.close();
});

const cityRule = (): DynamicDefinition => ({
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
        id: 'g1',
        combinator: 'and',
        children: [
          { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
          {
            kind: 'related',
            id: 'acct',
            relationship: 'contact_account_parentcustomerid',
            direction: 'toReferenced',
            entity: 'account',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'r2', field: 'numberofemployees', operator: 'gt', values: [50] }],
          },
        ],
      },
    },
  ],
});

describe('templates.list', () => {
  it('offers every built-in template as available against the demo catalog, with readable lines and parameters', async () => {
    const list = await call(demo, 'templates.list', { activeOnly: true });
    expect(list.map((t) => t.id)).toEqual(BUILT_IN_TEMPLATES.map((t) => t.id));
    for (const t of list) expect([t.id, t.unavailableReason]).toEqual([t.id, null]);
    const city = list.find((t) => t.id === 'builtin:high-value-city');
    expect(city?.lines.map((l) => l.text)).toEqual([
      'Contacts where all of:',
      'City equals ‹Which city? (e.g. Seattle)›',
      'Lifetime Value greater than ‹Lifetime value above … (e.g. 1000)›',
    ]);
    const industry = list.find((t) => t.id === 'builtin:account-industry');
    expect(industry?.parameters).toEqual([{ nodeId: 'industry', label: 'Account: Industry', help: 'Which industry? (e.g. Retail)' }]);
  });

  it('marks a built-in unavailable, naming what is missing, when the open catalog lacks it', async () => {
    const list = await call(empty, 'templates.list', {});
    expect(list.every((t) => !t.available)).toBe(true);
    const reason = (id: string): string | null | undefined => list.find((t) => t.id === id)?.unavailableReason;
    expect(reason('builtin:re-engagement')).toBe("Needs the interaction type 'EmailSent', which this database does not have.");
    expect(reason('builtin:new-this-month')).toBe("Does not fit this database: Unknown field 'createdon' on Contact.");
  });
});

describe('save as template, then use it', () => {
  it('stores a definition with a parameter row on a related entity field, and refuses bad input changing nothing', async () => {
    const def = makeParameter(cityRule(), 'r2', 'At least how many employees?');
    const created = await call(demo, 'templates.create', {
      name: 'Big-company contacts in Seattle',
      description: 'Seattle contacts at larger companies',
      labels: ['B2B', ' b2b ', 'Location'],
      definition: def,
    });
    expect(created).toMatchObject({ builtIn: false, active: true, labels: ['B2B', 'Location'], available: true });
    expect(created.parameters).toEqual([{ nodeId: 'r2', label: 'Account: Employees', help: 'At least how many employees?' }]);

    const dup = await failure(demo, 'templates.create', { name: 'big-company CONTACTS in seattle', definition: def });
    expect(dup.code).toBe('conflict');
    const bad = structuredClone(def);
    const rule = bad.blocks[0]?.kind === 'profile' ? bad.blocks[0].root.children[0] : undefined;
    if (rule?.kind === 'rule') rule.field = 'shoe_size';
    const invalid = await failure(demo, 'templates.create', { name: 'Broken', definition: bad });
    expect(invalid.code).toBe('validation_failed');
    expect(invalid.issues?.[0]).toMatchObject({ nodeId: 'r1', message: "Unknown field 'shoe_size' on Contact" });
    const emptyHelp = await failure(demo, 'templates.create', {
      name: 'No help',
      definition: JSON.parse(JSON.stringify(def).replace('At least how many employees?', '  ')) as DynamicDefinition,
    });
    expect(emptyHelp.code).toBe('invalid_input');
    expect((await call(demo, 'templates.list', {})).filter((t) => !t.builtIn).map((t) => t.name)).toEqual([
      'Big-company contacts in Seattle',
    ]);

    const off = await call(demo, 'templates.update', { id: created.id, active: false });
    expect(off.active).toBe(false);
    expect((await call(demo, 'templates.list', { activeOnly: true })).some((t) => t.id === created.id)).toBe(false);
    expect((await failure(demo, 'templates.delete', { id: 'builtin:re-engagement' })).code).toBe('invalid_state');
    expect(await call(demo, 'templates.delete', { id: created.id })).toEqual({ id: created.id });
    expect((await failure(demo, 'templates.get', { id: created.id })).code).toBe('not_found');
  });

  it('a segment from a template cannot be estimated or go live until each parameter row is filled', async () => {
    const seg = await call(demo, 'templates.instantiate', { id: 'builtin:high-value-city', name: 'VIPs in Seattle' });
    expect(seg.status).toBe('draft');
    const def = seg.definition as DynamicDefinition;
    const est = await failure(demo, 'segments.estimate', { definition: def });
    expect(est.code).toBe('validation_failed');
    expect(est.issues?.map((i) => i.message)).toEqual([
      "Fill in the parameter row 'City': Which city? (e.g. Seattle)",
      "Fill in the parameter row 'Lifetime Value': Lifetime value above … (e.g. 1000)",
    ]);
    const live = await failure(demo, 'segments.goLive', { id: seg.id });
    expect(live.code).toBe('validation_failed');

    const filled = JSON.parse(JSON.stringify(def)) as DynamicDefinition;
    const block = filled.blocks[0];
    if (block?.kind !== 'profile') throw new Error('profile block expected');
    block.root.children = block.root.children.map((c) =>
      c.kind === 'rule' ? { ...c, values: c.field === 'address1_city' ? ['Seattle'] : [1000] } : c,
    );
    const estimate = await call(demo, 'segments.estimate', { definition: filled });
    const plain = await call(demo, 'segments.estimate', {
      definition: {
        kind: 'dynamic',
        version: 1,
        blocks: [
          {
            ...block,
            root: {
              ...block.root,
              children: [
                { kind: 'rule', id: 'a', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
                { kind: 'rule', id: 'b', field: 'lifetimevalue', operator: 'gt', values: [1000] },
              ],
            },
          },
        ],
      },
    });
    expect(estimate.total).toBe(plain.total);
    expect(estimate.total).toBeGreaterThan(0);
  });

  it('a time-window parameter blocks the estimate until the window is set', async () => {
    const seg = await call(demo, 'templates.instantiate', { id: 'builtin:re-engagement', name: 'Win-back' });
    const err = await failure(demo, 'segments.estimate', { definition: seg.definition });
    expect(err.issues?.map((i) => i.message)).toEqual([
      "Fill in the time window of the 'Email Opened' block: How many days without an opened e-mail? (e.g. 90)",
    ]);
  });

  it('refuses to instantiate an unavailable template, saying why', async () => {
    const err = await failure(empty, 'templates.instantiate', { id: 'builtin:new-this-month', name: 'New' });
    expect(err).toMatchObject({ code: 'invalid_state' });
    expect(err.message).toContain("Unknown field 'createdon' on Contact");
    expect(await call(empty, 'segments.list', {})).toEqual([]);
  });
});
