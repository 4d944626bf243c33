/**
 * What to load before the first job: the columns and interaction logs that live segments read (their
 * stored definitions), then — with snapshot files, where a load is one file read — those of the most
 * recently modified other segments; then one estimate of each of those definitions, so the JIT is warm
 * and their rule results are cached before the first click. A list of small steps the worker runs one
 * per event-loop turn.
 */
import type { ConditionNode, SegmentDefinition } from '../../../../shared/segments/ast.js';
import type { Db } from '../../db/connection.js';
import type { ColumnarEngine } from './engine.js';
import { expandManyToMany } from '../../../../shared/segments/manyToMany.js';
import { runEstimate } from '../jobs.js';
import { contactSearchFields } from '../../live/contactRefs.js';
import { foldingColumn } from './foldedDict.js';
import { warmingSearch } from './memberSearch.js';

/** Saved segments besides the live ones whose parts are pre-loaded from snapshot files (most recently modified first). */
export const PREWARM_RECENT = 20;

interface SegmentRow {
  definition: string;
  time_zone: string;
}

function parse(rows: SegmentRow[]): { def: SegmentDefinition; timeZone: string }[] {
  return rows.flatMap((r) => {
    try {
      return [{ def: JSON.parse(r.definition) as SegmentDefinition, timeZone: r.time_zone }];
    } catch {
      return [];
    }
  });
}

/**
 * One generator per load: entity columns first (one scan per entity), then interaction logs (in
 * slices). Each yields between slices; the worker closes the running one when a message arrives.
 */
export function prewarmSteps(db: Db, engine: ColumnarEngine): (() => Generator<void, void>)[] {
  const live = parse(db.prepare("SELECT definition, time_zone FROM segments WHERE status = 'live'").all() as SegmentRow[]);
  const recent = engine.snapshots
    ? parse(
        db
          .prepare(
            "SELECT definition, time_zone FROM segments WHERE status <> 'live' AND type <> 'static' ORDER BY modified_at DESC LIMIT ?",
          )
          .all(PREWARM_RECENT) as SegmentRow[],
      )
    : [];
  return [
    ...loadSteps(
      engine,
      live.map((d) => d.def),
    ),
    ...loadSteps(
      engine,
      recent.map((d) => d.def),
    ),
    ...estimateSteps(db, engine, [...live, ...recent]),
    ...(live.length > 0 ? searchSteps(db, engine) : []),
  ];
}

/**
 * Last, with live segments: what a member search of one reads (live/members.ts) — the search fields'
 * columns with their folded text (foldedDict.ts) and each live segment's stored members — so the
 * first search typed into a Members view does not decode 1M keys first (~300 ms at 1M).
 */
function searchSteps(db: Db, engine: ColumnarEngine): (() => Generator<void, void>)[] {
  const fields = contactSearchFields(db) ?? [];
  const ids = db
    .prepare("SELECT id FROM segments WHERE status = 'live' AND member_count > 0 ORDER BY member_count DESC")
    .pluck()
    .all() as string[];
  return [
    ...fields.map(
      (name) =>
        function* searchColumn(): Generator<void, void> {
          const cols = engine.entity('contact');
          const field = cols.entity.fields.get(name.toLowerCase());
          if (!field) return;
          yield* cols.loading([field]);
          yield;
          const col = cols.column(field);
          if (col.kind === 'dict') yield* foldingColumn(col);
        },
    ),
    ...ids.map(
      (id) =>
        function* searchMembers(): Generator<void, void> {
          engine.segmentMembers(id, engine.entity('contact').words);
          yield;
          if (id === ids[0]) yield* warmingSearch(engine, id, fields); // compiles the search's loops once
        },
    ),
  ];
}

/** One estimate per definition (errors ignored: a definition that no longer compiles fails when it is used). */
function estimateSteps(
  db: Db,
  engine: ColumnarEngine,
  defs: { def: SegmentDefinition; timeZone: string }[],
): (() => Generator<void, void>)[] {
  return (
    defs
      // Not a definition with an interaction filter or aggregate: that block runs in SQL (seconds at 1M),
      // and a first click must never wait behind it.
      .filter(
        (d) =>
          d.def.kind === 'compound' ||
          (d.def.kind === 'dynamic' && d.def.blocks.every((b) => b.kind !== 'interaction' || (!b.filter && !b.aggregate))),
      )
      .map(
        ({ def, timeZone }) =>
          function* estimate(): Generator<void, void> {
            try {
              runEstimate(db, { kind: 'estimate', definition: def, timeZone, now: Date.now() }, undefined, false, engine);
            } catch {
              // pre-warming is an optimisation
            }
            yield;
          },
      )
  );
}

function loadSteps(engine: ColumnarEngine, defs: SegmentDefinition[]): (() => Generator<void, void>)[] {
  const fields = new Map<string, { entity: string; field: string }>();
  const types = new Set<string>();
  const visit = (node: ConditionNode, entity: string): void => {
    if (node.kind === 'rule') fields.set(`${entity}.${node.field}`.toLowerCase(), { entity, field: node.field });
    else if (node.kind === 'group') node.children.forEach((c) => visit(c, entity));
    else if (node.direction === 'manyToMany') {
      // N:N: read what its nested form reads (an unresolvable one fails later, in the evaluation).
      let nested: ConditionNode;
      try {
        nested = expandManyToMany(engine.storage.relationships, entity, node);
      } catch {
        return;
      }
      visit(nested, entity);
    } else {
      const rel = engine.storage.relationships.get(node.relationship.toLowerCase());
      if (!rel) return;
      // The lookup column lives on the referencing side.
      fields.set(`${rel.referencingEntity}.${rel.lookupField}`.toLowerCase(), { entity: rel.referencingEntity, field: rel.lookupField });
      node.children.forEach((c) => visit(c, node.entity));
    }
  };
  for (const def of defs) {
    if (def.kind !== 'dynamic') continue;
    for (const b of def.blocks) {
      if (b.kind === 'profile') visit(b.root, 'contact');
      else if (b.kind === 'interaction' && !b.filter && !b.aggregate) types.add(b.interactionType.toLowerCase());
    }
  }
  const steps: (() => Generator<void, void>)[] = [];
  const byEntity = new Map<string, string[]>();
  for (const { entity, field } of fields.values())
    byEntity.set(entity.toLowerCase(), [...(byEntity.get(entity.toLowerCase()) ?? []), field.toLowerCase()]);
  for (const [entity, names] of byEntity) {
    steps.push(function* loadColumns() {
      const cols = engine.entity(entity);
      yield;
      yield* cols.loading(
        names.flatMap((n) => {
          const f = cols.entity.fields.get(n);
          return f ? [f] : [];
        }),
      );
    });
  }
  for (const t of types) {
    steps.push(function* loadLog() {
      const type = engine.storage.interactionTypes.get(t);
      if (type) yield* engine.prewarmLog(type);
    });
  }
  return steps;
}
