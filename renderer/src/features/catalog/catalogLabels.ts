/**
 * Labels for names that come from the data (interaction types, entities, fields), for every screen that
 * shows a row of data rather than a catalog item: the timeline, Insights' charts. A name the catalog does not
 * know (yet) is shown as it is, since nothing better is known.
 */
import { useMemo } from 'react';
import type { Catalog } from '../../../../shared/models/catalog';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';

/** Label look-ups over one catalog, case-insensitive like every name in it. */
export interface CatalogLabels {
  /** An interaction type's label (`EmailSent` → "Email Sent"). */
  type(name: string): string;
  /** An entity's label. */
  entity(name: string): string;
  /** A field's label, of an entity or interaction type (`scope`). */
  field(scope: string, name: string): string;
}

export function catalogLabels(catalog: Catalog | undefined): CatalogLabels {
  const lc = (s: string) => s.toLowerCase();
  const types = new Map((catalog?.interactionTypes ?? []).map((t) => [lc(t.name), t]));
  const entities = new Map((catalog?.entities ?? []).map((e) => [lc(e.name), e]));
  return {
    type: (name) => types.get(lc(name))?.label ?? name,
    entity: (name) => entities.get(lc(name))?.label ?? name,
    field: (scope, name) => {
      const fields = (entities.get(lc(scope)) ?? types.get(lc(scope)))?.fields ?? [];
      return fields.find((f) => lc(f.name) === lc(name))?.label ?? name;
    },
  };
}

/** {@link catalogLabels} over the cached catalog (`catalog.describe`), renewed when a label is edited. */
export function useCatalogLabels(): CatalogLabels {
  const { data } = useBuilderCatalogQuery();
  return useMemo(() => catalogLabels(data), [data]);
}
