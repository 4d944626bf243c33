/**
 * SQLite, the desktop store's engine. Segments compile for it with the desktop compiler
 * (compile.ts and friends: rids, pinned indexes, the contact_type_stats summary, parameters bound with
 * `?`). This file holds what exporting that SQL needs: literals for inlining the parameters so the
 * statement runs as printed in the `sqlite3` shell.
 */

/** A SQLite literal for a bound value. */
export function sqliteLiteral(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Cannot write ${v} as a SQLite literal`);
    return v < 0 ? `(${v})` : String(v);
  }
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * Replaces the `?` placeholders of compiled SQL by literals, in order. The compiler writes `?` only as
 * a placeholder (identifiers are plain names, values are never in the text), so each `?` is one.
 */
export function inlineSqliteParams(sql: string, params: readonly (string | number | null)[]): string {
  let i = 0;
  const out = sql.replace(/\?/g, () => {
    if (i >= params.length) throw new Error('More placeholders than parameters');
    return sqliteLiteral(params[i++] ?? null);
  });
  if (i !== params.length) throw new Error(`${params.length - i} parameters left over`);
  return out;
}
