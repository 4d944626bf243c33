/**
 * The golden cases on the real engines: every (definition, dataset, context) a golden test evaluates is
 * recorded, and the last test of the file runs them all through the SQL `segment-studio sql --dialect
 * postgres|duckdb` prints (exportSegmentSql) on a real PostgreSQL server and DuckDB (dialectEngines.ts:
 * the dataset imported into a desktop store from CSV, pushed with `warehouse push`'s code), demanding the
 * reference evaluator's members on each.
 */
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { Dataset, EvalContext } from '../../shared/segments/dataset.js';
import { startDialectEngines } from './dialectEngines.js';
import { goldenCatalog } from './goldenHelpers.js';

/**
 * The dataset a store can hold: a few golden datasets swap the contacts but keep records that point at
 * contacts no longer there (harmless to the evaluator). A store never has such references (records are
 * imported by key; contacts are never deleted), so those references are dropped: lookups to a missing
 * record become empty, interactions and stored members of missing contacts go.
 */
function storable(data: Dataset): Dataset {
  const rids = new Map(Object.entries(data.entities).map(([name, rows]) => [name, new Set(rows.map((r) => r.rid))]));
  const has = (entity: string, rid: number): boolean => rids.get(entity.toLowerCase())?.has(rid) ?? false;
  const lookups = new Map(data.catalog.entities.map((e) => [e.name.toLowerCase(), e.fields.filter((f) => f.type === 'lookup')] as const));
  const entities = Object.fromEntries(
    Object.entries(data.entities).map(([name, rows]) => [
      name,
      rows.map((r) => {
        const values = { ...r.values };
        for (const f of lookups.get(name) ?? []) {
          const v = values[f.name.toLowerCase()];
          if (v !== null && v !== undefined && !has(f.lookupEntity ?? '', Number(v))) values[f.name.toLowerCase()] = null;
        }
        return { ...r, values };
      }),
    ]),
  );
  return {
    ...data,
    entities,
    interactions: data.interactions.filter((i) => has('contact', i.contactRid)),
    segmentMembers: Object.fromEntries(
      Object.entries(data.segmentMembers).map(([id, members]) => [id, members.filter((rid) => has('contact', rid))]),
    ),
  };
}

interface GoldenCase {
  def: SegmentDefinition;
  data: Dataset;
  ctx: EvalContext;
}

/** Collects the cases of one golden test file. */
export class GoldenCases {
  readonly cases: GoldenCase[] = [];

  record(def: SegmentDefinition, data: Dataset, ctx: EvalContext): void {
    this.cases.push({ def, data, ctx });
  }

  /**
   * Runs every recorded case on PostgreSQL and DuckDB, one load per dataset; throws a readable mismatch.
   * Answers the number of cases checked per engine.
   */
  async checkOnEngines(): Promise<{ postgres: number; duckdb: number }> {
    const engines = await startDialectEngines(goldenCatalog());
    try {
      const byData = new Map<Dataset, Map<string, { ctx: EvalContext; defs: SegmentDefinition[] }>>();
      for (const c of this.cases) {
        const byCtx = byData.get(c.data) ?? new Map<string, { ctx: EvalContext; defs: SegmentDefinition[] }>();
        byData.set(c.data, byCtx);
        const key = `${c.ctx.now}|${c.ctx.timeZone}`;
        const group = byCtx.get(key) ?? { ctx: c.ctx, defs: [] };
        byCtx.set(key, group);
        group.defs.push(c.def);
      }
      for (const [data, byCtx] of byData) {
        const canonical = await engines.load(storable(data));
        for (const { ctx, defs } of byCtx.values()) await engines.check(defs, canonical, ctx);
      }
      return { ...engines.cases };
    } finally {
      await engines.close();
    }
  }
}
