/**
 * Loads a generated Dataset into a real SQLite store through the REAL import path: every entity and the
 * interactions are written as CSV files (cells with the noise real files have: padding, other case,
 * duplicate and untrimmed multichoice elements, '[]', empty strings) and imported by the import service
 * (electron/backend/io/importService.ts), exactly as the app and the CLI import them. The differential
 * tests compare the engines on this store with the reference evaluator on {@link canonicalDataset}: the
 * generated data as docs/storage.md says the import stores it (an independent statement of those rules).
 *
 * One store serves many datasets (rows are deleted between them, so rids restart at 1 and follow the
 * file order — the dataset's rids). The catalog is created up front, as after a first import.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog, CatalogField } from '../../shared/models/catalog.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { Dataset, EntityRecord, InteractionRecord, StoredValue } from '../../shared/segments/dataset.js';
import { foldText } from '../../shared/segments/fold.js';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { createCatalog } from './liveFixture.js';
import { changeStoredMembers } from '../../electron/backend/db/memberStore.js';
import type { DataChange } from '../../electron/backend/dataChange.js';
import { EventBus } from '../../electron/backend/events.js';
import { ImportService } from '../../electron/backend/io/importService.js';
import { loadStorageCatalog, quoteIdent, type StorageCatalog } from '../../electron/backend/segments/compileCatalog.js';

export interface ImportStore {
  file: string;
  db: Db;
  storage: StorageCatalog;
  /** Replaces all data with `dataset`, imported from CSV files; resolves when every import completed. */
  load(dataset: Dataset): Promise<void>;
  close(): void;
}

/** Lower-cased field name → field, per entity and for all interaction types together. */
function fieldsOf(fields: readonly CatalogField[]): Map<string, CatalogField> {
  return new Map(fields.map((f) => [f.name.toLowerCase(), f]));
}

/** The elements a multichoice cell holds, as the import reads them (JSON array, else `;`-separated). */
function multiElements(v: string): string[] {
  if (v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed.map((x) => String(x).trim()).filter((x) => x !== '');
    } catch {
      // Not JSON: read as `;`-separated.
    }
  }
  return v
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/**
 * A generated value as docs/storage.md stores it: text trimmed (empty → NULL), choices as the option's
 * spelling, multichoice as the sorted JSON array of distinct option spellings (none → NULL).
 */
export function canonicalValue(field: CatalogField, v: StoredValue): StoredValue {
  if (v === null) return null;
  const option = (x: string): string => field.options?.find((o) => foldText(o.value) === foldText(x))?.value ?? x;
  switch (field.type) {
    case 'text':
      return String(v).trim() === '' ? null : String(v).trim();
    case 'choice':
      return String(v).trim() === '' ? null : option(String(v).trim());
    case 'multichoice': {
      const els = [...new Set(multiElements(String(v)).map(option))].sort();
      return els.length === 0 ? null : JSON.stringify(els);
    }
    default:
      return v;
  }
}

/** The dataset as the import stores it (see {@link canonicalValue}); rids, keys and interactions unchanged. */
export function canonicalDataset(data: Dataset): Dataset {
  const entity = (name: string, rows: EntityRecord[]): EntityRecord[] => {
    const def = data.catalog.entities.find((e) => e.name.toLowerCase() === name);
    const fields = fieldsOf(def?.fields ?? []);
    // A field named like the key field IS the key (the import stores it once, as the record's key).
    const keyField = def && fields.has(def.keyField.toLowerCase()) ? def.keyField.toLowerCase() : undefined;
    return rows.map((r) => ({
      ...r,
      values: {
        ...Object.fromEntries(
          Object.entries(r.values).map(([k, v]) => [k, fields.get(k) ? canonicalValue(fields.get(k) as CatalogField, v) : v]),
        ),
        ...(keyField ? { [keyField]: r.key } : {}),
      },
    }));
  };
  const typeFields = new Map(data.catalog.interactionTypes.map((t) => [t.name.toLowerCase(), fieldsOf(t.fields)]));
  const interaction = (i: InteractionRecord): InteractionRecord => {
    const fields = typeFields.get(i.type.toLowerCase());
    return {
      ...i,
      values: Object.fromEntries(
        Object.entries(i.values).map(([k, v]) => [k, fields?.get(k) ? canonicalValue(fields.get(k) as CatalogField, v) : v]),
      ),
    };
  };
  return {
    ...data,
    entities: Object.fromEntries(Object.entries(data.entities).map(([name, rows]) => [name, entity(name, rows)])),
    interactions: data.interactions.map(interaction),
  };
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A typed value as a CSV cell; lookups become the referenced record's key. */
function cell(field: CatalogField, v: StoredValue, keyOf: (entity: string, rid: number) => string): string {
  if (v === null) return '';
  switch (field.type) {
    case 'datetime':
      return new Date(Number(v)).toISOString();
    case 'boolean':
      return Number(v) === 1 ? 'true' : 'false';
    case 'lookup':
      return keyOf(field.lookupEntity ?? '', Number(v));
    default:
      return String(v);
  }
}

function writeCsv(file: string, header: string[], rows: string[][]): void {
  fs.writeFileSync(file, [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n');
}

/** Creates the catalog of `catalog` in a new SQLite file and an import service over it. */
export function createImportStore(file: string, catalog: Catalog, onDataChanged: (change: DataChange) => void = () => {}): ImportStore {
  const db = openDatabase(file);
  createCatalog(db, catalog);
  // Relationships keep the catalog's own names (the golden catalog's 'HavingCreditCard'), beside the
  // names the catalog derives from each lookup.
  const named = db.prepare(
    'INSERT OR IGNORE INTO catalog_relationships (name, referencing_entity, referenced_entity, lookup_field) VALUES (?, ?, ?, ?)',
  );
  for (const r of catalog.relationships) named.run(r.name, r.referencingEntity, r.referencedEntity, r.lookupField);
  const storage = loadStorageCatalog(db);
  const imports = new ImportService({ db, events: new EventBus(), now: () => Date.now(), onDataChanged });
  const dir = path.dirname(file);

  const run = async (opts: ImportOptions): Promise<void> => {
    const { id } = await imports.start(opts);
    const s = await imports.wait(id);
    if (s.status !== 'completed' || s.skipped > 0) {
      const errors = db.prepare('SELECT row, column_name, value, reason FROM import_errors WHERE import_id = ? LIMIT 5').all(id);
      throw new Error(`Import of ${opts.path} ${s.status} (${s.skipped} rows skipped): ${s.message ?? ''} ${JSON.stringify(errors)}`);
    }
  };

  const load = async (data: Dataset): Promise<void> => {
    db.transaction(() => {
      for (const e of storage.entities.values()) db.exec(`DELETE FROM ${quoteIdent(e.table)}`);
      db.exec('DELETE FROM interactions; DELETE FROM contact_type_stats; DELETE FROM segment_member_chunks;');
    })();
    const keys = new Map<string, Map<number, string>>();
    for (const [name, rows] of Object.entries(data.entities)) keys.set(name, new Map(rows.map((r) => [r.rid, r.key])));
    const keyOf = (entity: string, rid: number): string => {
      const k = keys.get(entity.toLowerCase())?.get(rid);
      if (k === undefined) throw new Error(`The dataset has no ${entity} ${rid}`);
      return k;
    };
    const entityFile = async (name: string, allFields: CatalogField[]): Promise<void> => {
      const def = catalog.entities.find((e) => e.name === name);
      const rows = data.entities[name] ?? [];
      if (!def || rows.length === 0) return;
      const fields = allFields.filter((f) => f.name.toLowerCase() !== def.keyField.toLowerCase()); // the key column itself
      const file = path.join(dir, `${name}-${fields.length}.csv`);
      writeCsv(
        file,
        [def.keyField, ...fields.map((f) => f.name)],
        rows.map((r) => [r.key, ...fields.map((f) => cell(f, r.values[f.name.toLowerCase()] ?? null, keyOf))]),
      );
      const lookups = Object.fromEntries(fields.filter((f) => f.type === 'lookup').map((f) => [f.name, f.lookupEntity ?? '']));
      await run({ kind: 'entity', entity: name, key: def.keyField, path: file, ...(Object.keys(lookups).length ? { lookups } : {}) });
    };
    const fields = (name: string): CatalogField[] => catalog.entities.find((e) => e.name === name)?.fields ?? [];
    // Accounts and contacts point at each other: accounts first without their contact lookup, then
    // contacts, then the accounts' contact lookup (an upsert by key keeps the other columns).
    const accountFields = fields('account');
    await entityFile(
      'account',
      accountFields.filter((f) => f.type !== 'lookup'),
    );
    await entityFile('contact', fields('contact'));
    await entityFile(
      'account',
      accountFields.filter((f) => f.type === 'lookup'),
    );
    await entityFile('opportunity', fields('opportunity'));
    // Any further entities (the golden catalog's event and credit card point at contacts).
    for (const e of catalog.entities) {
      if (!['account', 'contact', 'opportunity'].includes(e.name)) await entityFile(e.name, e.fields);
    }
    if (data.interactions.length > 0) {
      const all = [...new Map(catalog.interactionTypes.flatMap((t) => t.fields).map((f) => [f.name.toLowerCase(), f])).values()];
      const file = path.join(dir, 'interactions.csv');
      const rows = data.interactions.map((i) => [
        i.type,
        keyOf('contact', i.contactRid),
        new Date(i.ts).toISOString(),
        ...all.map((f) => cell(f, i.values[f.name.toLowerCase()] ?? null, keyOf)),
      ]);
      writeCsv(file, ['interactiontype', 'contactid', 'timestamp', ...all.map((f) => f.name)], rows);
      await run({ kind: 'interactions', path: file });
    }
    db.transaction(() => {
      for (const [id, rids] of Object.entries(data.segmentMembers)) changeStoredMembers(db, id, rids, []);
    })();
  };

  return { file, db, storage, load, close: () => db.close() };
}
