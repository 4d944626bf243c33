/** Where an import went, in the marketer's words: the entity's or interaction type's display name. */
import type { ImportSummary } from '../../../../shared/models/import';
import type { CatalogLabels } from '../catalog/catalogLabels';

/** What the backend records as the target of an interactions file whose rows name their own types. */
const TYPE_COLUMN = '(type column)';

export function importTarget(s: Pick<ImportSummary, 'kind' | 'target'>, labels: CatalogLabels): string {
  if (s.kind === 'entity') return labels.entity(s.target);
  return s.target === TYPE_COLUMN ? 'Interactions' : `Interactions: ${labels.type(s.target)}`;
}
