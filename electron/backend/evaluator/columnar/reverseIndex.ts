/**
 * A lookup column read backwards: for each target rid, the rids whose lookup points at it. Built once per
 * lookup column when a related-records rule first needs it (conditions.ts), kept on the column.
 */
/** Target rid → referencing rids, in compressed rows. */
export interface ReverseIndex {
  start: Int32Array;
  rids: Int32Array;
}

/** Builds the reverse index of a lookup column (values that are not whole non-negative rids are skipped). */
export function buildReverseIndex(values: Float64Array): ReverseIndex {
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x > max && Number.isInteger(x)) max = x;
  }
  const start = new Int32Array(max + 2);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x >= 0 && Number.isInteger(x)) start[x + 1]!++;
  }
  for (let t = 1; t < start.length; t++) start[t]! += start[t - 1]!;
  const rids = new Int32Array(start[start.length - 1]!);
  const fill = start.slice(0, Math.max(0, start.length - 1));
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x >= 0 && Number.isInteger(x)) rids[fill[x]!++] = i;
  }
  return { start, rids };
}
