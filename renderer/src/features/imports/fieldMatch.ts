/**
 * Proposing an existing catalog field for a file column (the mapping step's best match) and checking
 * that the column's values fit the field's type. Names are compared loosely — case, spaces, `_`, `-`
 * and `.` ignored — against both the field's name and its display label, then by similarity, so
 * `E-mail` finds `emailaddress1` ("Email") and `Town` finds nothing rather than something wrong.
 */
import type { CatalogField, FieldType } from '../../../../shared/models/catalog';

const squash = (s: string): string => s.toLowerCase().replace(/[\s_\-.:/]+/g, '');

/** Similarity of two squashed names in [0, 1]: 1 − edit distance / longer length. */
export function similarity(a: string, b: string): number {
  const x = squash(a);
  const y = squash(b);
  if (x === y) return 1;
  if (x.length === 0 || y.length === 0) return 0;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - (prev[y.length] ?? 0) / Math.max(x.length, y.length);
}

/** How well a column header names a field: exact name or label 1, a name containing the other 0.85, else similarity. */
function score(header: string, f: CatalogField): number {
  const h = squash(header);
  let best = 0;
  for (const n of [f.name, f.label]) {
    const s = squash(n);
    if (s === h) return 1;
    const containing = h.length >= 4 && s.length >= 4 && (s.includes(h) || h.includes(s)) ? 0.85 : 0;
    best = Math.max(best, containing, similarity(header, n));
  }
  return best;
}

/** Below this score no field is proposed (the column becomes a new field). */
export const MATCH_THRESHOLD = 0.75;

/** The existing field best matching a header, or undefined when none is close enough. `taken` fields are skipped. */
export function bestMatch(
  header: string,
  fields: readonly CatalogField[],
  taken: ReadonlySet<string> = new Set(),
): CatalogField | undefined {
  let best: { f: CatalogField; s: number } | undefined;
  for (const f of fields) {
    if (taken.has(f.name.toLowerCase())) continue;
    const s = score(header, f);
    if (s >= MATCH_THRESHOLD && (!best || s > best.s)) best = { f, s };
  }
  return best?.f;
}

/** Whether values inferred as `inferred` can go into a field of type `target` without being skipped. */
export function typeFits(inferred: FieldType, target: FieldType): boolean {
  if (inferred === target || target === 'text' || target === 'choice' || target === 'multichoice' || target === 'lookup') return true;
  if (target === 'decimal') return inferred === 'integer';
  if (target === 'datetime') return inferred === 'date';
  return false;
}
