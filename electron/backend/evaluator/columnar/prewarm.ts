/**
 * What to load before the first job: the columns and interaction logs that live segments read (their
 * stored definitions), as a list of small steps the worker runs one per event-loop turn.
 */
import type { ConditionNode, SegmentDefinition } from '../../../../shared/segments/ast.js';
import type { Db } from '../../db/connection.js';
import type { ColumnarEngine } from './engine.js';
import { expandManyToMany } from '../../../../shared/segments/manyToMany.js';

/**
 * One generator per load: entity columns first (one scan per entity), then interaction logs (in
 * slices). Each yields between slices; the worker closes the running one when a message arrives.
 */
export function prewarmSteps(db: Db, engine: ColumnarEngine): (() => Generator<void, void>)[] {
  const defs = (db.prepare("SELECT definition FROM segments WHERE status = 'live'").pluck().all() as string[]).flatMap((d) => {
    try {
      return [JSON.parse(d) as SegmentDefinition];
    } catch {
      return [];
    }
  });
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
