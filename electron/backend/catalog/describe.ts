import type { Catalog, CatalogField } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo, type FieldDef } from './catalogRepo.js';
import { labelFor } from './labels.js';

function toCatalogField(f: FieldDef): CatalogField {
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    ...(f.type === 'choice' || f.type === 'multichoice' ? { options: f.options } : {}),
    ...(f.type === 'lookup' && f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
  };
}

/**
 * The catalog as stored: entities with typed fields, relationships, interaction types. The one
 * reader for every consumer (UI, validator, evaluator, compiler), so they all see the same fields
 * and options. Record counts cost a scan per entity table, so they are 0 unless `withCounts`.
 */
export function loadCatalog(db: Db, withCounts = false): Catalog {
  const repo = new CatalogRepo(db);
  const typeCounts = withCounts
    ? new Map(
        (db.prepare('SELECT type_id AS id, sum(n) AS n FROM contact_type_stats GROUP BY type_id').all() as { id: number; n: number }[]).map(
          (r) => [r.id, r.n],
        ),
      )
    : new Map<number, number>();
  return {
    entities: repo.entities().map((e) => ({
      name: e.name,
      label: e.label,
      keyField: e.keyField,
      displayField: e.displayField,
      fields: e.fields.map(toCatalogField),
      recordCount: withCounts ? (db.prepare(`SELECT count(*) FROM "${e.table}"`).pluck().get() as number) : 0,
    })),
    relationships: repo.relationships().map((r) => {
      const lookup = repo.field(r.referencingEntity, r.lookupField);
      const { label, ...rest } = r;
      return { ...rest, label: label ?? lookup?.label ?? labelFor(r.lookupField), labelSet: label !== null };
    }),
    interactionTypes: repo.interactionTypes().map((t) => ({
      name: t.name,
      label: t.label,
      fields: t.fields.map(toCatalogField),
      count: typeCounts.get(t.id) ?? 0,
    })),
  };
}

/** What `catalog.describe` serves: the catalog with record and interaction counts. */
export function describeCatalog(db: Db): Catalog {
  return loadCatalog(db, true);
}
