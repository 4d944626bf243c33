/**
 * The writer thread's host (main thread). Every heavy write of live membership — a go-live's members,
 * history and evaluation log, whole re-evaluations (data changes, the scheduler, dependants), the
 * retention sweep — runs on one worker_threads worker with its own connection (WAL), so the main
 * event loop only dispatches requests and reads small pages while SQLite writes for seconds.
 *
 * One writer thread per database and jobs strictly in order: the worker handles one message at a time
 * and each job is one transaction (live/writeJobs.ts), so a killed process leaves every job wholly
 * done or not at all. The main connection still writes small things (status flips, per-contact
 * re-checks, edits); SQLite serialises those with the writer's transactions (busy timeout).
 *
 * The writer thread also takes over the WAL checkpoints of the main connection (`checkpointsOf`): an
 * automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages, on whichever connection
 * commits — at 1M contacts every ~50th live re-check paid 5 ms of page copying and an fsync (the p99 of a
 * live update, 12 ms). Once the thread runs, the main connection checkpoints itself only past
 * {@link MAIN_FALLBACK_CHECKPOINT_PAGES} (should the thread fall far behind) and the thread runs a
 * PASSIVE checkpoint every {@link CHECKPOINT_EVERY_MS} between jobs (readers and writers never wait for it).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import type { WriteJob, WriteResults } from '../live/writeJobs.js';
import type { Db } from './connection.js';

/** How often the writer thread checkpoints the WAL (ms). */
export const CHECKPOINT_EVERY_MS = 1000;

/** SQLite's default automatic checkpoint threshold (pages), restored when the writer thread stops. */
export const DEFAULT_CHECKPOINT_PAGES = 1000;

/**
 * The main connection's automatic checkpoint threshold while the writer thread checkpoints for it: a
 * bound on the WAL (~40 MiB of 4 KiB pages) should the thread be busy for long, never reached otherwise.
 */
export const MAIN_FALLBACK_CHECKPOINT_PAGES = 10_000;

/** The writer connection's page cache (KiB; SQLite's `cache_size = -N`). */
export const WRITER_CACHE_KIB = 4096;

/**
 * The writer thread's V8 young generation (MB). Under a go-live's allocation rate V8 grows it to its
 * maximum (~48 MB of semi-spaces) and keeps it; the jobs' garbage is short-lived arrays and JSON text,
 * collected as fast with a smaller one (measured: 12 MB less heap for a 162k-member refresh, same time).
 */
export const WRITER_YOUNG_GENERATION_MB = 6;

/** What a PASSIVE checkpoint did (SQLite's `wal_checkpoint` row): frames in the WAL and frames copied back. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** Options of the writer thread. */
export interface WriterOptions {
  /** The main connection whose WAL checkpoints the thread takes over (its own threshold is raised meanwhile). */
  checkpointsOf?: Db;
  /** Interval of the thread's checkpoints (ms; 0: none). Default {@link CHECKPOINT_EVERY_MS}. */
  checkpointEveryMs?: number;
}

/** Messages from the writer thread. */
export type WriterMessage = { type: 'done'; id: number; output: unknown } | { type: 'failed'; id: number; error: ApiError };

/** A checkpoint asked of the writer thread (answered with a {@link CheckpointResult}). */
export interface CheckpointJob {
  kind: 'checkpoint';
}

/** A job posted to the writer thread. */
export interface WriterRequest {
  id: number;
  job: WriteJob | CheckpointJob;
}

/** The data the writer thread starts with. */
export interface WriterInit {
  dbPath: string;
  checkpointEveryMs: number;
}

interface Pending {
  resolve: (output: unknown) => void;
  reject: (err: unknown) => void;
}

/** Built, the worker is the compiled .js; in dev and tests it is TypeScript run through tsx (see evaluator/host.ts). */
function workerSpec(): { file: string; execArgv: string[] } {
  const isTs = __filename.endsWith('.ts');
  return { file: path.join(__dirname, isTs ? 'writerWorker.ts' : 'writerWorker.js'), execArgv: isTs ? ['--require', 'tsx/cjs'] : [] };
}

export class WriterHost {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dbPath: string,
    private readonly options: WriterOptions = {},
  ) {}

  /**
   * Starts the thread if it is not running yet, so that it checkpoints for the main connection before
   * that connection's own commits pile up (the live refresher calls this on the first data change).
   */
  warm(): void {
    if (!this.closed) this.start();
  }

  /** Runs a PASSIVE checkpoint on the writer thread now (after the jobs posted before it). */
  checkpoint(): Promise<CheckpointResult> {
    return this.post<CheckpointResult>({ kind: 'checkpoint' }, []);
  }

  /** Runs `job` on the writer thread after every job posted before it; resolves with its result. */
  run<K extends WriteJob['kind']>(job: Extract<WriteJob, { kind: K }>): Promise<WriteResults[K]> {
    // Member rids move to the writer (transferred): the main thread does not use them afterwards.
    const rids = 'source' in job && 'rids' in job.source ? job.source.rids : 'rids' in job ? job.rids : null;
    return this.post<WriteResults[K]>(job, rids ? [rids.buffer as ArrayBuffer] : []);
  }

  private post<T>(job: WriterRequest['job'], transfer: ArrayBuffer[]): Promise<T> {
    if (this.closed) return Promise.reject(new ApiFailure('invalid_state', 'The writer is closed.'));
    const worker = this.start();
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (o: unknown) => void, reject });
      worker.postMessage({ id, job } satisfies WriterRequest, transfer);
    });
    this.last = answer.catch(() => undefined);
    return answer;
  }

  /** Number of jobs posted and not yet answered. */
  get queued(): number {
    return this.pending.size;
  }

  /** Waits for the jobs already posted, then stops the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Jobs are answered in order: the last one posted settles after every earlier one.
    await this.last;
    const w = this.worker;
    this.worker = null;
    this.mainCheckpoints(DEFAULT_CHECKPOINT_PAGES);
    if (w) await w.terminate();
  }

  /** Sets the main connection's automatic checkpoint threshold (when the thread checkpoints for it). */
  private mainCheckpoints(pages: number): void {
    const main = this.options.checkpointsOf;
    if (main?.open && (this.options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS) > 0) main.pragma(`wal_autocheckpoint = ${pages}`);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const { file, execArgv } = workerSpec();
    const init: WriterInit = { dbPath: this.dbPath, checkpointEveryMs: this.options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS };
    const worker = new Worker(file, {
      workerData: init,
      execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    worker.on('message', (msg: WriterMessage) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === 'done') p.resolve(msg.output);
      else p.reject(new ApiFailure(msg.error.code, msg.error.message, msg.error.issues));
    });
    const gone = (err: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      // No thread checkpoints for the main connection any more: it checkpoints itself again.
      this.mainCheckpoints(DEFAULT_CHECKPOINT_PAGES);
      // Each job is one transaction: a job cut short by a dead thread changed nothing.
      for (const p of this.pending.values()) p.reject(new ApiFailure('internal', `The write failed: ${err.message}`));
      this.pending.clear();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the writer thread stopped (exit code ${code})`)));
    this.worker = worker;
    this.mainCheckpoints(MAIN_FALLBACK_CHECKPOINT_PAGES);
    return worker;
  }
}
