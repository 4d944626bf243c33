/**
 * The in-memory data model the reference evaluator runs on. It mirrors the SQLite storage exactly
 * (same value encodings, see shared/models/catalog.ts FIELD_TYPES), so the differential test can load
 * the same rows into both and demand identical members.
 */
import type { Catalog } from '../models/catalog.js';

/** A stored value: text, number (integer/decimal/datetime epoch ms/boolean 0|1/lookup row id) or NULL. */
export type StoredValue = string | number | null;

/** One record of a profile entity: `rid` is the internal row id, `key` the external key. */
export interface EntityRecord {
  rid: number;
  key: string;
  /** Field values keyed by lower-cased field name. Lookup fields hold the referenced record's rid. */
  values: Record<string, StoredValue>;
}

/** One interaction: type name, contact rid, timestamp (epoch ms UTC) and its own field values. */
export interface InteractionRecord {
  type: string;
  contactRid: number;
  ts: number;
  /** Field values keyed by lower-cased field name. */
  values: Record<string, StoredValue>;
}

/** Everything an evaluation reads. */
export interface Dataset {
  catalog: Catalog;
  /** Records per entity, keyed by lower-cased entity name. */
  entities: Record<string, EntityRecord[]>;
  interactions: InteractionRecord[];
  /** Current members (contact rids) of live segments, by segment id, for segment blocks. */
  segmentMembers: Record<string, number[]>;
}

/** Evaluation context: `now` (epoch ms) and the segment's IANA time zone. */
export interface EvalContext {
  now: number;
  timeZone: string;
}
