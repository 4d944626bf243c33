/**
 * The columns of a record export (members, the contacts grid): the record's key and display name,
 * then the chosen fields, all headed by their catalog labels. A lookup field gives two columns: the
 * related record's name ("Company") and its key ("Company key"), so a file can be matched back to the
 * source system; CSV and Excel share this list. Lookups are named per batch (lookupNames.ts).
 */
import { typedValue, type LookupRef, type TypedValue } from '../../../../shared/values/format.js';
import type { EntityDef, FieldDef } from '../../catalog/catalogRepo.js';
import type { LookupNames, LookupWants } from './lookupNames.js';
import { wantLookup } from './lookupNames.js';
import type { TableColumn } from './tableFile.js';

/** A stored record: its key, display name and the stored value of a field. */
export interface StoredRecord {
  key: string;
  name: string | null;
  stored: (field: FieldDef) => string | number | null | undefined;
}

/** Names the related record of a lookup field of a record (resolved in bulk beforehand). */
export type FieldLookup = (field: FieldDef) => LookupRef | null;

/** A {@link FieldLookup} over names resolved with {@link resolveLookups} for a batch. */
export function lookupVia(record: StoredRecord, names: LookupNames): FieldLookup {
  return (f) => {
    const raw = record.stored(f);
    return f.lookupEntity && raw !== null && raw !== undefined ? names(f.lookupEntity, Number(raw)) : null;
  };
}

export interface RecordColumns {
  columns: TableColumn[];
  /** Adds the row ids this record's lookup fields name to `wants` (resolved once per batch). */
  want: (record: StoredRecord, wants: LookupWants) => void;
  row: (record: StoredRecord, lookup: FieldLookup) => TypedValue[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function recordColumns(def: EntityDef, fields: readonly FieldDef[]): RecordColumns {
  const keyField = def.fields.find((f) => same(f.name, def.keyField));
  const displayField = same(def.displayField, def.keyField) ? undefined : def.fields.find((f) => same(f.name, def.displayField));
  const columns: TableColumn[] = [{ header: keyField?.label ?? 'Key', type: 'text' }];
  if (displayField) columns.push({ header: displayField.label, type: 'text' });
  for (const f of fields) {
    columns.push({ header: f.label, type: f.type === 'lookup' ? 'text' : f.type });
    if (f.type === 'lookup') columns.push({ header: `${f.label} key`, type: 'text' });
  }
  return {
    columns,
    want(record, wants) {
      for (const f of fields) if (f.type === 'lookup') wantLookup(wants, f.lookupEntity, record.stored(f));
    },
    row(record, lookup) {
      const out: TypedValue[] = [{ kind: 'text', text: record.key }];
      if (displayField) out.push(record.name === null ? null : { kind: 'text', text: record.name });
      for (const f of fields) {
        const raw = record.stored(f);
        if (f.type !== 'lookup') {
          out.push(typedValue(f.type, raw));
          continue;
        }
        const ref = lookup(f);
        out.push(typedValue('lookup', null, ref));
        out.push(ref ? { kind: 'text', text: ref.key } : null);
      }
      return out;
    },
  };
}
