/**
 * Golden differential cases at the documented limits (docs/limits.md): the most conditions, the most
 * values, the deepest nesting and the most blocks a definition may have, written as query text, parsed
 * and validated, then evaluated by the reference evaluator, the compiled SQL (both interaction
 * strategies, and per-block step counts) and the columnar engine, which must all agree. Before issue 13
 * the SQL of 1,000+ conditions hit SQLite's "Expression tree is too large" and long value lists
 * "too many SQL variables"; here every engine has to answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { Dataset, EvalContext } from '../../shared/segments/dataset.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import {
  MAX_BLOCKS,
  MAX_CONDITION_DEPTH,
  MAX_CONDITIONS,
  MAX_VALUES_PER_CONDITION,
  MAX_VALUES_PER_DEFINITION,
} from '../../shared/segments/limits.js';
import { parseQueryText } from '../../shared/segments/queryText.js';
import { compileBlocks, compileDefinition } from '../../electron/backend/segments/compile.js';
import { runStepCounts } from '../../electron/backend/evaluator/steps.js';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { ColumnarEngine } from '../../electron/backend/evaluator/columnar/engine.js';
import { evaluateColumnar } from '../../electron/backend/evaluator/columnar/evaluateColumnar.js';
import { bitsToArray } from '../../electron/backend/evaluator/columnar/bitset.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { dataset, DAY, interaction, records } from './goldenHelpers.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from './differentialStore.js';

const catalog = fixtureCatalog();
const NOW = Date.parse('2026-03-15T12:00:00Z');
const ctx: EvalContext = { now: NOW, timeZone: 'Europe/Berlin' };
const CONTACTS = 400;

/** A small deterministic generator (mulberry32) so the dataset is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeDataset(): Dataset {
  const r = prng(13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const maybe = <T>(v: T): T | null => (r() < 0.15 ? null : v);
  const int = (n: number): number => Math.floor(r() * n);
  const day = (): string => new Date(Date.UTC(1950, 0, 1) + int(75 * 365) * DAY).toISOString().slice(0, 10);
  const contacts = records(
    'contact',
    Array.from({ length: CONTACTS }, (_, i) => ({
      key: `c${i}`,
      fullname: maybe(`n${int(1500)}`),
      address1_city: maybe(pick(['Seattle', 'Berlin', 'Zürich', 'İstanbul', 'straße', '😀town'])),
      jobtitle: maybe(`j${int(1500)}`),
      emailaddress1: maybe(`m${int(3000)}@x${int(20)}.test`),
      numberofchildren: maybe(int(1200)),
      creditlimit: maybe(int(2_000_000) / 4),
      birthdate: maybe(day()),
      createdon: maybe(NOW - int(4000) * DAY),
      donotbulkemail: maybe(int(2)),
      parentcustomerid: maybe(1 + int(60)),
    })),
  );
  const accounts = records(
    'account',
    Array.from({ length: 60 }, (_, i) => ({
      key: `acc${i}`,
      name: maybe(`a${int(200)}`),
      revenue: maybe(int(5000)),
      primarycontactid: maybe(1 + int(CONTACTS)),
    })),
  );
  const interactions = Array.from({ length: 1500 }, () =>
    interaction('EmailClicked', 1 + int(CONTACTS), NOW - int(900) * DAY, {
      messageId: `msg${int(400)}`,
      linkId: int(50),
    }),
  );
  return dataset({
    catalog,
    entities: { contact: contacts, account: accounts },
    interactions,
  });
}

const n = (k: number, f: (i: number) => string): string[] => Array.from({ length: k }, (_, i) => f(i));
const P = (cond: string): string => `PROFILE(contact).FILTER(${cond})`;

/** Rules per kind, to prove each case really sits at the limit. */
function countRules(def: SegmentDefinition): {
  rules: number;
  values: number;
  depth: number;
} {
  let rules = 0;
  let values = 0;
  let depth = 0;
  const walk = (node: { kind: string; children?: unknown[]; values?: unknown[] }, d: number): void => {
    if (node.kind === 'rule') {
      rules++;
      values += node.values?.length ?? 0;
      return;
    }
    depth = Math.max(depth, d);
    for (const c of node.children ?? []) walk(c as typeof node, d + 1);
  };
  if (def.kind !== 'static') for (const b of def.blocks) if (b.kind === 'profile') walk(b.root, 1);
  return { rules, values, depth };
}

const CASES: {
  name: string;
  text: string;
  expect: (c: ReturnType<typeof countRules>) => void;
}[] = [
  {
    name: `${MAX_CONDITIONS} conditions AND-ed`,
    text: P([...n(1000, (i) => `numberofchildren != ${i}`), ...n(1000, (i) => `fullname != 'n${i}'`)].join(' && ')),
    expect: (c) => expect(c.rules).toBe(MAX_CONDITIONS),
  },
  {
    name: `${MAX_CONDITIONS} conditions OR-ed`,
    text: P(n(MAX_CONDITIONS, (i) => (i % 2 ? `numberofchildren == ${i}` : `jobtitle == 'j${i}'`)).join(' || ')),
    expect: (c) => expect(c.rules).toBe(MAX_CONDITIONS),
  },
  {
    name: `${MAX_VALUES_PER_DEFINITION} values in ${MAX_VALUES_PER_DEFINITION / MAX_VALUES_PER_CONDITION} conditions of ${MAX_VALUES_PER_CONDITION}`,
    text: P(
      [
        `(${n(1000, (i) => `jobtitle == 'J${i}'`).join(' || ')})`,
        `(${n(1000, (i) => `fullname != 'n${i * 2}'`).join(' && ')})`,
        `(${n(1000, (i) => `emailaddress1 CONTAINS 'm${i}@'`).join(' || ')})`,
        `(${n(1000, (i) => `address1_city STARTSWITH '${i % 7 ? `x${i}` : 'se'}'`).join(' || ')})`,
        `(${n(1000, (i) => `NOT(jobtitle ENDSWITH '${i}7')`).join(' && ')})`,
        `(${n(1000, (i) => `numberofchildren == ${i}`).join(' || ')})`,
        `(${n(1000, (i) => `creditlimit != ${i * 250}`).join(' && ')})`,
        `(${n(1000, (i) => `birthdate == '${new Date(Date.UTC(1960, 0, 1) + i * 9 * DAY).toISOString().slice(0, 10)}'`).join(' || ')})`,
        `(${n(1000, (i) => `parentcustomerid == 'acc${i % 30 === 0 ? i / 30 : i + 100}'`).join(' || ')})`,
        `(${n(1000, (i) => `createdon != '${new Date(NOW - i * 3 * DAY).toISOString()}'`).join(' && ')})`,
      ]
        .map((part, i, all) => (i === 0 ? '((' : i % 2 ? ') && (' : ') || (') + part + (i === all.length - 1 ? '))' : ''))
        .join(''),
    ),
    expect: (c) => expect([c.rules, c.values]).toEqual([10, MAX_VALUES_PER_DEFINITION]),
  },
  {
    name: `${MAX_CONDITION_DEPTH} levels of groups with NOT and related groups`,
    text: P(
      `${n(MAX_CONDITION_DEPTH / 2, (i) =>
        i % 5 === 4
          ? `TRAVERSE(contact_account_parentcustomerid, a${i}, FILTER(a${i}.revenue > ${i * 100} || TRAVERSE(account_contact_primarycontactid, c${i}, FILTER(c${i}.numberofchildren < ${600 + i} && `
          : `${i % 3 ? 'NOT(' : '('}jobtitle == 'j${i}' ${i % 2 ? '||' : '&&'} (creditlimit > ${i * 1000} || `,
      ).join('')}fullname CONTAINS '1'${n(MAX_CONDITION_DEPTH / 2, (i) => (i % 5 === 4 ? '))))' : '))'))
        .reverse()
        .join('')}`,
    ),
    expect: (c) => expect(c.depth).toBe(MAX_CONDITION_DEPTH),
  },
  {
    name: `${MAX_BLOCKS} blocks`,
    text: n(MAX_BLOCKS, (i) => {
      const op = i === 0 ? '' : ['UNION ', 'INTERSECT ', 'EXCEPT '][i % 3];
      return i % 4 === 3
        ? `${op}INTERACTION(EmailClicked).FILTER(linkId < ${i % 50}).HAVING(COUNT() > ${i % 3})`
        : `${op}${P(`numberofchildren > ${(i * 7) % 1200}`)}`;
    }).join('\n'),
    expect: () => undefined,
  },
];

let dir: string;
let store: FixtureStore;
let workerDb: Db;
let engine: ColumnarEngine;
const data = makeDataset();

beforeAll(() => {
  dir = makeTempDir('segdiff-limits-');
  store = createFixtureStore(`${dir}/limits.sqlite`, catalog);
  store.load(data);
  workerDb = openDatabase(store.file, { skipMigrations: true });
  engine = new ColumnarEngine(workerDb);
});
afterAll(() => {
  workerDb.close();
  store.close();
  removeTempDir(dir);
});

const timings: string[] = [];
const sorted = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

describe('definitions at the documented limits: reference evaluator, SQL and columnar agree', () => {
  it.each(CASES)('$name', ({ text, expect: atLimit }) => {
    const parsed = parseQueryText(text, catalog, () => undefined);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
    const def = parsed.definition;
    atLimit(countRules(def));
    timings.length = 0;
    let t = performance.now();
    const lap = (what: string): void => {
      timings.push(`${what} ${(performance.now() - t).toFixed(0)} ms`);
      t = performance.now();
    };
    const reference = evaluateDefinition(def, data, ctx);
    lap('reference');
    const want = sorted(reference.members);
    for (const useTypeStats of [true, false]) {
      const { sql, params } = compileDefinition(def, store.storage, ctx, {
        useTypeStats,
      });
      expect(params.length).toBeLessThan(32_766);
      expect(sorted(store.db.prepare(sql).pluck().all(params) as number[])).toEqual(want);
      const steps = runStepCounts(store.db, compileBlocks(def, store.storage, ctx, { useTypeStats }));
      expect(steps.blockCounts).toEqual(reference.blockCounts);
      lap(`sql${useTypeStats ? '+stats' : ''}`);
    }
    engine.beginJob();
    const columnar = evaluateColumnar(workerDb, engine, def, ctx, compileBlocks(def, engine.storage, ctx));
    expect(bitsToArray(columnar.members)).toEqual(want);
    expect(columnar.blockCounts).toEqual(reference.blockCounts);
    lap('columnar');
    console.log(`${def.kind === 'dynamic' ? def.blocks.length : 0} block(s): ${timings.join(', ')}`);
    // A case whose answer is "nobody" or "everybody" would prove little.
    if (def.kind === 'dynamic' && def.blocks.length === 1) {
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(CONTACTS);
    }
  });
});
