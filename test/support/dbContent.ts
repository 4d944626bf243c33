/**
 * What a database holds, as one hash: its schema and every row of every table, leaving out one
 * `imports` row (`skipImport`), so a test can say "a refused import changed nothing but its own record".
 */
import crypto from 'node:crypto';
import type { Db } from '../../electron/backend/db/connection.js';

export function dbContent(db: Db, skipImport = ''): string {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  const rows = tables.map((t) => {
    const all = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
    const kept = t === 'imports' ? all.filter((r) => r['id'] !== skipImport) : all;
    return [t, kept.map((r) => JSON.stringify(r)).sort()];
  });
  const schema = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
  return crypto.createHash('sha256').update(JSON.stringify({ schema, rows })).digest('hex');
}
