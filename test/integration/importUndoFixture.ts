/** Shared set-up of the import-undo tests: a backend on a real file, CSV files written by the test, API calls. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { ImportSummary } from '../../shared/models/import.js';
import { profileDefinition } from '../fixtures/definitions.js';

export interface UndoWorld {
  dir: string;
  dbPath: string;
  backend: Backend;
  /** Writes a CSV file (rows of cells, `;` or `,` separated) into the test's folder. */
  file(name: string, rows: string[][], delimiter?: string): string;
}

export async function openWorld(prefix: string): Promise<UndoWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dbPath = path.join(dir, 'data.db');
  const backend = await createBackend({ dbPath, host: 'test', now: Date.now });
  return {
    dir,
    dbPath,
    backend,
    file(name, rows, delimiter = ',') {
      const p = path.join(dir, name);
      fs.writeFileSync(p, rows.map((r) => r.join(delimiter)).join('\n') + '\n');
      return p;
    },
  };
}

export async function closeWorld(w: UndoWorld): Promise<void> {
  await w.backend.close();
  fs.rmSync(w.dir, { recursive: true, force: true });
}

export async function call<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}

/** The error message of a call that must fail. */
export async function failure<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<string> {
  const r = await b.dispatch(method, input);
  if (r.ok) throw new Error(`${method} succeeded but should have been refused`);
  return r.error.message;
}

export async function runImport(b: Backend, opts: ImportOptions): Promise<ImportSummary> {
  const { id } = await call(b, 'imports.start', opts);
  return b.services.imports.wait(id);
}

/** A live dynamic segment `city = <city>` on contacts; returns its id. */
export async function liveCitySegment(b: Backend, name: string, city: string): Promise<string> {
  const seg = await call(b, 'segments.create', {
    name,
    type: 'dynamic',
    definition: profileDefinition([{ kind: 'rule', id: 'r1', field: 'city', operator: 'eq', values: [city] }]),
  });
  await call(b, 'segments.goLive', { id: seg.id });
  return seg.id;
}

/** Member keys of a segment (sorted). */
export function memberKeys(b: Backend, segmentId: string): string[] {
  return b.db
    .prepare('SELECT c.key FROM segment_members m JOIN ent_contact c ON c.rid = m.contact_rid WHERE m.segment_id = ? ORDER BY c.key')
    .pluck()
    .all(segmentId) as string[];
}

/** The rows of a table as sorted JSON lines (what "back to before" compares). */
export function tableRows(b: Backend, table: string): string[] {
  return (b.db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
}
