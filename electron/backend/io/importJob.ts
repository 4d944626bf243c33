/**
 * One import, start to end, on whatever connection it is given: the import thread's own (importWorker.ts)
 * or, for an in-memory database, the caller's. It reads the head and a sample, plans, reads the whole file
 * once for its text check, and only then writes — the import's record and its schema in one transaction —
 * and posts `accepted` (or `refused`, having written nothing: the service records the refusal). `start`
 * has answered long before (it waits for none of this). It then streams the file and commits it in
 * batches; each batch — its rows, its error-report rows, catalog growth and the import's counters — is one
 * transaction, so a crash or a cancel leaves only whole batches and the `imports` row always says what was
 * committed. After each commit it posts a `batch` message (progress and the batch's data change); at the
 * end, a bulk load's indexes and summary are rebuilt here too, and `loaded` says how it ended.
 */
import type { ApiError } from '../../../shared/api/result.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { ImportOptions } from '../../../shared/api/contract/imports.js';
import type { ImportErrorRow, ImportStatus } from '../../../shared/models/import.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { MANY_THRESHOLD, type DataChange } from '../dataChange.js';
import { estimatedRows, refuseWholeLine } from './csvFile.js';
import { openSource } from './readers/source.js';
import { usePointLookups } from './cells.js';
import { applyEntitySchema, ENTITY_PIPELINE_ROWS, EntitySink, planEntityImport } from './entityImport.js';
import { applyInteractionSchema, InteractionSink, planInteractionImport, sampleInTimeOrder } from './interactionImport.js';
import { dropInteractionIndexes, ensureInteractionIndexes } from './interactionIndexes.js';
import type { BatchResult, ImportSink } from './sink.js';
import { runConvertThread, type PipelineBatch } from './convertPipeline.js';
import { unpackEntityBatch } from './entityConvert.js';
import { unpackBatch } from './interactionConvert.js';
import { batchHandlers, RecordBatch } from './recordBatch.js';
import type { ReadChoices } from './readers/source.js';
import { addCreated, nextImportSeq, NOTHING_CREATED, type ImportCreated } from './importLog.js';
import { saveMapping } from './importMappings.js';

/** What the main thread asks the import thread to run. */
export interface ImportJobRequest {
  id: string;
  opts: ImportOptions;
  /** The import's start time (the service's clock), for its record and the saved mapping. */
  startedAt: number;
  batchSize: number;
  /** An interactions file at least this big, and big relative to the log it goes into, is bulk-loaded. */
  bulkBytes: number;
  /** An entity CSV of at least this many (estimated) rows is converted on a second thread (convertPipeline.ts). */
  entityPipelineRows?: number;
  /** An interactions CSV at least this big, into a database file, is converted on a second thread (convertPipeline.ts). */
  pipelineBytes?: number;
}

/** Counters of the `imports` row right after a commit (the `import.progressed` event's payload). */
export interface ImportProgress {
  rowsDone: number;
  bytesDone: number;
  totalBytes: number;
  imported: number;
  updated: number;
  skipped: number;
}

/** Messages from a running import, in order. */
export type ImportJobMessage =
  | { type: 'accepted'; id: string }
  /**
   * The import ended before writing anything: refused by its checks (`error` says what and where), or
   * cancelled while they ran. Nothing was written, not even the import's record (the service writes it).
   */
  | { type: 'refused'; id: string; status: 'refused' | 'cancelled'; error: ApiError }
  /** A batch committed: its progress, and its change (null: nothing changed, or a bulk load reports at its end). */
  | { type: 'batch'; id: string; progress: ImportProgress; change: DataChange | null }
  /** Every row is in (or the import stopped); `message` is the failure's reason, if any. */
  | { type: 'loaded'; id: string; status: ImportStatus; message: string | null; bulkChange: DataChange | null };

const SAMPLE_ROWS = 1000;
/**
 * Page cache while an import runs (KiB): keeps the indexes being written in memory. It grows with the
 * file, 4 KiB of cache per KiB of file between 64 and 256 MiB: a 5 MB file of 100k interactions does not
 * need (and the app should not hold, at 1M contacts, next to everything else) a quarter gigabyte.
 */
export function importCacheKiB(totalBytes: number): number {
  return Math.min(256 * 1024, Math.max(64 * 1024, Math.ceil(totalBytes / 1024) * 4));
}
/**
 * A big interactions file goes in as a bulk load (indexes dropped, rebuilt once at the end) when the log
 * holds fewer than this many times the file's estimated rows: rebuilding indexes over N + M rows by
 * sorting beats inserting M rows at random positions into indexes of N rows once M is a good share of N.
 */
const BULK_APPEND_RATIO = 2;

const toApiError = (e: unknown): ApiError =>
  e instanceof ApiFailure ? e.toError() : { code: 'internal', message: e instanceof Error ? e.message : String(e) };

/** Runs one import (see the file comment); never throws: every outcome is a message. */
export async function runImportJob(
  db: Db,
  req: ImportJobRequest,
  post: (m: ImportJobMessage) => void,
  cancelled: () => boolean,
  /** The shared flag behind `cancelled`, when there is one: a convert thread watches it too. */
  cancelFlag: SharedArrayBuffer | null = null,
): Promise<void> {
  const id = req.id;
  let prepared: Prepared;
  try {
    prepared = await prepare(db, req, cancelled);
  } catch (e) {
    post({ type: 'refused', id, status: e === CANCELLED ? 'cancelled' : 'refused', error: toApiError(e) });
    return;
  }
  post({ type: 'accepted', id });
  const r = await load(db, req, prepared, post, cancelled, cancelFlag);
  post({ type: 'loaded', id, ...r });
}

interface Prepared {
  source: Awaited<ReturnType<typeof openSource>>;
  header: string[];
  /** The file's size in bytes. */
  totalBytes: number;
  /**
   * Builds the sink once the import is accepted: an interactions sink loads every contact key (about
   * 1.8 s at 1M contacts), which `start`'s answer need not wait for.
   */
  sink: () => ImportSink;
  bulk: boolean;
  /**
   * Set when a CSV is read and converted on a convert thread (convertPipeline.ts): how to read it, and for
   * interactions how the thread resolves contact keys (null for entities).
   */
  pipeline: { path: string; read: ReadChoices; contactKeys: 'bulk' | 'point' | null } | null;
}

/** Thrown by {@link prepare} when a cancel arrived while the file was being checked (nothing written yet). */
const CANCELLED = new ApiFailure('invalid_state', 'Cancelled while the file was being checked; nothing was imported.');

/** Everything up to the first row: reads and checks, then the record and schema in one transaction. */
async function prepare(db: Db, req: ImportJobRequest, cancelled: () => boolean): Promise<Prepared> {
  const { id, opts } = req;
  const repo = new CatalogRepo(db);
  const source = await openSource(opts.path, opts);
  const head = source.head;
  refuseWholeLine(head);
  const sample = await source.sample(SAMPLE_ROWS);
  if (!head.hasData) {
    const message = 'the file has a header but no data rows; nothing to import.';
    throw new ApiFailure('invalid_input', `${opts.path}: ${message}`, [{ path: 'path', message }]);
  }
  // Plan first (refusals of options and header are cheap), then read the whole file once for its text.
  const entityPlan = opts.kind === 'entity' ? planEntityImport(repo, head, sample, opts) : null;
  const interactionPlan = opts.kind === 'interactions' ? planInteractionImport(repo, head, sample, opts) : null;
  await source.check();
  if (cancelled()) throw CANCELLED;
  // Everything above only read. From here on we write: the import's record and its schema first, in one
  // transaction, so the catalog it adds is always recorded for undo (importLog.ts).
  const record = (t: string, created: ImportCreated): number => {
    const seq = nextImportSeq(db);
    db.prepare(
      `INSERT INTO imports (id, seq, kind, file, target, options, status, started_at, total_bytes, created) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`,
    ).run(id, seq, opts.kind, opts.path, t, JSON.stringify(opts), req.startedAt, head.totalBytes, JSON.stringify(created));
    return seq;
  };
  let sink: () => ImportSink;
  let bulk = false;
  let pipeline: Prepared['pipeline'] = null;
  const onFile = !db.memory && db.name !== '' && db.name !== ':memory:';
  const csv = { path: opts.path, read: { delimiter: head.delimiter, encoding: head.encoding } };
  if (entityPlan) {
    const plan = entityPlan;
    const { def, seq } = db
      .transaction(() => {
        const d = applyEntitySchema(repo, plan);
        const created = { ...NOTHING_CREATED, entity: plan.entityIsNew ? d.name : null, fields: plan.newFields.map((f) => f.name) };
        return { def: d, seq: record(d.name, created) };
      })
      .immediate();
    sink = () => {
      const entitySink = new EntitySink(db, repo, def, plan, opts.dateFormat, seq);
      db.prepare('UPDATE imports SET stored_columns = ? WHERE id = ?').run(JSON.stringify(entitySink.log?.columns ?? []), id);
      return entitySink;
    };
    // A big CSV into a database file (which a second connection can open) is converted on a convert thread.
    if (onFile && source.format === 'csv' && plan.estimatedRows >= (req.entityPipelineRows ?? ENTITY_PIPELINE_ROWS))
      pipeline = { ...csv, contactKeys: null };
  } else {
    const plan = interactionPlan as NonNullable<typeof interactionPlan>;
    const logRows = db.prepare('SELECT coalesce(max(id), 0) FROM interactions').pluck().get() as number;
    bulk = head.totalBytes >= req.bulkBytes && logRows < estimatedRows(head.totalBytes, sample) * BULK_APPEND_RATIO;
    const keepTimeIndex = bulk && sampleInTimeOrder(plan, sample, opts.dateFormat);
    const target = plan.fixedType ?? '(type column)';
    const fixedIsNew = plan.fixedType !== null && !repo.interactionType(plan.fixedType);
    const { cols, seq } = db
      .transaction(() => {
        if (bulk) dropInteractionIndexes(db, keepTimeIndex);
        const c = applyInteractionSchema(repo, plan);
        const typeName = plan.fixedType === null ? null : (repo.interactionType(plan.fixedType)?.name ?? plan.fixedType);
        return { cols: c, seq: record(target, { ...NOTHING_CREATED, types: fixedIsNew && typeName ? [typeName] : [] }) };
      })
      .immediate();
    const contactTable = repo.entity('contact')?.table;
    const contactRows = contactTable ? (db.prepare(`SELECT count(*) FROM "${contactTable}"`).pluck().get() as number) : 0;
    const keys = usePointLookups(head.totalBytes, estimatedRows(head.totalBytes, sample), contactRows) ? 'point' : 'bulk';
    // A big CSV into a database file (which a second connection can open) is converted on a convert thread.
    if (onFile && source.format === 'csv' && req.pipelineBytes !== undefined && head.totalBytes >= req.pipelineBytes)
      pipeline = { ...csv, contactKeys: keys };
    const sinkKeys = pipeline ? 'elsewhere' : keys;
    sink = () => new InteractionSink(db, repo, plan, cols, opts.dateFormat, sinkKeys, bulk, seq);
  }
  saveMapping(db, head.header, opts, req.startedAt);
  return { source, header: head.header, totalBytes: head.totalBytes, sink, bulk, pipeline };
}

/** Streams the file in committed batches; a bulk load's indexes and summary are rebuilt at the end. */
async function load(
  db: Db,
  req: ImportJobRequest,
  job: Prepared,
  post: (m: ImportJobMessage) => void,
  cancelled: () => boolean,
  cancelFlag: SharedArrayBuffer | null,
): Promise<{ status: ImportStatus; message: string | null; bulkChange: DataChange | null }> {
  const id = req.id;
  const pending = new RecordBatch(job.header);
  let failure: unknown = null;
  let bulkChange: DataChange | null = null;
  let bytes = 0;
  let errorSeq = 0;
  const insertError = db.prepare('INSERT INTO import_errors (import_id, seq, row, column_name, value, reason) VALUES (?, ?, ?, ?, ?, ?)');
  const bump = db.prepare(
    'UPDATE imports SET rows_done = rows_done + ?, imported = imported + ?, updated = updated + ?, skipped = skipped + ?, batches = batches + 1, bytes_done = ? WHERE id = ?',
  );
  const progressOf = db.prepare(
    'SELECT rows_done AS rowsDone, bytes_done AS bytesDone, total_bytes AS totalBytes, imported, updated, skipped FROM imports WHERE id = ?',
  );
  let sink: ImportSink | null = null;
  /** Commits one batch of `rowsIn` records, `unread` of them error rows already, the rest written by `write`. */
  const commitWith = (rowsIn: number, unread: ImportErrorRow[], write: (into: ImportSink) => BatchResult): void => {
    if (rowsIn === 0 || !sink) return;
    const into = sink;
    const { result, progress } = db
      .transaction(() => {
        const r = write(into);
        if (into instanceof InteractionSink) {
          const created = into.takeCreated();
          if (created.types.length + created.typeFields.length > 0) addCreated(db, id, created);
        }
        const errs = [...unread, ...r.errors].sort((a, b) => a.row - b.row);
        for (const e of errs) insertError.run(id, errorSeq++, e.row, e.column, e.value === null ? null : e.value.slice(0, 1000), e.reason);
        bump.run(rowsIn, r.imported, r.updated, r.skipped + unread.length, bytes, id);
        return { result: r, progress: progressOf.get(id) as ImportProgress };
      })
      .immediate();
    // A bulk load runs without its indexes: live segments hear about it once, when they are back.
    if (job.bulk && result.change) bulkChange = mergeChanges(bulkChange, result.change);
    post({ type: 'batch', id, progress, change: job.bulk ? null : result.change });
  };
  const commit = (): void => {
    const rowsIn = pending.size;
    const { records, unread } = pending.take();
    commitWith(rowsIn, unread, (into) => into.writeBatch(records));
  };
  const tryCommit = (run: () => void = commit): boolean => {
    try {
      run();
      return true;
    } catch (e) {
      failure = e;
      return false;
    }
  };
  const full = (): boolean => pending.size < req.batchSize || tryCommit();
  /** Each batch a convert thread sends is committed here, in order, with `write`; false stops the thread. */
  const committing =
    <B>(write: (batch: B) => BatchResult) =>
    (b: PipelineBatch<B>): boolean => {
      if (failure || cancelled()) return false;
      bytes = b.bytes;
      return tryCommit(() => commitWith(b.rowsIn, b.unread, () => write(b.batch)));
    };
  /** The file read and converted on a convert thread (convertPipeline.ts), written here by the sink. */
  const pipelined = (made: ImportSink, how: NonNullable<Prepared['pipeline']>): Promise<{ stopped: boolean }> | null => {
    const file = { dbPath: db.name, path: how.path, read: how.read, batchSize: req.batchSize, header: job.header, cancel: cancelFlag };
    if (made instanceof InteractionSink) {
      const convert = { kind: 'interaction' as const, setup: made.convertSetup(), contactKeys: how.contactKeys ?? 'bulk' };
      return runConvertThread(
        { ...file, convert },
        unpackBatch,
        committing((batch) => made.writeConverted(batch)),
      );
    }
    // Not for an entity that looks itself up: those keys come from rows earlier batches wrote (one thread then).
    if (made instanceof EntitySink && made.convertsAhead) {
      const convert = { kind: 'entity' as const, setup: made.convertSetup() };
      return runConvertThread(
        { ...file, convert },
        unpackEntityBatch,
        committing((batch) => made.write(batch)),
      );
    }
    return null;
  };
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${importCacheKiB(job.totalBytes)}`);
  let status: ImportStatus = 'completed';
  let message: string | null = null;
  try {
    const made = job.sink();
    sink = made;
    const { stopped } = await ((job.pipeline ? pipelined(made, job.pipeline) : null) ??
      job.source.stream(
        batchHandlers(pending, {
          stop: () => Boolean(failure) || cancelled(),
          added: full,
          bytes: (done) => {
            bytes = done;
          },
        }),
      ));
    if (failure) throw failure;
    if (stopped || cancelled()) status = 'cancelled';
    else if (!tryCommit()) throw failure;
  } catch (e) {
    status = 'failed';
    message = `Import failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  db.pragma(`cache_size = ${previousCache}`);
  if (job.bulk || sink?.finish) {
    try {
      // A bulk entity load builds the lookup indexes it dropped (entityImport.ts).
      sink?.finish?.();
      if (job.bulk) ensureInteractionIndexes(db);
    } catch (e) {
      // The rows stay committed; the next start builds what is missing.
      status = 'failed';
      message = `Import failed while building the indexes: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return { status, message, bulkChange };
}

/** One change standing for two (both from the same import, so of the same kind). */
export function mergeChanges(a: DataChange | null, b: DataChange): DataChange {
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
