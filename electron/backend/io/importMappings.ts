/**
 * Saved column mappings (migration 011): every started import saves its options (without the file path
 * and batch size) under the signature of the file's header, and `imports.savedMapping` proposes them
 * again for a file with the same header (same cells, any case, any order of rows).
 */
import type { ImportOptions } from '../../../shared/api/contract/imports.js';
import type { SavedMapping } from '../../../shared/models/import.js';
import type { Db } from '../db/connection.js';

/** The header's signature: its trimmed, lower-cased cells, in order. */
export function headerSignature(header: readonly string[]): string {
  return JSON.stringify(header.map((h) => h.trim().toLowerCase()));
}

/** Saves what this import was told about the file's columns (last one wins). */
export function saveMapping(db: Db, header: readonly string[], opts: ImportOptions, now: number): void {
  const { path: _path, batchSize: _batch, ...mapping } = opts;
  db.prepare('INSERT OR REPLACE INTO import_mappings (signature, kind, mapping, saved_at) VALUES (?, ?, ?, ?)').run(
    headerSignature(header),
    opts.kind,
    JSON.stringify(mapping),
    now,
  );
}

/** The mappings saved for a header (newest first; one per kind), or an empty list. */
export function savedMappings(db: Db, header: readonly string[]): SavedMapping[] {
  const rows = db
    .prepare('SELECT kind, mapping, saved_at FROM import_mappings WHERE signature = ? ORDER BY saved_at DESC')
    .all(headerSignature(header)) as { kind: 'entity' | 'interactions'; mapping: string; saved_at: number }[];
  return rows.map((r) => ({
    kind: r.kind,
    savedAt: new Date(r.saved_at).toISOString(),
    options: JSON.parse(r.mapping) as SavedMapping['options'],
  }));
}
