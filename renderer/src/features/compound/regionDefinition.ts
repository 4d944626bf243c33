/** A compound definition for one region of the overlap of two live segments. */
import type { CompoundDefinition, SetOperator } from '../../../../shared/segments/ast';

export type Region = 'both' | 'onlyA' | 'onlyB' | 'either';

export const REGION_LABELS: Record<Region, (a: string, b: string) => string> = {
  both: (a, b) => `In both ${a} and ${b}`,
  onlyA: (a, b) => `${a} but not ${b}`,
  onlyB: (a, b) => `${b} but not ${a}`,
  either: (a, b) => `${a} or ${b}`,
};

export function regionDefinition(region: Region, a: string, b: string): CompoundDefinition {
  const [first, second, op]: [string, string, SetOperator] =
    region === 'both'
      ? [a, b, 'intersect']
      : region === 'onlyA'
        ? [a, b, 'except']
        : region === 'onlyB'
          ? [b, a, 'except']
          : [a, b, 'union'];
  return {
    kind: 'compound',
    version: 1,
    blocks: [
      { kind: 'segment', id: 'b1', combine: 'union', segmentId: first },
      { kind: 'segment', id: 'b2', combine: op, segmentId: second },
    ],
  };
}

/** `name`, or `name (2)`, `name (3)`… when taken (names are unique case-insensitively). */
export function freeName(name: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) return name;
  for (let i = 2; ; i++) if (!lower.has(`${name} (${i})`.toLowerCase())) return `${name} (${i})`;
}
