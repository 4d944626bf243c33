import { z } from 'zod';
import { filePath } from '../filePath.js';
import type { ContactDetail, ContactPage, TimelinePage } from '../../models/contact.js';
import { CONTACT_FILTER_OPERATORS } from '../../models/contact.js';
import { exportFormat, exportId } from './live.js';

const rid = z.number().int().min(1);
const fieldValue = z.union([z.string().max(10_000), z.number().finite(), z.boolean(), z.array(z.string().max(1000)).max(500), z.null()]);

/** Records of one entity, by key and/or rid (at least one). */
const recordsSelection = z
  .strictObject({
    entity: z.string().trim().min(1, 'Entity is required').max(120),
    keys: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
    rids: z.array(rid).max(100_000).optional(),
  })
  .refine((v) => (v.keys?.length ?? 0) + (v.rids?.length ?? 0) > 0, { message: 'Name at least one record (keys or rids)', path: ['keys'] });

/** What deleting records does: how many, the segments they leave, or why it is refused. */
export interface DeleteImpact {
  entity: string;
  count: number;
  /** Names of the segments these contacts are members of (they leave them). */
  segments: string[];
  /** Why the deletion would be refused (another record links to one of them), or null. */
  problem: string | null;
}
const fieldName = z.string().min(1).max(200);
/** Sorting of the contacts grid: one field (a lookup sorts by the related record's name). */
const sort = z.strictObject({ field: fieldName, direction: z.enum(['asc', 'desc']) });
/**
 * One filter of the contacts grid (all must hold). Text operators compare case- and accent-insensitively;
 * `is`/`not`/`after`/`before`… on dates take 'YYYY-MM-DD' (a date-time field's day in `timeZone`);
 * a lookup filters by the related record's name. The backend checks operator and value against the field's type.
 */
const filter = z.strictObject({
  field: fieldName,
  operator: z.enum(CONTACT_FILTER_OPERATORS),
  value: z.union([z.string().max(1000), z.number().finite(), z.boolean()]).optional(),
});
/** What the contacts grid shows: search, filters and sort (shared by the list and its export). */
const gridQuery = {
  search: z.string().max(200).optional(),
  filters: z.array(filter).max(10).optional(),
  sort: sort.optional(),
  /** IANA zone that date filters on date-time fields read days in (the user's); UTC when absent. */
  timeZone: z.string().min(1).max(100).optional(),
};

export const contactsInputs = {
  /**
   * A page of contacts, ordered by rid unless `sort` says otherwise. `search` matches (case-insensitively,
   * as a substring) the key and every text, choice and multi-choice field; `filters` narrow further.
   * Page with `afterRid` (keyset, fast; only without `sort`) or `offset`.
   */
  'contacts.list': z.strictObject({
    ...gridQuery,
    afterRid: z.number().int().min(0).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  /**
   * Write the contacts the grid shows (search, filters, sort) to a CSV or Excel file with the chosen
   * columns (all fields when absent), values formatted like member exports; date-times in `timeZone`.
   * Progress: `contactsExport.progressed`; cancel with `exports.cancel`.
   */
  'contacts.export': z.strictObject({
    ...gridQuery,
    path: filePath('write'),
    format: exportFormat.optional(),
    columns: z.array(fieldName).max(200).optional(),
    exportId,
  }),
  /** One contact: its fields, linked records (its account), segment memberships and interaction counts. */
  'contacts.get': z.strictObject({ rid }),
  /** A contact's interactions, newest first. */
  'contacts.timeline': z.strictObject({
    rid,
    types: z.array(z.string().min(1).max(120)).max(100).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  /**
   * Edit fields of a contact (field name → new value, null clears). Values are checked against the
   * catalog types; the key field cannot be changed.
   */
  'contacts.update': z.strictObject({ rid, values: z.record(z.string().min(1).max(200), fieldValue) }),
  /** What deleting these records would do (for the confirm dialog); writes nothing. */
  'records.deleteImpact': recordsSelection,
  /**
   * Deletes records of an entity by key or rid, in one transaction; a contact's interactions and static
   * memberships go with it. Refused (nothing deleted) for an unknown key or while another record links to one.
   */
  'records.delete': recordsSelection,
};

type In<K extends keyof typeof contactsInputs> = z.infer<(typeof contactsInputs)[K]>;

export interface ContactsMethods {
  'contacts.list': { input: In<'contacts.list'>; output: ContactPage };
  'contacts.get': { input: In<'contacts.get'>; output: ContactDetail };
  'contacts.timeline': { input: In<'contacts.timeline'>; output: TimelinePage };
  'contacts.update': { input: In<'contacts.update'>; output: ContactDetail };
  'records.deleteImpact': { input: In<'records.deleteImpact'>; output: DeleteImpact };
  'records.delete': { input: In<'records.delete'>; output: DeleteImpact };
  'contacts.export': { input: In<'contacts.export'>; output: { path: string; rows: number } };
}
