import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import type { ExplainResult } from '../../shared/api/contract/live.js';
import { arbCatalogAndDataset, arbDefinition } from '../fixtures/segmentArbitraries.js';
import { loadDataset } from './liveFixture.js';

describe('explain', () => {
  it('agrees with stored membership for every contact of random data sets and definitions', async () => {
    let contactsExplained = 0;
    await fc.assert(
      fc.asyncProperty(arbCatalogAndDataset(), arbDefinition(), async ({ dataset, ctx }, def) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-live-explain-'));
        const backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => ctx.now });
        try {
          loadDataset(backend.db, dataset);
          for (const [id, rids] of Object.entries(dataset.segmentMembers)) {
            backend.db
              .prepare(
                `INSERT INTO segments (id, name, name_lower, type, status, definition, has_been_live, created_at, modified_at) VALUES (?, ?, ?, 'static', 'live', '{"kind":"static","version":1}', 1, 0, 0)`,
              )
              .run(id, id, id);
            for (const r of rids) backend.db.prepare('INSERT INTO segment_members (segment_id, contact_rid) VALUES (?, ?)').run(id, r);
          }
          const created = await backend.dispatch('segments.create', {
            name: 'Random',
            type: 'dynamic',
            timeZone: ctx.timeZone,
            definition: def,
          });
          if (!created.ok) throw new Error(created.error.message);
          const id = (created.value as { id: string }).id;
          const live = await backend.dispatch('segments.goLive', { id });
          if (!live.ok) throw new Error(`${live.error.message} ${JSON.stringify(live.error.issues)}`);
          for (const c of dataset.entities.contact ?? []) {
            const r = await backend.dispatch('segments.explain', { id, contactKey: c.key });
            if (!r.ok) throw new Error(r.error.message);
            const ex = r.value as ExplainResult;
            expect(ex.member, `contact ${c.key}: ${JSON.stringify(ex.blocks)}`).toBe(ex.storedMember);
            expect(ex.blocks.length).toBe(def.blocks.length);
            contactsExplained++;
          }
        } finally {
          await backend.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 30 },
    );
    expect(contactsExplained).toBeGreaterThan(50);
  }, 180_000);

  it('shows the rule, the stored value and the outcome for one contact', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-live-explain-'));
    const backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => Date.parse('2026-03-15T12:00:00Z') });
    try {
      const { fixtureCatalog } = await import('../fixtures/segmentCatalog.js');
      loadDataset(backend.db, {
        catalog: fixtureCatalog(),
        entities: {
          contact: [{ rid: 1, key: 'ann', values: { contactid: 'ann', fullname: 'Ann', address1_city: 'Paris' } }],
          account: [],
          opportunity: [],
        },
        interactions: [],
        segmentMembers: {},
      });
      const created = await backend.dispatch('segments.create', {
        name: 'Seattle',
        type: 'dynamic',
        definition: {
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
        },
      });
      if (!created.ok) throw new Error(created.error.message);
      const id = (created.value as { id: string }).id;
      await backend.dispatch('segments.goLive', { id });
      const r = await backend.dispatch('segments.explain', { id, contactKey: 'ann' });
      expect(r).toMatchObject({
        ok: true,
        value: {
          member: false,
          storedMember: false,
          contact: { key: 'ann', name: 'Ann' },
          blocks: [
            {
              id: 'b1',
              kind: 'profile',
              included: false,
              root: { kind: 'group', children: [{ kind: 'rule', id: 'r1', actual: 'Paris', result: 'false' }] },
            },
          ],
        },
      });
      const unknown = await backend.dispatch('segments.explain', { id, contactKey: 'nobody' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
