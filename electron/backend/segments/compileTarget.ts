/**
 * A compile target: the store a statement runs against, as the one SQL compiler sees it — the dialect,
 * how values travel (bound or inlined), and the table layout. Two layouts exist:
 *  - the desktop store (docs/storage.md): entity tables keyed by integer `rid`, lookups holding rids,
 *    `c_<field>` columns with `__f` folded shadows, interactions by `type_id` / `contact_rid` with epoch-ms
 *    timestamps, stored members in the `segment_members` view, plus the store's own shortcuts
 *    (the contact_type_stats summary, pinned indexes: `desktopForms`);
 *  - the warehouse schema (electron/backend/warehouse/schema.ts): tables keyed by the imported key,
 *    lookups holding keys, interactions by type name / contact key (sql/warehouseCompile.ts builds it).
 * Rule, condition and block logic never looks at which one it has: only at these fields.
 */
import type { InteractionBlock } from '../../../shared/segments/ast.js';
import type { CompileOptions } from './compileBlocks.js';
import type { StorageCatalog, StorageField, StorageInteractionType } from './compileCatalog.js';
import type { Clock } from './compileDates.js';
import type { SqlBuilder } from './compileSql.js';
import type { SqlDialect } from './sql/dialect.js';

/** A column carrying a catalog field (the warehouse schema's WarehouseColumn has the same shape). */
export interface TargetColumn {
  field: StorageField;
  /** Column name. */
  name: string;
  /** Its folded shadow for text, choice and multi-choice; null otherwise. */
  folded: string | null;
}

/** An entity's table. */
export interface TargetEntity {
  /** The catalog's entity name (messages, relationship checks). */
  name: string;
  table: string;
  /** The column other tables' lookups hold (desktop: `rid`; warehouse: the key column). */
  id: string;
  /** The column holding the imported key (the same as `id` when lookups hold keys). */
  key: string;
  /** Columns by the field's lower-cased name. */
  columns: ReadonlyMap<string, TargetColumn>;
}

/** The interaction log's table and fixed columns. */
export interface TargetInteractions {
  table: string;
  /** The column naming the interaction type, and the value it holds for `type`. */
  typeColumn: string;
  typeValue(type: StorageInteractionType): string | number;
  /** The contact column (holds the contact entity's `id`). */
  contact: string;
  ts: string;
  /** The columns of one type's fields, by lower-cased field name. */
  columns(type: StorageInteractionType): ReadonlyMap<string, TargetColumn>;
  /** `INDEXED BY` pins (SQLite only: the planner otherwise picks a 6–10× slower skip-scan). */
  byTypeTsIndex?: string | null;
}

/** Stored members of every segment. */
export interface TargetMembers {
  table: string;
  segment: string;
  /** Holds the contact entity's `id`. */
  contact: string;
}

/**
 * Store-specific block forms a target may offer in place of the generic ones (same members, faster
 * plans). The desktop store's are in desktopForms.ts.
 */
export interface TargetForms {
  /** An interaction block answered from a summary table, or undefined to scan the log. */
  interactionShortcut?(
    block: InteractionBlock,
    type: StorageInteractionType,
    b: SqlBuilder,
    clock: Clock,
    opts: CompileOptions,
  ): string | undefined;
  /** A segment block as a per-contact probe of the stored members of `segmentId` (`CompileOptions.correlatedSegments`). */
  memberProbe?(segmentId: string, contact: TargetEntity, b: SqlBuilder): string;
}

export interface CompileTarget {
  d: SqlDialect;
  /** Relationships and interaction types. */
  catalog: StorageCatalog;
  /** Entities by lower-cased name. */
  entities: ReadonlyMap<string, TargetEntity>;
  interactions: TargetInteractions;
  members: TargetMembers;
  /** The name of the one column every block selects (desktop: `rid`; warehouse: `k`). */
  out: string;
  /** Its type (for the empty query's typed NULL). */
  outType: 'integer' | 'text';
  forms?: TargetForms;
}
