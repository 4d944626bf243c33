import { z } from 'zod';
import type { ContactDetail, ContactPage, TimelinePage } from '../../models/contact.js';

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

export const contactsInputs = {
  /**
   * A page of contacts, ordered by rid. `search` matches (case-insensitively, as a substring) the key and
   * every text, choice and multi-choice field. Page with `afterRid` (keyset, fast) or `offset`.
   */
  'contacts.list': z.strictObject({
    search: z.string().max(200).optional(),
    afterRid: z.number().int().min(0).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
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
}
