/**
 * Seed data for component tests, loaded through the real API (CSV import, segments.create, goLive):
 * the same paths a user's data takes, so the components see what the app would show.
 */
import type { CompoundDefinition, DynamicDefinition, SegmentDefinition } from '../../../shared/segments/ast';
import type { SegmentRecord } from '../../../shared/models/segment';
import type { TestBackend } from './testBackend';

/** A contact of the seed file: key, full name, city. */
export type SeedContact = readonly [key: string, name: string, city: string];

/** Imports contacts (contactid, fullname, address1_city) through the import service. */
export async function importContacts(backend: Pick<TestBackend, 'importCsv'>, contacts: readonly SeedContact[]): Promise<void> {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = contacts.map((c) => c.map(quote).join(',')).join('\n');
  await backend.importCsv(`contactid,fullname,address1_city\n${rows}\n`, { kind: 'entity', entity: 'contact', key: 'contactid' });
}

/** Contacts whose city is one of `cities`. */
export const cityIs = (...cities: string[]): DynamicDefinition => ({
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
        children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: cities }],
      },
    },
  ],
});

/** The union of the given segments, in order (first block union, later ones `combine`). */
export const compoundOf = (ids: string[], combine: 'union' | 'except' = 'union'): CompoundDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: ids.map((segmentId, i) => ({
    kind: 'segment' as const,
    id: `s${i}`,
    combine: i === 0 ? ('union' as const) : combine,
    segmentId,
  })),
});

/** Creates a segment and takes it live; returns the stored record after going live. */
export async function liveSegment(backend: Pick<TestBackend, 'call'>, name: string, definition: SegmentDefinition): Promise<SegmentRecord> {
  const created = await backend.call('segments.create', { name, type: definition.kind, definition });
  return (await backend.call('segments.goLive', { id: created.id })).segment;
}
