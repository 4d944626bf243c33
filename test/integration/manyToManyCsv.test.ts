/**
 * N:N through an intersect entity imported from CSV: registrations.csv holds lookups to contacts and
 * events, so the catalog offers contact <-> event (via registration). Through the real backend import,
 * the reference evaluator, the compiled SQL on the stored SQLite file and the worker's columnar
 * estimate give the same members for N:N groups, and the same as the written-out nested form.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import { loadStorageCatalog } from '../../electron/backend/segments/compileCatalog.js';
import { compileDefinition } from '../../electron/backend/segments/compile.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { ConditionNode, DynamicDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { expandManyToMany, manyToManyRelationships } from '../../shared/segments/manyToMany.js';
import { parseQueryText, printDefinition } from '../../shared/segments/queryText.js';

const fx = (name: string): string => path.resolve(__dirname, '../fixtures/csv', name);
const ctx = { now: Date.parse('2025-06-01T00:00:00Z'), timeZone: 'UTC' };
const NN = 'contact_event_via_registration';

let dir: string;
let backend: Backend;

async function load(opts: ImportOptions): Promise<void> {
  const r = await backend.dispatch('imports.start', opts);
  if (!r.ok) throw new Error(r.error.message);
  await backend.services.imports.wait((r.value as { id: string }).id);
}

const def = (child: ConditionNode): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: { kind: 'group', id: 'g', combinator: 'and', children: [child] },
    },
  ],
});

const nn = (children: ConditionNode[], not = false): ConditionNode => ({
  kind: 'related',
  id: 'nn',
  relationship: NN,
  direction: 'manyToMany',
  entity: 'event',
  combinator: 'and',
  ...(not ? { not: true } : {}),
  children,
});
const summit: ConditionNode = { kind: 'rule', id: 'r1', field: 'name', operator: 'contains', values: ['summit'] };
const webinar: ConditionNode = { kind: 'rule', id: 'r2', field: 'name', operator: 'eq', values: ['spring webinar'] };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-nn-'));
  backend = await createBackend({ dbPath: path.join(dir, 'data.db'), host: 'test' });
  await load({ kind: 'entity', entity: 'contact', path: fx('contacts.csv'), key: 'contactid' });
  await load({ kind: 'entity', entity: 'event', path: fx('events.csv'), key: 'eventid' });
  await load({
    kind: 'entity',
    entity: 'registration',
    path: fx('registrations.csv'),
    key: 'registrationid',
    lookups: { contactid: 'contact', eventid: 'event' },
  });
});

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('N:N through a CSV-imported intersect entity', () => {
  it('is detected from the imported catalog and offered both ways', () => {
    const data = loadDataset(backend.db);
    expect(manyToManyRelationships(data.catalog.relationships).map((m) => [m.name, m.intersect])).toEqual([[NN, 'registration']]);
  });

  it('reference, SQL and columnar agree with each other and with the nested form', async () => {
    const data = loadDataset(backend.db);
    const storage = loadStorageCatalog(backend.db);
    const keyOf = new Map((data.entities.contact ?? []).map((c) => [c.rid, c.key]));
    const all = [...keyOf.values()].sort();
    const cases: [ConditionNode, string[]][] = [
      [nn([]), ['C1', 'C2', 'C3']],
      [nn([summit]), ['C1', 'C3']],
      [nn([webinar]), ['C1', 'C2', 'C3']],
      // NOT: every imported contact without a summit registration (C4's registration names no event).
      [nn([summit], true), all.filter((k) => k !== 'C1' && k !== 'C3')],
    ];
    for (const [node, want] of cases) {
      const d = def(node);
      const ref = evaluateDefinition(d, data, ctx);
      const keys = [...ref.members].map((rid) => keyOf.get(rid)).sort();
      expect(keys, JSON.stringify(node)).toEqual(want);
      const nested = evaluateDefinition(
        def(structuredClone(expandManyToMany(data.catalog.relationships, 'contact', node as never))),
        data,
        ctx,
      );
      expect([...nested.members].sort()).toEqual([...ref.members].sort());
      const { sql, params } = compileDefinition(d, storage, ctx);
      const sqlMembers = (backend.db.prepare(sql).pluck().all(params) as number[]).sort((a, b) => a - b);
      expect(sqlMembers).toEqual([...ref.members].sort((a, b) => a - b));
      const est = await backend.evaluator.estimate({ definition: d, timeZone: 'UTC', now: ctx.now });
      expect({ path: est.path, total: est.total }).toEqual({ path: 'columnar', total: ref.members.size });
    }
  });

  it('reads and prints as TRAVERSE in query text', () => {
    const { catalog } = loadDataset(backend.db);
    const text = printDefinition(def(nn([summit])), catalog);
    expect(text).toContain(`TRAVERSE(${NN}, `);
    const parsed = parseQueryText(text, catalog, () => undefined);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(printDefinition(parsed.definition, catalog)).toBe(text);
  });
});
