import { describe, expect, it } from 'vitest';
import type { FieldType } from '../../../shared/models/catalog.js';
import type { StorageCatalog, StorageField } from '../segments/compileCatalog.js';
import { duckdb } from '../segments/sql/dialects/duckdb.js';
import { postgres } from '../segments/sql/dialects/postgres.js';
import { copyCell } from './pushPostgres.js';
import { schemaDdl, warehouseSchema } from './schema.js';

const field = (name: string, type: FieldType, column: string, lookupEntity: string | null = null): StorageField => ({
  name,
  type,
  column,
  foldedColumn: ['text', 'choice', 'multichoice'].includes(type) ? `${column}__f` : null,
  options: [],
  lookupEntity,
});

/** A catalog with awkward names: spaces, a leading digit, a name ending in __f, a clash, the key as a field. */
function awkwardCatalog(): StorageCatalog {
  const contactFields = [
    field('contactid', 'text', 'key'),
    field('First Name', 'text', 'c_first_name'),
    field('first_name', 'text', 'c_first_name_2'),
    field('2fa', 'boolean', 'c_2fa'),
    field('notes__f', 'text', 'c_notes_f'),
    field('pets', 'multichoice', 'c_pets'),
    field('company', 'lookup', 'c_company', 'account'),
  ];
  return {
    entities: new Map([
      [
        'contact',
        {
          name: 'contact',
          table: 'ent_contact',
          keyField: 'contactid',
          fields: new Map(contactFields.map((f) => [f.name.toLowerCase(), f])),
        },
      ],
      [
        'account',
        { name: 'account', table: 'ent_account', keyField: 'Account ID', fields: new Map([['name', field('name', 'text', 'c_name')]]) },
      ],
      ['interactions', { name: 'interactions', table: 'ent_interactions', keyField: 'id', fields: new Map() }],
    ]),
    relationships: new Map(),
    interactionTypes: new Map([
      [
        'opened',
        {
          id: 1,
          name: 'Opened',
          fields: new Map([
            ['ts', field('ts', 'datetime', 'c_ts')],
            ['device', field('device', 'choice', 'c_device')],
          ]),
        },
      ],
    ]),
    indexes: { interactionsByTypeTs: null, interactionsByContact: null, statsByTypeLastTs: null, hasTypeStats: false },
  };
}

describe('warehouse schema names', () => {
  it('gives every table and column a plain, unique, lower-case name, the key column named after the key field', () => {
    const s = warehouseSchema(awkwardCatalog());
    const contact = s.entities.get('contact');
    expect(contact?.table).toBe('contact');
    expect(contact?.key).toBe('contactid');
    expect([...(contact?.columns.values() ?? [])].map((c) => [c.name, c.folded])).toEqual([
      ['contactid', 'contactid__f'],
      ['first_name', 'first_name__f'],
      ['first_name_2', 'first_name_2__f'],
      ['_2fa', null],
      ['notes_f', 'notes_f__f'],
      ['pets', 'pets__f'],
      ['company', null],
    ]);
    expect(s.entities.get('account')?.key).toBe('account_id');
    // An entity named like a fixed table does not take its name.
    expect(s.entities.get('interactions')?.table).toBe('interactions_2');
    // An interaction field named like a fixed column gets another name.
    expect(s.interactionColumns.get('c_ts')?.name).toBe('ts_2');
  });

  it('emits DDL per dialect with typed columns and the key as primary key', () => {
    const s = warehouseSchema(awkwardCatalog());
    const pg = schemaDdl(s, postgres).join(';\n');
    expect(pg).toContain('CREATE TABLE "contact" (\n  "contactid" text NOT NULL,\n  "contactid__f" text,');
    expect(pg).toContain('"pets" text[],\n  "pets__f" text[]');
    expect(pg).toContain('"_2fa" boolean');
    expect(pg).toContain('PRIMARY KEY ("contactid")');
    expect(pg).toContain('"ts" timestamptz NOT NULL');
    const duck = schemaDdl(s, duckdb).join(';\n');
    expect(duck).toContain('"pets" VARCHAR[]');
    expect(duck).toContain('"ts" TIMESTAMPTZ NOT NULL');
  });
});

describe('COPY text cells', () => {
  it('escapes backslash, tab, newline and carriage return, writes arrays as quoted elements, NULL as \\N', () => {
    expect(copyCell('a\tb\nc\\d\re', 'text')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyCell(null, 'text')).toBe('\\N');
    expect(copyCell(['dogs', 'say "hi"', 'back\\slash', 'a,b'], 'textList')).toBe('{"dogs","say \\\\"hi\\\\"","back\\\\\\\\slash","a,b"}');
    expect(copyCell(true, 'boolean')).toBe('t');
    expect(copyCell(Date.UTC(2026, 2, 29, 1, 0, 0, 5), 'datetime')).toBe('2026-03-29T01:00:00.005Z');
  });

  it('refuses the NUL character with a message that says what and why', () => {
    expect(() => copyCell('a\u0000b', 'text')).toThrow(/PostgreSQL text cannot hold the NUL character/);
  });
});
