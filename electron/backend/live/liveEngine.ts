/**
 * The narrow port through which live segments use the segment engine (validation, SQL compilation,
 * explain), and its implementation, createLiveEngine: the SQL compiler (compileDefinition), the shared
 * validator (validateDefinition, plus the compiler's own checks) and the reference evaluator
 * (explainContact over the contact's data from SQLite). Lifecycle code sees only the port.
 * Catalog reads are cached and reloaded when the catalog changes (fields and types only grow by
 * imports, which change the schema version or the catalog row counts).
 */
import type { ApiIssue } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { ContactExplanation } from '../../../shared/segments/evaluate.js';
import type { RelationshipInfo } from './definitionReads.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Catalog } from '../../../shared/models/catalog.js';
import type { SegmentStatus, SegmentType } from '../../../shared/models/segment.js';
import { validateDefinition } from '../../../shared/segments/validate.js';
import { explainContact } from '../../../shared/segments/evaluate.js';
import type { Db } from '../db/connection.js';
import { compileDefinition } from '../segments/compile.js';
import { loadCatalog } from '../catalog/describe.js';
import { loadStorageCatalog, type StorageCatalog } from '../segments/compileCatalog.js';
import { loadContactDataset } from './contactDataset.js';
import { referencedSegments } from '../segments/graph.js';

/** SQL selecting the matching contacts in a column named `rid`, with its bound parameters. */
export interface MemberQuery {
  sql: string;
  params: unknown[];
}

/** A whole evaluation handed to the evaluator worker: members of `definition` as of `now`. */
export interface WorkerMembersJob {
  definition: SegmentDefinition;
  timeZone: string;
  now: number;
  /** The segment evaluated (a warehouse segment runs on the warehouse: warehouse/source/). */
  segmentId?: string;
  /** A go-live preview: nothing is written anywhere (the warehouse's member table included). */
  preview?: boolean;
}

export interface LiveEngine {
  /** Problems of a definition (keyed by node id); empty when it can go live. `selfId` guards cycles. */
  validate(definition: SegmentDefinition, selfId: string | null): ApiIssue[];
  /** The member query of a dynamic or compound definition at `now` in `timeZone`. */
  compile(definition: SegmentDefinition, timeZone: string, now: number): MemberQuery;
  /**
   * The same query shaped for re-checking ONE contact: `sql` selects `rid` and takes that contact's rid
   * as its last parameter (after `params`); plans use the per-contact indexes.
   */
  compileForContact(definition: SegmentDefinition, timeZone: string, now: number): MemberQuery;
  /** A relationship of the catalog by case-insensitive name (which lookup field a related group reads). */
  relationship(name: string): RelationshipInfo | undefined;
  /** Rule-by-rule trace for one contact, from the reference evaluator over that contact's data. */
  explain(definition: SegmentDefinition, timeZone: string, now: number, contactRid: number): ContactExplanation;
}

/** A fingerprint that changes whenever the catalog does (columns added, fields, types, options). */
function catalogFingerprint(db: Db): () => string {
  const counts = db
    .prepare(
      `SELECT (SELECT count(*) || ':' || total(length(options)) FROM catalog_fields) || '/' || (SELECT count(*) FROM catalog_relationships) || '/' ||
            (SELECT count(*) FROM interaction_types) || '/' || (SELECT count(*) || ':' || total(length(options)) FROM interaction_fields)`,
    )
    .pluck();
  return () => `${db.pragma('schema_version', { simple: true }) as number}/${counts.get() as string}`;
}

export function createLiveEngine(db: Db): LiveEngine {
  const catalogVersion = catalogFingerprint(db);
  let cached: { version: string; storage: StorageCatalog; catalog: Catalog | null } | null = null;
  const storage = (): StorageCatalog => {
    const version = catalogVersion();
    if (!cached || cached.version !== version) cached = { version, storage: loadStorageCatalog(db), catalog: null };
    return cached.storage;
  };
  const catalog = (): Catalog => {
    storage();
    if (!cached) throw new Error('catalog cache missing');
    cached.catalog ??= loadCatalog(db);
    return cached.catalog;
  };

  return {
    validate(definition: SegmentDefinition, selfId: string | null): ApiIssue[] {
      if (definition.kind === 'static') return [];
      const lookup = db.prepare('SELECT name, status, type, definition FROM segments WHERE id = ?');
      const issues: ApiIssue[] = validateDefinition(definition, catalog(), {
        segmentLookup: (id) => {
          const row = lookup.get(id) as { name: string; status: SegmentStatus; type: SegmentType; definition: string } | undefined;
          return row
            ? {
                name: row.name,
                status: row.status,
                type: row.type,
                references: referencedSegments(JSON.parse(row.definition) as SegmentDefinition),
              }
            : undefined;
        },
        ...(selfId ? { selfId } : {}),
      }).map((i) => (i.nodeId ? { path: i.path, message: i.message, nodeId: i.nodeId } : { path: i.path, message: i.message }));
      if (issues.length > 0) return issues;
      // The compiler must accept it too (it resolves lookup keys and storage columns).
      try {
        compileDefinition(definition, storage(), { now: 0, timeZone: 'UTC' });
        return [];
      } catch (err) {
        if (err instanceof ApiFailure) return err.issues ?? [{ path: 'definition', message: err.message }];
        return [{ path: 'definition', message: err instanceof Error ? err.message : String(err) }];
      }
    },
    relationship(name) {
      return storage().relationships.get(name.toLowerCase());
    },
    compile(definition, timeZone, now) {
      return compileDefinition(definition, storage(), { now, timeZone });
    },
    compileForContact(definition, timeZone, now) {
      // Same compiler, same semantics; only the pinned indexes and the related-group shape differ. With the contact's rid pushed
      // down into every block, the (contact_rid, type_id, ts) index answers interaction blocks with a
      // short range instead of scanning the whole time window (40 ms → ~35 µs at 2M interactions).
      const s = storage();
      const perContact = {
        ...s,
        indexes: { ...s.indexes, interactionsByTypeTs: s.indexes.interactionsByContact, statsByTypeLastTs: null },
      };
      // Related groups and segment blocks become correlated probes: the semi-join form would list
      // every matching related record (100k accounts for Q2), and a segment block every stored member
      // of the child, to test one contact.
      const q = compileDefinition(definition, perContact, { now, timeZone }, { correlatedRelated: true, correlatedSegments: true });
      return { sql: `SELECT rid FROM (${q.sql}) WHERE rid = ?`, params: q.params };
    },
    explain(definition, timeZone, now, contactRid) {
      const data = loadContactDataset(db, catalog(), storage(), definition, contactRid);
      return explainContact(definition, data, { now, timeZone }, contactRid);
    },
  };
}
