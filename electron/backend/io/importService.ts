/**
 * CSV import jobs, as the rest of the backend sees them. The work itself — checking the file (refusing
 * before anything is written), then streaming it and committing it in batches — runs on the import
 * thread (importThread.ts, importJob.ts) with its own connection; this service only dispatches, relays
 * each committed batch to the data-change hook and the progress event, and records how the import ended.
 * Each batch is one transaction, so a crash or a cancel leaves only whole batches, and the `imports` row
 * always says what was committed.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { ApiFailure } from '../../../shared/api/result.js';
import type { ImportOptions, ImportPreviewInput } from '../../../shared/api/contract/imports.js';
import type {
  ImportErrorRow,
  ImportPreview,
  ImportStatus,
  ImportSummary,
  ImportUndoResult,
  SavedMapping,
} from '../../../shared/models/import.js';
import type { Db } from '../db/connection.js';
import type { EventBus } from '../events.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import type { DataChange } from '../dataChange.js';
import { openSource } from './readers/source.js';
import { buildPreview } from './readers/preview.js';
import { ensureInteractionIndexes } from './interactionIndexes.js';
import { csvSafeText } from './export/tableFile.js';
import { savedMappings } from './importMappings.js';
import { undoImport } from './importUndo.js';
import { recordEndedEarly } from './importLog.js';
import type { ImportJobMessage } from './importJob.js';
import { ImportThread, type RunningImport } from './importThread.js';

export interface ImportServiceDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  /** Called after each committed batch that changed data. */
  onDataChanged: (change: DataChange) => void;
  /** Resolves once every committed change has reached live segments (the backend passes `live.whenIdle`). */
  settled?: () => Promise<void>;
  /** Segments using a live static segment that lost members in an undo follow it (the live refresher's cascade). */
  cascade?: (segmentId: string, rids: number[] | null) => Promise<void>;
  /** An interactions file at least this big, going into an empty table, is bulk-loaded (default 64 MiB; tests lower it). */
  bulkBytes?: number;
  /** An interactions CSV at least this big, into a database file, is converted on a second thread (default 16 MiB; tests lower it). */
  pipelineBytes?: number;
}

const SAMPLE_ROWS = 1000;
/** An interactions file at least this big, going into an empty or much smaller log, is bulk-loaded (indexes built at the end). */
const BULK_BYTES = 64 * 1024 * 1024;
/**
 * An interactions CSV at least this big is read and converted on a convert thread while the import
 * thread inserts (convertPipeline.ts). Smaller files stay on one thread: starting the second costs
 * tens of milliseconds, and a 100k-row file (5 MB) should leave the other core to the app.
 */
const PIPELINE_BYTES = 16 * 1024 * 1024;
/**
 * Rows per committed batch, chosen by measurement (docs/performance.md "Import batch size"): entity
 * imports ran at the same speed from 5k to 100k rows per batch, so they commit every 10,000 rows;
 * interactions gained up to 2x from bigger batches (each commit rewrites the index pages the batch
 * touched), and 50,000 keeps most of that while a kill loses at most 50,000 rows (well under a second
 * of work). README and `import --help` quote these numbers.
 */
export const DEFAULT_BATCH = { entity: 10_000, interactions: 50_000 } as const;

interface ImportRow {
  id: string;
  kind: 'entity' | 'interactions';
  file: string;
  target: string;
  status: ImportStatus;
  started_at: number;
  finished_at: number | null;
  total_bytes: number;
  bytes_done: number;
  rows_done: number;
  imported: number;
  updated: number;
  skipped: number;
  batches: number;
  message: string | null;
  undone_at: number | null;
}

function toSummary(r: ImportRow): ImportSummary {
  return {
    id: r.id,
    kind: r.kind,
    file: r.file,
    target: r.target,
    status: r.status,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at).toISOString(),
    totalBytes: r.total_bytes,
    bytesDone: r.bytes_done,
    rowsDone: r.rows_done,
    imported: r.imported,
    updated: r.updated,
    skipped: r.skipped,
    batchesCommitted: r.batches,
    message: r.message,
    undoneAt: r.undone_at === null ? null : new Date(r.undone_at).toISOString(),
  };
}

interface Job {
  id: string;
  /** The running import's promise (set when the job is registered). */
  done?: Promise<ImportSummary>;
  /** The import thread's handle (set once dispatched). */
  handle?: RunningImport;
  cancelRequested: boolean;
  /** Until the import thread has written the import's record (or it ended early): what `get` and `list` show. */
  pending: ImportSummary | null;
  /** The options as recorded in `imports.options`. */
  options: string;
}

/** A started import before its record exists: running, nothing counted yet. */
function pendingSummary(id: string, opts: ImportOptions, startedAt: number): ImportSummary {
  return {
    id,
    kind: opts.kind,
    file: opts.path,
    target: opts.kind === 'entity' ? opts.entity : (opts.type ?? '(type column)'),
    status: 'running',
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: null,
    totalBytes: 0,
    bytesDone: 0,
    rowsDone: 0,
    imported: 0,
    updated: 0,
    skipped: 0,
    batchesCommitted: 0,
    message: null,
    undoneAt: null,
  };
}

/** The cheap part of the checks `start` answers after: the file exists, is a file and can be read. Returns its size. */
async function readableFile(file: string): Promise<number> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new ApiFailure('invalid_input', `File not found: ${file}`, [{ path: 'path', message: 'No such file' }]);
  }
  if (!stat.isFile()) throw new ApiFailure('invalid_input', `Not a file: ${file}`, [{ path: 'path', message: 'Not a file' }]);
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch {
    throw new ApiFailure('invalid_input', `The file cannot be read (no permission): ${file}`, [{ path: 'path', message: 'Not readable' }]);
  }
  return stat.size;
}

export class ImportService {
  private readonly jobs = new Map<string, Job>();
  /** The import thread's host (public for the recovery test, which ends the thread mid-import). */
  readonly thread: ImportThread;
  /** Imports this start found cut short by a crash or kill (now marked failed, with what they committed). */
  readonly interrupted: readonly ImportSummary[];
  /**
   * What those imports may have committed without live segments hearing of it (a kill between a batch's
   * commit and its live refresh; a bulk load tells them only at its end): everything they could have
   * touched. The backend reports these once live segments listen (index.ts).
   */
  readonly interruptedChanges: readonly DataChange[];

  constructor(private readonly deps: ImportServiceDeps) {
    // An import still "running" in the file was cut short by a crash: say so, with what was committed.
    const cut = deps.db.prepare(`SELECT id FROM imports WHERE status = 'running'`).pluck().all() as string[];
    deps.db
      .prepare(
        `UPDATE imports SET status = 'failed', finished_at = ?, message = 'Interrupted: the app stopped during the import. ' || batches || ' whole batches (' || rows_done || ' rows) were committed; the rest of the file was not imported (fields it added stay).' WHERE status = 'running'`,
      )
      .run(deps.now());
    this.interrupted = cut.map((id) => this.get(id));
    // An undo committed but cut short before live segments took it in: re-check what it touched too.
    const unsettled = deps.db.prepare('SELECT id FROM imports WHERE undo_settled = 0').pluck().all() as string[];
    deps.db.prepare('UPDATE imports SET undo_settled = 1 WHERE undo_settled = 0').run();
    this.interruptedChanges = [...this.interrupted, ...unsettled.map((id) => this.get(id))].map((s) => wholeChange(deps.db, s));
    // A bulk load cut short leaves the interaction indexes dropped: rebuild them before anything reads.
    ensureInteractionIndexes(deps.db);
    this.thread = new ImportThread(deps.db);
  }

  /** Starts the import thread ahead of a first import (preview does this; hosts may call it at start-up); resolves when it is up. */
  warm(): Promise<void> {
    return this.thread.warm();
  }

  /** Header, sample rows, inferred types, how the file is read, the proposed locale and the guards; writes nothing. */
  async preview(input: ImportPreviewInput): Promise<ImportPreview> {
    // An import usually follows: have its thread ready by then (started after this answer goes out).
    setImmediate(() => void this.thread.warm());
    const source = await openSource(input.path, input);
    const sample = await source.sample(SAMPLE_ROWS);
    // A byte that is not UTF-8 reads as U+FFFD (a NUL as itself): rather than show it, refuse the file as
    // the import would, naming row and column (inspectCsv already refuses a header that is not UTF-8).
    // Only then is the whole file read; a real U+FFFD passes.
    const suspect = (cells: readonly string[]): boolean => cells.some((c) => c.includes('\uFFFD') || c.includes('\0'));
    if (sample.some((r) => suspect(r.cells))) await source.check();
    return buildPreview(source, sample, input);
  }

  /**
   * Answers as soon as the cheap checks pass (the options, the file exists and is readable, no other
   * import runs) and the job is registered; the import thread then reads and checks the whole file
   * before it writes a row. A file it refuses changes nothing: the import ends `refused`, its message
   * saying what and where (row, column), and `import.finished` carries it (importJob.ts).
   */
  async start(opts: ImportOptions): Promise<{ id: string }> {
    if (this.jobs.size > 0) throw new ApiFailure('invalid_state', 'Another import is running; wait for it to finish or cancel it.');
    const id = randomUUID();
    const startedAt = this.deps.now();
    const pending = pendingSummary(id, opts, startedAt);
    const job: Job = { id, cancelRequested: false, pending, options: JSON.stringify(opts) };
    // Registered before the first await, so a second start in the meantime is refused.
    this.jobs.set(id, job);
    try {
      pending.totalBytes = await readableFile(opts.path);
    } catch (e) {
      this.jobs.delete(id);
      throw e;
    }
    let finish!: (s: Promise<ImportSummary>) => void;
    job.done = new Promise<ImportSummary>((resolve) => (finish = resolve));
    // Nobody need wait on `done` (the renderer follows the events); a failure to record is still not unhandled.
    job.done.catch(() => undefined);
    // The import's own record exists from `accepted` on; until then `get` and `list` show the pending one.
    const endEarly = (status: 'refused' | 'cancelled' | 'failed', message: string): void => {
      finish(new Promise<ImportSummary>((resolve) => resolve(this.endEarly(job, status, message))));
    };
    const onMessage = (m: ImportJobMessage): void => {
      if (m.type === 'refused') endEarly(m.status, m.error.message);
      else if (m.type === 'accepted') job.pending = null;
      else if (m.type === 'batch') {
        this.deps.events.emit('import.progressed', { id, ...m.progress });
        if (m.change) this.report(m.change);
      } else finish(this.finish(id, m.status, m.message, m.bulkChange));
    };
    const gone = (err: Error): void => {
      // Died before `accepted` reached us: if it had not yet written the import's record, nothing was written.
      if (job.pending && this.deps.db.prepare('SELECT 1 FROM imports WHERE id = ?').get(id) === undefined)
        return endEarly('failed', `Import failed before its first row: ${err.message}. Nothing was imported.`);
      job.pending = null;
      // The thread died mid-import: its committed batches stay; a bulk load's indexes are rebuilt here.
      let message = `Import failed: ${err.message}`;
      try {
        ensureInteractionIndexes(this.deps.db);
      } catch (e) {
        message += `; building the indexes failed too (${e instanceof Error ? e.message : String(e)})`;
      }
      finish(this.finish(id, 'failed', message, wholeChange(this.deps.db, this.get(id))));
    };
    job.handle = this.thread.run(
      {
        id,
        opts,
        startedAt,
        batchSize: opts.batchSize ?? DEFAULT_BATCH[opts.kind],
        bulkBytes: this.deps.bulkBytes ?? BULK_BYTES,
        pipelineBytes: this.deps.pipelineBytes ?? PIPELINE_BYTES,
      },
      onMessage,
      gone,
    );
    return { id };
  }

  /** Records an import that ended before writing a row (refused, cancelled during its checks, or its thread died). */
  private endEarly(job: Job, status: 'refused' | 'cancelled' | 'failed', message: string): ImportSummary {
    const p = job.pending as ImportSummary;
    const row = { id: p.id, kind: p.kind, file: p.file, target: p.target, options: job.options, startedAt: Date.parse(p.startedAt) };
    try {
      recordEndedEarly(this.deps.db, { ...row, totalBytes: p.totalBytes }, status, message, this.deps.now());
    } finally {
      job.pending = null;
      this.jobs.delete(job.id);
    }
    const summary = this.get(job.id);
    this.deps.events.emit('import.finished', summary);
    return summary;
  }

  /**
   * Undoes a finished import in one transaction (importUndo.ts); resolves once live segments have
   * followed. Refused while an import runs (its batches could touch the same records).
   */
  async undo(id: string): Promise<ImportUndoResult> {
    if (this.jobs.size > 0) throw new ApiFailure('invalid_state', 'An import is running; wait for it to finish or cancel it, then undo.');
    const { db } = this.deps;
    const { result, changes, cascades } = undoImport(db, id, this.deps.now());
    for (const c of changes) this.deps.onDataChanged(c);
    if (this.deps.settled) {
      try {
        for (const c of cascades) await this.deps.cascade?.(c.segmentId, c.rids);
        await this.deps.settled();
      } catch {
        // A failed refresh is the live side's to report; the undo is committed either way.
      }
    }
    db.prepare('UPDATE imports SET undo_settled = 1 WHERE id = ?').run(id);
    return result;
  }

  /** True while an import runs. */
  running(): boolean {
    return this.jobs.size > 0;
  }

  /** Mappings saved for a file with this header (importMappings.ts). */
  savedMapping(header: readonly string[]): SavedMapping[] {
    return savedMappings(this.deps.db, header);
  }

  /** Resolves with the final summary when the import ends (tests and the CLI wait on it). */
  wait(id: string): Promise<ImportSummary> {
    const job = this.jobs.get(id);
    return job?.done ?? Promise.resolve(this.get(id));
  }

  /** Asks a running import to stop; the batch in progress is dropped, committed batches stay. */
  async cancel(id: string): Promise<ImportSummary> {
    const job = this.jobs.get(id);
    if (!job) {
      const s = this.get(id);
      throw new ApiFailure(
        'invalid_state',
        `Import ${id} is not running (it ${s.status === 'completed' ? 'completed' : `is ${s.status}`}).`,
      );
    }
    job.cancelRequested = true;
    job.handle?.cancel();
    return job.done ?? this.get(id);
  }

  /** Cancels every running import and waits for them (backend shutdown). */
  async stopAll(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const j of running) {
      j.cancelRequested = true;
      j.handle?.cancel();
    }
    await Promise.all(running.map((j) => j.done?.catch(() => undefined)));
    await this.thread.close();
  }

  get(id: string): ImportSummary {
    const r = this.deps.db.prepare('SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined;
    const pending = this.jobs.get(id)?.pending;
    if (!r && pending) return { ...pending };
    if (!r) throw new ApiFailure('not_found', `No import with id ${id}.`);
    return toSummary(r);
  }

  /** Recent imports, newest first: a started import whose file is still being checked comes first. */
  list(limit = 50): ImportSummary[] {
    const pending = [...this.jobs.values()].flatMap((j) => (j.pending ? [{ ...j.pending }] : []));
    const rows = this.deps.db.prepare('SELECT * FROM imports ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as ImportRow[];
    return [...pending, ...rows.map(toSummary).filter((s) => !pending.some((p) => p.id === s.id))].slice(0, limit);
  }

  errors(id: string, offset = 0, limit = 100): { total: number; rows: ImportErrorRow[] } {
    this.get(id);
    const db = this.deps.db;
    const total = db.prepare('SELECT count(*) FROM import_errors WHERE import_id = ?').pluck().get(id) as number;
    const rows = db
      .prepare('SELECT row, column_name AS column, value, reason FROM import_errors WHERE import_id = ? ORDER BY seq LIMIT ? OFFSET ?')
      .all(id, limit, offset) as ImportErrorRow[];
    return { total, rows };
  }

  /** The error report as CSV (header: row,column,value,reason). */
  errorsCsv(id: string): string {
    this.get(id);
    const rows = this.deps.db
      .prepare('SELECT row, column_name, value, reason FROM import_errors WHERE import_id = ? ORDER BY seq')
      .raw()
      .all(id) as (string | number | null)[][];
    // Values come from the user's file: a cell such as `=HYPERLINK(…)` must not run when the report is opened.
    const safe = rows.map((r) => r.map((v) => (typeof v === 'string' ? csvSafeText(v) : v)));
    return stringify([['row', 'column', 'value', 'reason'], ...safe]);
  }

  /** Relays one committed change; a failing listener is the live side's to report, never the import's. */
  private report(change: DataChange): void {
    try {
      this.deps.onDataChanged(change);
    } catch {
      // The rows are committed either way; the next change or start re-checks.
    }
  }

  /** Every row is in (or the import stopped): tell live segments, wait for them, then record how it ended. */
  private async finish(id: string, status: ImportStatus, failure: string | null, bulkChange: DataChange | null): Promise<ImportSummary> {
    const { db, events } = this.deps;
    let message = failure;
    if (bulkChange) this.report(bulkChange);
    // The import stays `running` in the file until live segments have taken in its last change: a kill
    // before then is an interrupted import, and the next start re-checks them (interruptedChanges).
    if (this.deps.settled) {
      try {
        await this.deps.settled();
      } catch {
        // A failed refresh is the live side's to report; the rows are committed either way.
      }
    }
    this.jobs.delete(id);
    const before = this.get(id);
    if (status === 'cancelled')
      message = `Cancelled: ${before.batchesCommitted} whole batches (${before.rowsDone} rows) were committed; the rest of the file was not imported.`;
    if (status === 'failed')
      message = `${message ?? ''} ${before.batchesCommitted} whole batches (${before.rowsDone} rows) were committed.`;
    db.prepare(
      'UPDATE imports SET status = ?, finished_at = ?, message = ?, bytes_done = CASE WHEN ? THEN total_bytes ELSE bytes_done END WHERE id = ?',
    ).run(status, this.deps.now(), message, status === 'completed' ? 1 : 0, id);
    const summary = this.get(id);
    events.emit('import.finished', summary);
    return summary;
  }
}

/** Everything an import into `s.target` could have changed (its entity's fields, or every interaction type). */
function wholeChange(db: Db, s: ImportSummary): DataChange {
  if (s.kind === 'interactions') {
    const types = db.prepare('SELECT name FROM interaction_types ORDER BY id').pluck().all() as string[];
    return { kind: 'interactions', types, contactRids: 'many' };
  }
  const entity = new CatalogRepo(db).entity(s.target);
  return { kind: 'profile', entity: entity?.name ?? s.target, fields: entity?.fields.map((f) => f.name) ?? [], rids: 'many' };
}
