/**
 * CSV import jobs: check the file and options (refusing before anything is written), then stream the
 * file and commit it in batches. Each batch — its rows, its error-report rows, catalog growth and the
 * import's counters — is one transaction, so a crash or a cancel leaves only whole batches, and the
 * `imports` row always says what was committed. Progress and the final summary go out as events; the
 * data-change hook hears about each batch after its commit.
 */
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
import { MANY_THRESHOLD, type DataChange } from '../dataChange.js';
import { CSV_LIMITS, refuseWholeLine, type CsvRecord } from './csvFile.js';
import { openSource, type RowSource } from './readers/source.js';
import { buildPreview } from './readers/preview.js';
import { POINT_LOOKUP_MAX_BYTES } from './cells.js';
import { applyEntitySchema, EntitySink, planEntityImport } from './entityImport.js';
import { applyInteractionSchema, InteractionSink, planInteractionImport } from './interactionImport.js';
import { dropInteractionIndexes, ensureInteractionIndexes } from './interactionIndexes.js';
import type { ImportSink } from './sink.js';
import { addCreated, nextImportSeq, NOTHING_CREATED, type ImportCreated } from './importLog.js';
import { saveMapping, savedMappings } from './importMappings.js';
import { undoImport } from './importUndo.js';

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
}

const SAMPLE_ROWS = 1000;
/** An interactions file at least this big, going into an empty table, is bulk-loaded (indexes built at the end). */
const BULK_BYTES = 64 * 1024 * 1024;
/** Page cache while an import runs (KiB, negative = size): keeps the indexes being written in memory. */
const IMPORT_CACHE_KIB = 256 * 1024;
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
  /** Interaction indexes were dropped for a bulk load and must be rebuilt when the job ends. */
  bulk: boolean;
  /** The running import's promise (set right after the job starts). */
  done?: Promise<ImportSummary>;
  path: string;
  /** Where the rows come from (CSV in any encoding and delimiter, or a workbook). */
  source: RowSource;
  header: string[];
  sink: ImportSink;
  batchSize: number;
  cancelRequested: boolean;
  bytes: number;
  errorSeq: number;
}

export class ImportService {
  private readonly jobs = new Map<string, Job>();
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
  }

  /** Header, sample rows, inferred types, how the file is read, the proposed locale and the guards; writes nothing. */
  async preview(input: ImportPreviewInput): Promise<ImportPreview> {
    const source = await openSource(input.path, input);
    const sample = await source.sample(SAMPLE_ROWS);
    // A byte that is not UTF-8 reads as U+FFFD (a NUL as itself): rather than show it, refuse the file as
    // the import would, naming row and column (inspectCsv already refuses a header that is not UTF-8).
    // Only then is the whole file read; a real U+FFFD passes.
    const suspect = (cells: readonly string[]): boolean => cells.some((c) => c.includes('\uFFFD') || c.includes('\0'));
    if (sample.some((r) => suspect(r.cells))) await source.check();
    return buildPreview(source, sample, input);
  }

  /** Checks everything, prepares the schema, then runs the import in the background. */
  async start(opts: ImportOptions): Promise<{ id: string }> {
    if (this.jobs.size > 0) throw new ApiFailure('invalid_state', 'Another import is running; wait for it to finish or cancel it.');
    const db = this.deps.db;
    const repo = new CatalogRepo(db);
    const source = await openSource(opts.path, opts);
    const head = source.head;
    refuseWholeLine(head);
    const sample = await source.sample(SAMPLE_ROWS);
    if (!head.hasData) {
      const message = 'the file has a header but no data rows; nothing to import.';
      throw new ApiFailure('invalid_input', `${opts.path}: ${message}`, [{ path: 'path', message }]);
    }
    await source.check();
    // Everything above only read. From here on we write: the import's record and its schema first, in one
    // transaction, so the catalog it adds is always recorded for undo (importLog.ts).
    const id = randomUUID();
    let sink: ImportSink;
    let target: string;
    let bulk = false;
    const record = (t: string, created: ImportCreated): number => {
      const seq = nextImportSeq(db);
      db.prepare(
        `INSERT INTO imports (id, seq, kind, file, target, options, status, started_at, total_bytes, created) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
      ).run(id, seq, opts.kind, opts.path, t, JSON.stringify(opts), this.deps.now(), head.totalBytes, JSON.stringify(created));
      return seq;
    };
    if (opts.kind === 'entity') {
      const plan = planEntityImport(repo, head, sample, opts);
      const { def, seq } = db
        .transaction(() => {
          const d = applyEntitySchema(repo, plan);
          const created = { ...NOTHING_CREATED, entity: plan.entityIsNew ? d.name : null, fields: plan.newFields.map((f) => f.name) };
          return { def: d, seq: record(d.name, created) };
        })
        .immediate();
      const entitySink = new EntitySink(db, repo, def, plan, opts.dateFormat, seq);
      db.prepare('UPDATE imports SET stored_columns = ? WHERE id = ?').run(JSON.stringify(entitySink.log?.columns ?? []), id);
      sink = entitySink;
      target = def.name;
    } else {
      const plan = planInteractionImport(repo, head, sample, opts);
      bulk =
        head.totalBytes >= (this.deps.bulkBytes ?? BULK_BYTES) &&
        db.prepare('SELECT count(*) FROM (SELECT 1 FROM interactions LIMIT 1)').pluck().get() === 0;
      target = plan.fixedType ?? '(type column)';
      const fixedIsNew = plan.fixedType !== null && !repo.interactionType(plan.fixedType);
      const { cols, seq } = db
        .transaction(() => {
          if (bulk) dropInteractionIndexes(db);
          const c = applyInteractionSchema(repo, plan);
          const typeName = plan.fixedType === null ? null : (repo.interactionType(plan.fixedType)?.name ?? plan.fixedType);
          return { cols: c, seq: record(target, { ...NOTHING_CREATED, types: fixedIsNew && typeName ? [typeName] : [] }) };
        })
        .immediate();
      sink = new InteractionSink(
        db,
        repo,
        plan,
        cols,
        opts.dateFormat,
        head.totalBytes < POINT_LOOKUP_MAX_BYTES ? 'point' : 'bulk',
        bulk,
        seq,
      );
    }
    saveMapping(db, head.header, opts, this.deps.now());
    const job: Job = {
      id,
      bulk,
      path: opts.path,
      source,
      header: head.header,
      sink,
      batchSize: opts.batchSize ?? DEFAULT_BATCH[opts.kind],
      cancelRequested: false,
      bytes: 0,
      errorSeq: 0,
    };
    this.jobs.set(id, job);
    job.done = this.run(job);
    return { id };
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
    return job.done ?? this.get(id);
  }

  /** Cancels every running import and waits for them (backend shutdown). */
  async stopAll(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const j of running) j.cancelRequested = true;
    await Promise.all(running.map((j) => j.done));
  }

  get(id: string): ImportSummary {
    const r = this.deps.db.prepare('SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined;
    if (!r) throw new ApiFailure('not_found', `No import with id ${id}.`);
    return toSummary(r);
  }

  list(limit = 50): ImportSummary[] {
    return (this.deps.db.prepare('SELECT * FROM imports ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as ImportRow[]).map(
      toSummary,
    );
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
    return stringify([['row', 'column', 'value', 'reason'], ...rows]);
  }

  private async run(job: Job): Promise<ImportSummary> {
    const { db, events } = this.deps;
    const pending: CsvRecord[] = [];
    const unreadable: ImportErrorRow[] = [];
    let failure: unknown = null;
    let bulkChange: DataChange | null = null;
    const insertError = db.prepare('INSERT INTO import_errors (import_id, seq, row, column_name, value, reason) VALUES (?, ?, ?, ?, ?, ?)');
    const bump = db.prepare(
      'UPDATE imports SET rows_done = rows_done + ?, imported = imported + ?, updated = updated + ?, skipped = skipped + ?, batches = batches + 1, bytes_done = ? WHERE id = ?',
    );
    const commit = (): void => {
      const records = pending.splice(0);
      const unread = unreadable.splice(0);
      if (records.length + unread.length === 0) return;
      const result = db
        .transaction(() => {
          const r = job.sink.writeBatch(records);
          if (job.sink instanceof InteractionSink) {
            const created = job.sink.takeCreated();
            if (created.types.length + created.typeFields.length > 0) addCreated(db, job.id, created);
          }
          const errs = [...unread, ...r.errors].sort((a, b) => a.row - b.row);
          for (const e of errs)
            insertError.run(job.id, job.errorSeq++, e.row, e.column, e.value === null ? null : e.value.slice(0, 1000), e.reason);
          bump.run(records.length + unread.length, r.imported, r.updated, r.skipped + unread.length, job.bytes, job.id);
          return r;
        })
        .immediate();
      const s = this.get(job.id);
      events.emit('import.progressed', {
        id: job.id,
        rowsDone: s.rowsDone,
        bytesDone: s.bytesDone,
        totalBytes: s.totalBytes,
        imported: s.imported,
        updated: s.updated,
        skipped: s.skipped,
      });
      if (!result.change) return;
      // A bulk load runs without its indexes: live segments hear about it once, when they are back.
      if (job.bulk) bulkChange = mergeChanges(bulkChange, result.change);
      else this.deps.onDataChanged(result.change);
    };
    const tryCommit = (): boolean => {
      try {
        commit();
        return true;
      } catch (e) {
        failure = e;
        return false;
      }
    };
    const previousCache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
    let status: ImportStatus = 'completed';
    let message: string | null = null;
    try {
      const { stopped } = await job.source.stream({
        onRecord: (rec) => {
          if (job.cancelRequested || failure) return false;
          let long = -1;
          for (let i = 0; i < rec.cells.length; i++) if ((rec.cells[i] as string).length > CSV_LIMITS.maxCellChars) long = i;
          if (long >= 0) {
            const reason = `cell of ${rec.cells[long]?.length} characters; the limit is ${CSV_LIMITS.maxCellChars}`;
            unreadable.push({
              row: rec.row,
              column: job.header[long] ?? `${long + 1}`,
              value: rec.cells[long]?.slice(0, 100) ?? null,
              reason,
            });
            return pending.length + unreadable.length < job.batchSize || tryCommit();
          }
          pending.push(rec);
          return pending.length + unreadable.length < job.batchSize || tryCommit();
        },
        onUnreadable: (row, reason) => unreadable.push({ row, column: null, value: null, reason: `unreadable CSV: ${reason}` }),
        onChunk: (bytes) => {
          job.bytes = bytes;
        },
      });
      if (failure) throw failure;
      if (stopped || job.cancelRequested) status = 'cancelled';
      else if (!tryCommit()) throw failure;
    } catch (e) {
      status = 'failed';
      message = `Import failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    db.pragma(`cache_size = ${previousCache}`);
    if (job.bulk) {
      try {
        ensureInteractionIndexes(db);
      } catch (e) {
        // The rows stay committed; the next start builds what is missing.
        status = 'failed';
        message = `Import failed while building the indexes: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (bulkChange) this.deps.onDataChanged(bulkChange);
    }
    // The import stays `running` in the file until live segments have taken in its last change: a kill
    // before then is an interrupted import, and the next start re-checks them (interruptedChanges).
    if (this.deps.settled) {
      try {
        await this.deps.settled();
      } catch {
        // A failed refresh is the live side's to report; the rows are committed either way.
      }
    }
    this.jobs.delete(job.id);
    const before = this.get(job.id);
    if (status === 'cancelled')
      message = `Cancelled: ${before.batchesCommitted} whole batches (${before.rowsDone} rows) were committed; the rest of the file was not imported.`;
    if (status === 'failed')
      message = `${message ?? ''} ${before.batchesCommitted} whole batches (${before.rowsDone} rows) were committed.`;
    db.prepare(
      'UPDATE imports SET status = ?, finished_at = ?, message = ?, bytes_done = CASE WHEN ? THEN total_bytes ELSE bytes_done END WHERE id = ?',
    ).run(status, this.deps.now(), message, status === 'completed' ? 1 : 0, job.id);
    const summary = this.get(job.id);
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

/** One change standing for two (both from the same import, so of the same kind). */
function mergeChanges(a: DataChange | null, b: DataChange): DataChange {
  if (a === null) return b;
  if (a.kind === 'interactions' && b.kind === 'interactions') {
    const rids = a.contactRids === 'many' || b.contactRids === 'many' ? 'many' : [...new Set([...a.contactRids, ...b.contactRids])];
    return {
      kind: 'interactions',
      types: [...new Set([...a.types, ...b.types])],
      contactRids: rids !== 'many' && rids.length > MANY_THRESHOLD ? 'many' : rids,
    };
  }
  return b;
}
