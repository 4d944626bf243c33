import { z } from 'zod';
import type { Catalog } from '../../models/catalog.js';

/** One record of an entity as a lookup value editor shows it: the stored key and its display name. */
export interface LookupRecord {
  /** The record's key (what a lookup rule stores and compares). */
  key: string;
  /** The record's display name (the entity's display field, e.g. `name` / `fullname`); the key when that is empty. */
  label: string;
}

/** A logical name that addresses a catalog item. */
const name = (what: string) => z.string().trim().min(1, `${what} is required`).max(200);

/** A display label a person types: trimmed, 1–120 characters, no control characters. */
const label = z
  .string()
  .trim()
  .min(1, 'Enter a label')
  .max(120, 'Use at most 120 characters')
  .refine((l) => !/\p{Cc}/u.test(l), 'The label may not contain control characters (tabs, line breaks)');

export const catalogInputs = {
  /** The whole catalog: entities with typed fields, relationships, interaction types. */
  'catalog.describe': z.strictObject({}),
  /**
   * Records of one entity for a lookup value editor, `[{ key, label }]`, at most `limit` (default 20).
   * With `keys`: those records (in the order given, unknown keys left out) — to show the names of
   * values already chosen. Otherwise `search` matches case-insensitively: names starting with it first
   * (by name), then names or keys containing it; an empty search lists the first records by name.
   * The label is the entity's display field (catalog `displayField`: a text field named `fullname` or
   * `name` once one exists, else the key). Unknown entity → `not_found`.
   */
  'catalog.lookupRecords': z
    .strictObject({
      entity: z.string().trim().min(1, 'Entity is required').max(120),
      search: z.string().max(200).optional(),
      keys: z.array(z.string().min(1).max(1000)).max(500).optional(),
      limit: z.number().int().min(1).max(100).optional(),
    })
    .refine((v) => v.search === undefined || v.keys === undefined, { message: 'Give either search or keys, not both', path: ['keys'] }),
  /** Deletes a field of an entity with its values; refused (naming the segments) while a segment uses it. */
  'catalog.dropField': z.strictObject({
    entity: z.string().trim().min(1, 'Entity is required').max(120),
    field: z.string().trim().min(1, 'Field is required').max(200),
  }),
  /** Deletes an entity with its records; refused while a segment uses it or another entity looks it up. */
  'catalog.dropEntity': z.strictObject({ entity: z.string().trim().min(1, 'Entity is required').max(120) }),
  /**
   * Renames what a person reads (display labels) and picks an entity's primary name field; logical names,
   * tables and stored data never change. One item per call, by `target`:
   * - `entity`: `label` and/or `displayField` (a text, choice or key field of that entity, whose value names
   *   a record in lookups and pickers);
   * - `field` / `interactionField`: the field's `label`, unique within its entity / interaction type;
   * - `interactionType`: its `label`, unique among interaction types;
   * - `relationship`: its `label`, or `null` to name it by its lookup field's label again.
   * Entity labels are unique among entities. Labels are compared case-insensitively after trimming.
   * Unknown names → `not_found`; a label already used → `conflict` (nothing changes). Returns the catalog.
   */
  'catalog.update': z.discriminatedUnion('target', [
    z
      .strictObject({
        target: z.literal('entity'),
        entity: name('Entity'),
        label: label.optional(),
        displayField: name('Field').optional(),
      })
      .refine((v) => v.label !== undefined || v.displayField !== undefined, {
        message: 'Give a label or a display field',
        path: ['label'],
      }),
    z.strictObject({ target: z.literal('field'), entity: name('Entity'), field: name('Field'), label }),
    z.strictObject({ target: z.literal('interactionType'), interactionType: name('Interaction type'), label }),
    z.strictObject({ target: z.literal('interactionField'), interactionType: name('Interaction type'), field: name('Field'), label }),
    z.strictObject({ target: z.literal('relationship'), relationship: name('Relationship'), label: label.nullable() }),
  ]),
};

export interface CatalogMethods {
  'catalog.describe': { input: z.infer<(typeof catalogInputs)['catalog.describe']>; output: Catalog };
  'catalog.lookupRecords': { input: z.infer<(typeof catalogInputs)['catalog.lookupRecords']>; output: LookupRecord[] };
  'catalog.dropField': { input: z.infer<(typeof catalogInputs)['catalog.dropField']>; output: { entity: string; field: string } };
  'catalog.dropEntity': { input: z.infer<(typeof catalogInputs)['catalog.dropEntity']>; output: { entity: string } };
  'catalog.update': { input: z.infer<(typeof catalogInputs)['catalog.update']>; output: Catalog };
}
