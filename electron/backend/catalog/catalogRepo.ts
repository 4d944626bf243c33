/**
 * The stored catalog (docs/storage.md): resolve entities, fields, relationships and interaction types by
 * case-insensitive name to their table and column names, and grow the catalog (new entity, new field =
 * ALTER TABLE ADD COLUMN, new interaction type / field). Every other module takes identifiers from here.
 */
import { installGenerationTriggers } from '../evaluator/columnar/snapshot/generations.js';
import type { ChoiceOption, FieldType } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import { baseColumnName, freshColumnName, labelFor, sanitiseName, uniqueLabel } from './naming.js';

/** SQLite's default limit on columns per table (SQLITE_MAX_COLUMN): imports refuse files that would pass it. */
export const SQLITE_MAX_COLUMNS = 2000;

/** Types whose column has a folded `__f` shadow. */
export const FOLDED_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'choice', 'multichoice']);

/** A typed field as stored: its column, folded shadow (if any), options and lookup target. */
export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  column: string;
  /** `<column>__f` for text, choice and multichoice; null otherwise. */
  foldedColumn: string | null;
  options: ChoiceOption[];
  lookupEntity: string | null;
  ordinal: number;
}

/** A profile entity as stored. `fields` are in catalog order; the key field maps to column `key`. */
export interface EntityDef {
  name: string;
  label: string;
  keyField: string;
  displayField: string;
  table: string;
  fields: FieldDef[];
}

export interface RelationshipDef {
  name: string;
  /** Set in the catalog view; null: the lookup field's label names the relationship. */
  label: string | null;
  referencingEntity: string;
  referencedEntity: string;
  lookupField: string;
}

export interface InteractionTypeDef {
  id: number;
  name: string;
  label: string;
  fields: FieldDef[];
}

/** What a caller asks for when adding a field. */
export interface NewField {
  name: string;
  type: FieldType;
  label?: string;
  options?: ChoiceOption[];
  lookupEntity?: string;
}

interface FieldRow {
  name: string;
  label: string;
  type: FieldType;
  column_name: string;
  options: string | null;
  lookup_entity: string | null;
  ordinal: number;
}

function toField(r: FieldRow): FieldDef {
  return {
    name: r.name,
    label: r.label,
    type: r.type,
    column: r.column_name,
    foldedColumn: FOLDED_TYPES.has(r.type) ? `${r.column_name}__f` : null,
    options: r.options ? (JSON.parse(r.options) as ChoiceOption[]) : [],
    lookupEntity: r.lookup_entity,
    ordinal: r.ordinal,
  };
}

const lower = (s: string): string => s.toLowerCase();

/** Reads and grows the catalog. Stateless: every call reads the catalog tables (they are tiny). */
export class CatalogRepo {
  constructor(private readonly db: Db) {}

  entities(): EntityDef[] {
    const rows = this.db.prepare('SELECT name, label, key_field, display_field, table_name FROM catalog_entities ORDER BY rowid').all() as {
      name: string;
      label: string;
      key_field: string;
      display_field: string;
      table_name: string;
    }[];
    const fields = this.db
      .prepare('SELECT entity, name, label, type, column_name, options, lookup_entity, ordinal FROM catalog_fields ORDER BY ordinal')
      .all() as (FieldRow & { entity: string })[];
    return rows.map((r) => ({
      name: r.name,
      label: r.label,
      keyField: r.key_field,
      displayField: r.display_field,
      table: r.table_name,
      fields: fields.filter((f) => lower(f.entity) === lower(r.name)).map(toField),
    }));
  }

  /** An entity by case-insensitive name. */
  entity(name: string): EntityDef | undefined {
    return this.entities().find((e) => lower(e.name) === lower(name));
  }

  /** A field of an entity by case-insensitive names. */
  field(entity: string, field: string): FieldDef | undefined {
    return this.entity(entity)?.fields.find((f) => lower(f.name) === lower(field));
  }

  relationships(): RelationshipDef[] {
    return (
      this.db
        .prepare('SELECT name, label, referencing_entity, referenced_entity, lookup_field FROM catalog_relationships ORDER BY name')
        .all() as {
        name: string;
        label: string | null;
        referencing_entity: string;
        referenced_entity: string;
        lookup_field: string;
      }[]
    ).map((r) => ({
      name: r.name,
      label: r.label,
      referencingEntity: r.referencing_entity,
      referencedEntity: r.referenced_entity,
      lookupField: r.lookup_field,
    }));
  }

  relationship(name: string): RelationshipDef | undefined {
    return this.relationships().find((r) => lower(r.name) === lower(name));
  }

  interactionTypes(): InteractionTypeDef[] {
    const types = this.db.prepare('SELECT id, name, label FROM interaction_types ORDER BY id').all() as {
      id: number;
      name: string;
      label: string;
    }[];
    const fields = this.db
      .prepare(
        'SELECT type_id, name, label, type, column_name, options, NULL AS lookup_entity, ordinal FROM interaction_fields ORDER BY ordinal',
      )
      .all() as (FieldRow & { type_id: number })[];
    return types.map((t) => ({ ...t, fields: fields.filter((f) => f.type_id === t.id).map(toField) }));
  }

  /** An interaction type by case-insensitive name. */
  interactionType(name: string): InteractionTypeDef | undefined {
    return this.interactionTypes().find((t) => lower(t.name) === lower(name));
  }

  private columnsOf(table: string): Set<string> {
    return new Set((this.db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name));
  }

  /** The entity, created (table + catalog row + key field) if new. `keyField` is used only on creation. */
  ensureEntity(name: string, keyField: string): EntityDef {
    const existing = this.entity(name);
    if (existing) return existing;
    const taken = new Set(
      (this.db.prepare('SELECT table_name FROM catalog_entities').all() as { table_name: string }[]).map((r) => r.table_name),
    );
    const base = `ent_${sanitiseName(name)}`;
    let table = base;
    for (let i = 2; taken.has(table) || this.columnsOf(table).size > 0; i++) table = `${base}_${i}`;
    this.db.exec(`CREATE TABLE "${table}" (rid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, key__f TEXT)`);
    installGenerationTriggers(this.db, table); // column snapshots know when its rows change (018)
    const labels = new Set(this.entities().map((e) => lower(e.label)));
    this.db
      .prepare('INSERT INTO catalog_entities (name, label, key_field, display_field, table_name) VALUES (?, ?, ?, ?, ?)')
      .run(name, uniqueLabel(labelFor(name), labels), keyField, keyField, table);
    this.db
      .prepare(
        'INSERT INTO catalog_fields (entity, name, label, type, column_name, options, lookup_entity, ordinal) VALUES (?, ?, ?, ?, ?, NULL, NULL, 0)',
      )
      .run(name, keyField, labelFor(keyField), 'text', 'key');
    const created = this.entity(name);
    if (!created) throw new Error(`Entity ${name} was not created`);
    return created;
  }

  /**
   * Adds a field to an entity: ALTER TABLE ADD COLUMN (+ shadow, + index for lookups) and the catalog
   * row; lookups also get their relationship. Existing rows keep their data (the new column is NULL).
   */
  addEntityField(entityName: string, f: NewField): FieldDef {
    const entity = this.entity(entityName);
    if (!entity) throw new Error(`Unknown entity ${entityName}`);
    const existing = entity.fields.find((x) => lower(x.name) === lower(f.name));
    if (existing) return existing;
    const column = freshColumnName(f.name, this.columnsOf(entity.table));
    const sqlType = sqlTypeOf(f.type);
    this.db.exec(`ALTER TABLE "${entity.table}" ADD COLUMN "${column}" ${sqlType}`);
    if (FOLDED_TYPES.has(f.type)) this.db.exec(`ALTER TABLE "${entity.table}" ADD COLUMN "${column}__f" TEXT`);
    if (f.type === 'lookup') this.db.exec(`CREATE INDEX "${entity.table}_${column}" ON "${entity.table}"("${column}")`);
    const ordinal = Math.max(0, ...entity.fields.map((x) => x.ordinal)) + 1;
    this.db
      .prepare(
        'INSERT INTO catalog_fields (entity, name, label, type, column_name, options, lookup_entity, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(entity.name, f.name, this.freshLabel(f, entity.fields), f.type, column, optionsJson(f), f.lookupEntity ?? null, ordinal);
    if (f.type === 'lookup' && f.lookupEntity) {
      const target = this.entity(f.lookupEntity);
      const referenced = target?.name ?? f.lookupEntity;
      this.db
        .prepare(
          'INSERT OR IGNORE INTO catalog_relationships (name, referencing_entity, referenced_entity, lookup_field) VALUES (?, ?, ?, ?)',
        )
        .run(lower(`${entity.name}_${referenced}_${f.name}`), entity.name, referenced, f.name);
    }
    // The display field follows the data: `fullname` for contacts, `name` for other entities, when present.
    if (entity.displayField === entity.keyField && ['fullname', 'name'].includes(lower(f.name)) && f.type === 'text') {
      this.db.prepare('UPDATE catalog_entities SET display_field = ? WHERE name = ?').run(f.name, entity.name);
    }
    const created = this.field(entity.name, f.name);
    if (!created) throw new Error(`Field ${f.name} was not created`);
    return created;
  }

  /**
   * Adds many fields to an entity in one schema change: a few new columns are ALTERed in; more than
   * {@link WIDEN_BY_ALTER_MAX} rebuild the table once with all of them (SQLite's documented way to make
   * several schema changes at once), because each ALTER re-parses the whole schema — 2,000 ALTERs took
   * over 20 s. Existing rows keep their rids and data; new columns are NULL. Call inside a transaction.
   */
  addEntityFields(entityName: string, fields: readonly NewField[]): void {
    const entity = this.entity(entityName);
    if (!entity) throw new Error(`Unknown entity ${entityName}`);
    const known = new Set(entity.fields.map((x) => lower(x.name)));
    const todo = fields.filter((f) => !known.has(lower(f.name)));
    if (todo.length === 0) return;
    const taken = this.columnsOf(entity.table);
    const oldColumns = [...taken];
    const defs: string[] = [];
    const planned = todo.map((f) => {
      const column = freshColumnName(f.name, taken);
      taken.add(column);
      defs.push(`"${column}" ${sqlTypeOf(f.type)}`);
      if (FOLDED_TYPES.has(f.type)) {
        taken.add(`${column}__f`);
        defs.push(`"${column}__f" TEXT`);
      }
      return { f, column };
    });
    if (defs.length <= WIDEN_BY_ALTER_MAX) {
      for (const d of defs) this.db.exec(`ALTER TABLE "${entity.table}" ADD COLUMN ${d}`);
    } else {
      this.rebuildWith(entity.table, oldColumns, defs);
    }
    const insert = this.db.prepare(
      'INSERT INTO catalog_fields (entity, name, label, type, column_name, options, lookup_entity, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let ordinal = Math.max(0, ...entity.fields.map((x) => x.ordinal));
    const labels = new Set(entity.fields.map((x) => lower(x.label)));
    for (const { f, column } of planned) {
      const label = f.label ?? uniqueLabel(labelFor(f.name), labels);
      labels.add(lower(label));
      insert.run(entity.name, f.name, label, f.type, column, optionsJson(f), f.lookupEntity ?? null, ++ordinal);
      if (f.type === 'lookup') {
        this.db.exec(`CREATE INDEX "${entity.table}_${column}" ON "${entity.table}"("${column}")`);
        const referenced = (f.lookupEntity ? this.entity(f.lookupEntity)?.name : undefined) ?? f.lookupEntity ?? entity.name;
        this.db
          .prepare(
            'INSERT OR IGNORE INTO catalog_relationships (name, referencing_entity, referenced_entity, lookup_field) VALUES (?, ?, ?, ?)',
          )
          .run(lower(`${entity.name}_${referenced}_${f.name}`), entity.name, referenced, f.name);
      }
    }
    const display = planned.find(({ f }) => ['fullname', 'name'].includes(lower(f.name)) && f.type === 'text');
    if (entity.displayField === entity.keyField && display) {
      this.db.prepare('UPDATE catalog_entities SET display_field = ? WHERE name = ?').run(display.f.name, entity.name);
    }
  }

  /** Re-creates `table` with `defs` appended to its columns, copying its rows and indexes (one schema change). */
  private rebuildWith(table: string, columns: readonly string[], defs: readonly string[]): void {
    const sql = this.db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(table) as string;
    const indexes = this.db
      .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
      .pluck()
      .all(table) as string[];
    const tmp = `${table}__widen`;
    const head = /^CREATE TABLE\s+(?:"[^"]*"|\S+?)\s*\(/i;
    if (!head.test(sql) || !sql.trimEnd().endsWith(')')) throw new Error(`Unexpected table definition of ${table}`);
    const body = sql.trimEnd().slice(0, -1).replace(head, `CREATE TABLE "${tmp}" (`);
    const list = columns.map((c) => `"${c}"`).join(', ');
    this.db.exec(`DROP TABLE IF EXISTS "${tmp}"`);
    this.db.exec(`${body}, ${defs.join(', ')})`);
    this.db.exec(`INSERT INTO "${tmp}" (${list}) SELECT ${list} FROM "${table}"`);
    this.db.exec(`DROP TABLE "${table}"`);
    this.db.exec(`ALTER TABLE "${tmp}" RENAME TO "${table}"`);
    for (const i of indexes) this.db.exec(i);
    installGenerationTriggers(this.db, table); // DROP TABLE took its triggers with it (018)
  }

  /** The interaction type, created if new. */
  ensureInteractionType(name: string): InteractionTypeDef {
    const existing = this.interactionType(name);
    if (existing) return existing;
    const taken = new Set(this.interactionTypes().map((t) => lower(t.label)));
    this.db.prepare('INSERT INTO interaction_types (name, label) VALUES (?, ?)').run(name, uniqueLabel(labelFor(name), taken));
    const created = this.interactionType(name);
    if (!created) throw new Error(`Interaction type ${name} was not created`);
    return created;
  }

  /**
   * Adds a field to an interaction type. The column of `interactions` is shared by every type with a
   * field of that (case-insensitive) name, so it is created only when no type has it yet.
   */
  addInteractionField(typeName: string, f: NewField): FieldDef {
    const t = this.interactionType(typeName);
    if (!t) throw new Error(`Unknown interaction type ${typeName}`);
    const existing = t.fields.find((x) => lower(x.name) === lower(f.name));
    if (existing) return existing;
    const column = this.ensureInteractionColumn(f.name, FOLDED_TYPES.has(f.type));
    const ordinal = Math.max(0, ...t.fields.map((x) => x.ordinal)) + 1;
    this.db
      .prepare('INSERT INTO interaction_fields (type_id, name, label, type, column_name, options, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(t.id, f.name, this.freshLabel(f, t.fields), f.type, column, optionsJson(f), ordinal);
    const created = this.interactionType(t.name)?.fields.find((x) => lower(x.name) === lower(f.name));
    if (!created) throw new Error(`Field ${f.name} was not created`);
    return created;
  }

  /**
   * Adds many fields to an interaction type at once (a wide file's first row): the type is read once,
   * not once per field as {@link addInteractionField} does — for 500 fields that was seconds.
   */
  addInteractionFields(typeName: string, fields: readonly NewField[]): void {
    const t = this.interactionType(typeName);
    if (!t) throw new Error(`Unknown interaction type ${typeName}`);
    const known = new Set(t.fields.map((x) => lower(x.name)));
    const insert = this.db.prepare(
      'INSERT INTO interaction_fields (type_id, name, label, type, column_name, options, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    let ordinal = Math.max(0, ...t.fields.map((x) => x.ordinal));
    const cols = this.columnsOf('interactions');
    const labels = new Set(t.fields.map((x) => lower(x.label)));
    for (const f of fields) {
      if (known.has(lower(f.name))) continue;
      known.add(lower(f.name));
      const column = this.interactionColumn(f.name, FOLDED_TYPES.has(f.type), cols);
      const label = f.label ?? uniqueLabel(labelFor(f.name), labels);
      labels.add(lower(label));
      insert.run(t.id, f.name, label, f.type, column, optionsJson(f), ++ordinal);
    }
  }

  /**
   * The `interactions` column for a field name (shared by every type with a field of that name), created
   * (with its `__f` shadow when `folded`) if needed. Importers call it before preparing their INSERT.
   */
  ensureInteractionColumn(fieldName: string, folded: boolean): string {
    return this.interactionColumn(fieldName, folded, this.columnsOf('interactions'));
  }

  /** {@link ensureInteractionColumn} for many fields, reading the table's columns once (wide files). */
  ensureInteractionColumns(fields: readonly { name: string; folded: boolean }[]): string[] {
    const cols = this.columnsOf('interactions');
    return fields.map((f) => this.interactionColumn(f.name, f.folded, cols));
  }

  /**
   * How many columns `interactions` would have after {@link ensureInteractionColumns} for `fields`
   * (reads only): imports check it against {@link SQLITE_MAX_COLUMNS} before writing anything.
   */
  interactionColumnsAfter(fields: readonly { name: string; folded: boolean }[]): number {
    const cols = this.columnsOf('interactions');
    for (const f of fields) {
      const column = this.interactionColumnName(f.name, cols);
      cols.add(column);
      if (f.folded) cols.add(`${column}__f`);
    }
    return cols.size;
  }

  /** The column name for `fieldName` given the table's columns `cols`; decides only, creates nothing. */
  private interactionColumnName(fieldName: string, cols: ReadonlySet<string>): string {
    // Cached statements: a wide file asks this twice per field (once to plan, once to create).
    const shared = stmt(this.db, 'SELECT column_name FROM interaction_fields WHERE name = ? LIMIT 1').get(fieldName) as
      { column_name: string } | undefined;
    if (shared) return shared.column_name;
    // A column created earlier for this name but not yet owned by any type's field is reused.
    const base = baseColumnName(fieldName);
    const owned = stmt(this.db, 'SELECT 1 FROM interaction_fields WHERE column_name = ?').get(base) !== undefined;
    return cols.has(base) && !owned ? base : freshColumnName(fieldName, cols);
  }

  /** The column for `fieldName` given the table's current columns `cols` (kept current as columns are added). */
  private interactionColumn(fieldName: string, folded: boolean, cols: Set<string>): string {
    const column = this.interactionColumnName(fieldName, cols);
    if (!cols.has(column)) this.db.exec(`ALTER TABLE interactions ADD COLUMN "${column}"`);
    if (folded && !cols.has(`${column}__f`)) this.db.exec(`ALTER TABLE interactions ADD COLUMN "${column}__f" TEXT`);
    cols.add(column);
    if (folded) cols.add(`${column}__f`);
    return column;
  }

  /** The label a new field gets: the one asked for, else derived from its name and unique among `fields`. */
  private freshLabel(f: NewField, fields: readonly FieldDef[]): string {
    return f.label ?? uniqueLabel(labelFor(f.name), new Set(fields.map((x) => lower(x.label))));
  }

  /** Replaces the option list of a choice / multichoice field (imports grow it as values appear). */
  setEntityFieldOptions(entity: string, field: string, options: ChoiceOption[]): void {
    this.db.prepare('UPDATE catalog_fields SET options = ? WHERE entity = ? AND name = ?').run(JSON.stringify(options), entity, field);
  }

  setInteractionFieldOptions(typeId: number, field: string, options: ChoiceOption[]): void {
    this.db.prepare('UPDATE interaction_fields SET options = ? WHERE type_id = ? AND name = ?').run(JSON.stringify(options), typeId, field);
  }
}

/** Up to this many new columns are ALTERed in; more rebuild the table once ({@link CatalogRepo.addEntityFields}). */
export const WIDEN_BY_ALTER_MAX = 8;

function optionsJson(f: NewField): string | null {
  if (f.type !== 'choice' && f.type !== 'multichoice') return null;
  return JSON.stringify(f.options ?? []);
}

/** Declared column type (affinity) per field type; see the encodings table in docs/storage.md. */
export function sqlTypeOf(type: FieldType): string {
  switch (type) {
    case 'integer':
    case 'datetime':
    case 'boolean':
    case 'lookup':
      return 'INTEGER';
    case 'decimal':
      return 'REAL';
    default:
      return 'TEXT';
  }
}
