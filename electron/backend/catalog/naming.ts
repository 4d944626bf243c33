/**
 * Names in storage. Table and column names are derived from catalog names once, when the entity or
 * field is created, and then only ever read back from the catalog (never rebuilt from user input).
 */

const SAFE = /^[a-z_][a-z0-9_]*$/;

/** Lower-cases and replaces everything but [a-z0-9_] with `_` (a leading digit gets a `_` prefix). */
export function sanitiseName(name: string): string {
  const s = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const t = s === '' ? '_' : s;
  return /^[0-9]/.test(t) ? `_${t}` : t;
}

/** `c_<sanitised name>`; a trailing `__f` is shortened so it can never look like a shadow column. */
export function baseColumnName(fieldName: string): string {
  return `c_${sanitiseName(fieldName)}`.replace(/__+f$/, '_f');
}

/** A column name not in `taken` (nor its `__f` shadow), derived from a field name: `c_<name>`, `c_<name>_2`, … */
export function freshColumnName(fieldName: string, taken: ReadonlySet<string>): string {
  const base = baseColumnName(fieldName);
  let name = base;
  for (let i = 2; taken.has(name) || taken.has(`${name}__f`); i++) name = `${base}_${i}`;
  if (!SAFE.test(name)) throw new Error(`Cannot derive a safe column name from ${JSON.stringify(fieldName)}`);
  return name;
}

/** Display labels live in labels.ts; re-exported because importers reach naming through here. */
export { labelFor, labelProblem, uniqueLabel } from './labels.js';

/** Catalog names must be printable and short; they are shown in the builder and used in query text. */
export function checkCatalogName(kind: string, name: string): string | null {
  const n = name.trim();
  if (n === '') return `${kind} name is empty`;
  if (n.length > 120) return `${kind} name "${n.slice(0, 40)}…" is longer than 120 characters`;
  if (!/^[\p{L}\p{N}_][\p{L}\p{N}_ .-]*$/u.test(n)) return `${kind} name "${n}" may only contain letters, digits, spaces, '_', '-' and '.'`;
  return null;
}
