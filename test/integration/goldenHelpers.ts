/**
 * Shared pieces of the golden tests: the fixture catalog extended with the spec's example entities
 * and interaction types, and tiny builders for hand-made datasets.
 */
import type { Catalog, CatalogField } from '../../shared/models/catalog.js';
import type { Dataset, EntityRecord, InteractionRecord, StoredValue } from '../../shared/segments/dataset.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';

const f = (name: string, type: CatalogField['type'], extra: Partial<CatalogField> = {}): CatalogField => ({
  name,
  label: name,
  type,
  ...extra,
});

/** Fixture catalog + account.accountid, event and creditcard entities, and the spec's example interaction types. */
export function goldenCatalog(): Catalog {
  const base = fixtureCatalog();
  return {
    entities: [
      ...base.entities.map((e) => (e.name === 'account' ? { ...e, fields: [f('accountid', 'text'), ...e.fields] } : e)),
      {
        name: 'event',
        label: 'Event',
        keyField: 'eventid',
        displayField: 'name',
        recordCount: 0,
        fields: [f('name', 'text'), f('primarycontactid', 'lookup', { lookupEntity: 'contact' })],
      },
      {
        name: 'creditcard',
        label: 'Credit card',
        keyField: 'creditcardid',
        displayField: 'creditcardid',
        recordCount: 0,
        fields: [f('expirationdate', 'date'), f('contactid', 'lookup', { lookupEntity: 'contact' })],
      },
    ],
    relationships: [
      ...base.relationships,
      { name: 'event_contact_primarycontactid', referencingEntity: 'event', referencedEntity: 'contact', lookupField: 'primarycontactid' },
      { name: 'HavingCreditCard', referencingEntity: 'creditcard', referencedEntity: 'contact', lookupField: 'contactid' },
    ],
    interactionTypes: [
      ...base.interactionTypes,
      { name: 'EmailSoftBounced', label: 'Email soft bounced', count: 0, fields: [f('messageId', 'text')] },
      { name: 'RedirectLinkClicked', label: 'Redirect link clicked', count: 0, fields: [f('EmailId', 'text')] },
    ],
  };
}

type Values = Record<string, StoredValue | undefined>;

/** Records of `entity` from value maps (rid = index + 1, key = `<entity>-<rid>` unless `key` is given). */
export function records(entity: string, rows: (Values & { key?: string })[]): EntityRecord[] {
  return rows.map(({ key, ...values }, i) => ({
    rid: i + 1,
    key: typeof key === 'string' ? key : `${entity}-${i + 1}`,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v ?? null])),
  }));
}

export function interaction(type: string, contactRid: number, ts: number, values: Values = {}): InteractionRecord {
  return { type, contactRid, ts, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v ?? null])) };
}

export function dataset(parts: Partial<Omit<Dataset, 'catalog'>> & { catalog?: Catalog }): Dataset {
  return {
    catalog: parts.catalog ?? goldenCatalog(),
    entities: parts.entities ?? {},
    interactions: parts.interactions ?? [],
    segmentMembers: parts.segmentMembers ?? {},
  };
}

export const DAY = 86_400_000;
