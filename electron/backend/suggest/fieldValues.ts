/**
 * Value suggestions for text fields: distinct values beginning with what was typed, folded as
 * segments compare (case and accents ignored, on the `__f` shadow), most frequent first. Bounded so a
 * keystroke never reads a whole large table twice: at most SCAN_LIMIT matching rows are grouped.
 */
import type { MethodInput } from '../../../shared/api/contract.js';
import type { ValueSuggestion } from '../../../shared/api/contract/fieldValues.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { foldText } from '../../../shared/segments/fold.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import type { Db } from '../db/connection.js';

const SCAN_LIMIT = 200_000;
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function suggestValues(db: Db, input: MethodInput<'fieldValues.suggest'>): ValueSuggestion[] {
  const repo = new CatalogRepo(db);
  const entity = repo.entity(input.entity);
  if (!entity) throw new ApiFailure('not_found', `There is no entity "${input.entity}".`);
  const field = entity.fields.find((f) => f.name.toLowerCase() === input.field.toLowerCase());
  if (!field) throw new ApiFailure('not_found', `${entity.label} has no field "${input.field}".`);
  if (field.type !== 'text' || !field.foldedColumn)
    throw new ApiFailure('invalid_input', `Values are suggested for text fields only; ${field.label} is a ${field.type} field.`);
  const folded = foldText(input.prefix.trim());
  const like = `${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db
    .prepare(
      `SELECT value, count(*) AS count FROM (
         SELECT ${quote(field.column)} AS value FROM ${quote(entity.table)}
          WHERE ${quote(field.foldedColumn)} LIKE ? ESCAPE '\\' AND ${quote(field.column)} IS NOT NULL LIMIT ${SCAN_LIMIT})
        GROUP BY value ORDER BY count DESC, value LIMIT ?`,
    )
    .all(like, input.limit ?? 8) as ValueSuggestion[];
  return rows;
}
