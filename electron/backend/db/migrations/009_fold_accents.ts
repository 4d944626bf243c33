import type { FieldType } from '../../../../shared/models/catalog.js';
import { hasShadow, refoldShadows, shadowColumnOf } from '../../values/storedValue.js';
import type { Migration } from './index.js';

/**
 * Text comparisons became accent-insensitive as well as case-insensitive (shared/segments/fold.ts:
 * "Malmö" = "Malmo", as under Dynamics 365's default collation). Every folded shadow (`c_x__f`,
 * `key__f`) written before holds only the lower-cased value, so this recomputes each one from its stored
 * value with the one writer (values/storedValue.ts). Only rows with non-ASCII text change.
 */
export const migration009FoldAccents: Migration = {
  version: 9,
  name: 'fold accents',
  up(db) {
    const fields = db
      .prepare(
        'SELECT e.table_name AS tableName, f.type AS type, f.column_name AS col ' +
          'FROM catalog_fields f JOIN catalog_entities e ON e.name = f.entity',
      )
      .all() as { tableName: string; type: FieldType; col: string }[];
    for (const f of fields) {
      if (!hasShadow(f.type)) continue;
      refoldShadows(db, f.tableName, 'rid', { column: f.col, foldedColumn: shadowColumnOf(f.col), type: f.type });
    }
    const interactionFields = db.prepare('SELECT type_id AS typeId, type, column_name AS col FROM interaction_fields').all() as {
      typeId: number;
      type: FieldType;
      col: string;
    }[];
    for (const f of interactionFields) {
      if (!hasShadow(f.type)) continue;
      refoldShadows(
        db,
        'interactions',
        'id',
        { column: f.col, foldedColumn: shadowColumnOf(f.col), type: f.type },
        { column: 'type_id', equals: f.typeId },
      );
    }
  },
};
