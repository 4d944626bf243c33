import type { Catalog, CatalogField } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo, type FieldDef } from './catalogRepo.js';

function toCatalogField(f: FieldDef): CatalogField {
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    ...(f.type === 'choice' || f.type === 'multichoice' ? { options: f.options } : {}),
    ...(f.type === 'lookup' && f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
  };
}

/** The catalog as stored: entities with typed fields and record counts, relationships, interaction types with counts. */
export function describeCatalog(db: Db): Catalog {
  const repo = new CatalogRepo(db);
  const typeCounts = new Map(
    (db.prepare('SELECT type_id AS id, sum(n) AS n FROM contact_type_stats GROUP BY type_id').all() as { id: number; n: number }[]).map((r) => [r.id, r.n]),
  );
  return {
    entities: repo.entities().map((e) => ({
      name: e.name,
      label: e.label,
      keyField: e.keyField,
      displayField: e.displayField,
      fields: e.fields.map(toCatalogField),
      recordCount: db.prepare(`SELECT count(*) FROM "${e.table}"`).pluck().get() as number,
    })),
    relationships: repo.relationships(),
    interactionTypes: repo.interactionTypes().map((t) => ({
      name: t.name,
      label: t.label,
      fields: t.fields.map(toCatalogField),
      count: typeCounts.get(t.id) ?? 0,
    })),
  };
}
