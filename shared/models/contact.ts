/** Contact DTOs served by the contacts API (plain JSON: ISO dates, arrays for multi-choice). */
import type { FieldType } from './catalog.js';

/**
 * A field value as the API shows it: text/choice → string, integer/decimal → number, boolean → boolean,
 * date → 'YYYY-MM-DD', datetime → ISO string (UTC), multichoice → string[], lookup → the referenced
 * record's key; null = no data.
 */
export type FieldValue = string | number | boolean | string[] | null;

/** A related record named by a lookup: its display name (null when it has none) and key. */
export interface LookupName {
  key: string;
  name: string | null;
}

/** One contact row in the list. */
export interface ContactListRow {
  rid: number;
  key: string;
  /** The display field's value (e.g. fullname), or the key when it is empty. */
  displayName: string;
  /** Every catalog field by name. */
  values: Record<string, FieldValue>;
  /** For lookup fields with a value: the related record's name and key (resolved in bulk per page). */
  lookups?: Record<string, LookupName>;
}

/** Filter operators of the contacts grid (the data grid's names). */
export const CONTACT_FILTER_OPERATORS = [
  'contains',
  'doesNotContain',
  'equals',
  'doesNotEqual',
  'startsWith',
  'endsWith',
  'isEmpty',
  'isNotEmpty',
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'is',
  'not',
  'after',
  'onOrAfter',
  'before',
  'onOrBefore',
] as const;
export type ContactFilterOperator = (typeof CONTACT_FILTER_OPERATORS)[number];

export interface ContactPage {
  /** Matching contacts in total (before paging). */
  total: number;
  rows: ContactListRow[];
  /** Pass as `afterRid` to get the next page (keyset paging); null on the last page. */
  nextAfterRid: number | null;
}

/** One field of a record with its value. */
export interface RecordField {
  name: string;
  label: string;
  type: FieldType;
  value: FieldValue;
  /** For a lookup with a value: the related record's name and key. */
  lookup?: LookupName;
}

/** A record referenced by a lookup field (e.g. the contact's account). */
export interface LinkedRecord {
  /** The lookup field that points at it (e.g. parentcustomerid). */
  viaField: string;
  entity: string;
  rid: number;
  key: string;
  displayName: string;
  fields: RecordField[];
}

/** A segment the contact currently belongs to (from segment_members). */
export interface ContactMembership {
  segmentId: string;
  name: string;
  type: string;
  status: string;
}

export interface ContactDetail {
  rid: number;
  key: string;
  displayName: string;
  fields: RecordField[];
  /** The record of entity `account` this contact points at, if any. */
  account: LinkedRecord | null;
  /** Every record this contact's lookup fields point at (account included). */
  linked: LinkedRecord[];
  memberships: ContactMembership[];
  /** Interactions per type name. */
  interactionCounts: Record<string, number>;
}

/** One interaction in a contact's timeline. */
export interface TimelineEntry {
  id: number;
  type: string;
  /** ISO timestamp (UTC). */
  at: string;
  values: Record<string, FieldValue>;
}

export interface TimelinePage {
  total: number;
  rows: TimelineEntry[];
}
