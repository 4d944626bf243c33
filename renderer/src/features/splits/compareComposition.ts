/**
 * Composition comparison between the groups of a split: one row per value (the union of each group's
 * top values), one column per group with its count and share of that group — a fair comparison needs
 * shares, since groups differ in size by design (90/10).
 */
import type { StoredValue } from '../../../../shared/segments/dataset';
import type { LookupRef } from '../../../../shared/values/format';

export interface GroupComposition {
  label: string;
  /** Members of the group. */
  total: number;
  top: { value: StoredValue; count: number; lookup?: LookupRef | null }[];
}

export interface ComparisonRow {
  value: StoredValue;
  cells: { count: number; share: number }[];
}

/** Rows ordered by the largest share in any group; values outside a group's top count as 0 there. */
export function compareCompositions(groups: readonly GroupComposition[]): ComparisonRow[] {
  const keyOf = (v: StoredValue): string => (v === null ? '\u0000null' : `${typeof v}:${String(v)}`);
  const values = new Map<string, StoredValue>();
  for (const g of groups) for (const t of g.top) values.set(keyOf(t.value), t.value);
  const rows = [...values.entries()].map(([key, value]) => ({
    value,
    cells: groups.map((g) => {
      const count = g.top.find((t) => keyOf(t.value) === key)?.count ?? 0;
      return { count, share: g.total > 0 ? count / g.total : 0 };
    }),
  }));
  const best = (r: ComparisonRow): number => Math.max(...r.cells.map((c) => c.share));
  return rows.sort((a, b) => best(b) - best(a));
}

/** "12.5 %" */
export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}
