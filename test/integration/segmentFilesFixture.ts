/**
 * Test support for segment files: backends on temp SQLite files with the fixture catalog and a few
 * contacts, a set of segments that uses every part of the format (related groups, interactions,
 * static members, a compound), typed API calls, and a dump of everything an import may write.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../electron/backend/db/connection.js';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ApiError } from '../../shared/api/result.js';
import type { Catalog } from '../../shared/models/catalog.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { EntityRecord } from '../../shared/segments/dataset.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { loadDataset } from './liveFixture.js';

export const NOW = Date.parse('2026-03-15T12:00:00Z');

export interface TestBackend {
  backend: Backend;
  dir: string;
  dbPath: string;
  call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>>;
  failure<K extends MethodName>(method: K, input: MethodInput<K>): Promise<ApiError>;
  close(): Promise<void>;
}

const contact = (rid: number, city: string | null, account: number | null = null): EntityRecord => ({
  rid,
  key: `c${rid}`,
  values: { contactid: `c${rid}`, fullname: `Contact ${rid}`, address1_city: city, parentcustomerid: account },
});

/** A backend on a fresh temp database holding `catalog` (default: the fixture catalog) and five contacts. */
export async function openTestBackend(catalog: Catalog = fixtureCatalog(), withContacts = true): Promise<TestBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-files-'));
  const dbPath = path.join(dir, 'app.db');
  const backend = await createBackend({ dbPath, host: 'test', now: () => NOW });
  const hasAccount = catalog.entities.some((e) => e.name === 'account');
  loadDataset(backend.db, {
    catalog,
    entities: withContacts
      ? {
          contact: [
            contact(1, 'Seattle', hasAccount ? 1 : null),
            contact(2, 'SEATTLE'),
            contact(3, 'Redmond', hasAccount ? 2 : null),
            contact(4, null),
            contact(5, 'Paris'),
          ],
          ...(hasAccount
            ? {
                account: [
                  { rid: 1, key: 'a1', values: { accountid: 'a1', name: 'Big', revenue: 5000 } },
                  { rid: 2, key: 'a2', values: { accountid: 'a2', name: 'Small', revenue: 10 } },
                ],
              }
            : {}),
        }
      : {},
    interactions: [],
    segmentMembers: {},
  });
  const call = async <K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>> => {
    const r = await backend.dispatch(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value as MethodOutput<K>;
  };
  const failure = async <K extends MethodName>(method: K, input: MethodInput<K>): Promise<ApiError> => {
    const r = await backend.dispatch(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  };
  return {
    backend,
    dir,
    dbPath,
    call,
    failure,
    async close() {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const seattle: SegmentDefinition = {
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
        children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] }],
      },
    },
  ],
};

export const bigAccounts: SegmentDefinition = {
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
          {
            kind: 'related',
            id: 'rel1',
            relationship: 'contact_account_parentcustomerid',
            direction: 'toReferenced',
            entity: 'account',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'r1', field: 'revenue', operator: 'gt', values: [1000] }],
          },
        ],
      },
    },
    {
      kind: 'interaction',
      id: 'b2',
      combine: 'except',
      interactionType: 'EmailClicked',
      filter: {
        kind: 'group',
        id: 'f1',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'fr1', field: 'linkId', operator: 'eq', values: [7] }],
      },
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'last', amount: 30, unit: 'days' },
    },
  ],
};

export const compoundOf = (...ids: string[]): SegmentDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: ids.map((segmentId, i) => ({ kind: 'segment', id: `s${i + 1}`, combine: 'union', segmentId })),
});

/** Creates Seattle (dynamic), Newsletter (static, members c1 c3), Big accounts (dynamic), Expo (compound of the first two). */
export async function createSampleSegments(t: TestBackend): Promise<{ seattle: string; newsletter: string; big: string; expo: string }> {
  const s = await t.call('segments.create', {
    name: 'Contacts in Seattle',
    type: 'dynamic',
    description: 'City is Seattle',
    timeZone: 'America/Los_Angeles',
    definition: seattle,
  });
  const n = await t.call('segments.create', { name: 'Newsletter', type: 'static', description: 'Asked for it' });
  await t.call('staticMembers.add', { segmentId: n.id, contactKeys: ['c1', 'c3'] });
  const b = await t.call('segments.create', { name: 'Big accounts', type: 'dynamic', definition: bigAccounts });
  const e = await t.call('segments.create', {
    name: 'Expo audience',
    type: 'compound',
    timeZone: 'Europe/Berlin',
    definition: compoundOf(s.id, n.id),
  });
  return { seattle: s.id, newsletter: n.id, big: b.id, expo: e.id };
}

/** Every table an import may write, as plain rows: equal dumps mean nothing was written. */
export function dumpDb(t: TestBackend | Db): string {
  const db = 'backend' in t ? t.backend.db : t;
  const q = (sql: string): unknown[] => db.prepare(sql).all();
  return JSON.stringify({
    segments: q('SELECT * FROM segments ORDER BY id'),
    transitions: q('SELECT * FROM segment_transitions ORDER BY id'),
    staticMembers: q('SELECT * FROM static_members ORDER BY segment_id, contact_rid'),
    members: q('SELECT * FROM segment_members ORDER BY segment_id, contact_rid'),
  });
}
