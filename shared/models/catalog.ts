/**
 * The catalog: what data exists, as the segment builder, validator, reference evaluator and SQL
 * compiler all see it. Names are matched case-insensitively everywhere; the catalog stores them in
 * the case they were first seen and compares lower-cased.
 */

/** Field types of profile entities and interactions. */
export const FIELD_TYPES = [
  'text',
  'integer',
  'decimal',
  'date', // date only, stored as 'YYYY-MM-DD'
  'datetime', // instant, stored as epoch milliseconds (UTC)
  'boolean', // stored as 0/1
  'choice', // one value of `options`, stored as the option value text
  'multichoice', // several values of `options`, stored as a JSON array text, e.g. '["Cats","Dogs"]'
  'lookup', // reference to another entity's record, stored as that record's internal row id
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One option of a choice / multichoice field. */
export interface ChoiceOption {
  value: string;
  label: string;
}

/** A typed field of an entity or interaction type. */
export interface CatalogField {
  /** Logical name as found in the data, e.g. `address1_city` (never shown outside the catalog view). */
  name: string;
  /** Display label, unique within its entity or interaction type, e.g. `City`; what every screen shows. */
  label: string;
  type: FieldType;
  /** For choice and multichoice: the allowed values. */
  options?: ChoiceOption[];
  /** For lookup: the referenced entity's name. */
  lookupEntity?: string;
}

/** A profile entity (contact is always present). Its key field holds the record's external id. */
export interface CatalogEntity {
  name: string;
  label: string;
  /** Name of the field holding the record key from the source system (e.g. `contactid`). */
  keyField: string;
  /** Field whose value names a record in pickers (e.g. `fullname`, `name`); may equal keyField. */
  displayField: string;
  fields: CatalogField[];
  recordCount: number;
}

/**
 * A relationship from a lookup field: `referencing` entity's `lookupField` points at a `referenced`
 * entity record. Named `<referencing>_<referenced>_<lookupField>`; followable in both directions.
 */
export interface CatalogRelationship {
  name: string;
  /**
   * Display label as a marketer reads it (e.g. `Company`): the label set in the catalog view, else the
   * lookup field's label. Captions add the entity on the other side: `Company (Account)`. Always set
   * by `catalog.describe`; catalogs built by hand (tests, segment files) may leave it out, and readers then
   * use the lookup field's label.
   */
  label?: string;
  /** True when the label was set in the catalog view (not followed from the lookup field). */
  labelSet?: boolean;
  referencingEntity: string;
  referencedEntity: string;
  lookupField: string;
}

/** An interaction type (EmailOpened, …): always linked to a contact and timestamped. */
export interface CatalogInteractionType {
  name: string;
  label: string;
  /** Own typed fields beyond the implicit contact and timestamp. */
  fields: CatalogField[];
  count: number;
}

/** Everything `catalog.describe` returns. */
export interface Catalog {
  entities: CatalogEntity[];
  relationships: CatalogRelationship[];
  interactionTypes: CatalogInteractionType[];
}
