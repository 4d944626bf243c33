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
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import type { WriteJob, WriteResults } from '../live/writeJobs.js';

/** Messages from the writer thread. */
export type WriterMessage = { type: 'done'; id: number; output: unknown } | { type: 'failed'; id: number; error: ApiError };

/** A job posted to the writer thread. */
export interface WriterRequest {
  id: number;
  job: WriteJob;
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

  constructor(private readonly dbPath: string) {}

  /** Runs `job` on the writer thread after every job posted before it; resolves with its result. */
  run<K extends WriteJob['kind']>(job: Extract<WriteJob, { kind: K }>): Promise<WriteResults[K]> {
    if (this.closed) return Promise.reject(new ApiFailure('invalid_state', 'The writer is closed.'));
    const worker = this.start();
    const id = this.nextId++;
    // Member rids move to the writer (transferred): the main thread does not use them afterwards.
    const rids = 'source' in job && 'rids' in job.source ? job.source.rids : 'rids' in job ? job.rids : null;
    const transfer = rids ? [rids.buffer as ArrayBuffer] : [];
    const answer = new Promise<WriteResults[K]>((resolve, reject) => {
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
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const { file, execArgv } = workerSpec();
    const worker = new Worker(file, { workerData: { dbPath: this.dbPath }, execArgv });
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
      // Each job is one transaction: a job cut short by a dead thread changed nothing.
      for (const p of this.pending.values()) p.reject(new ApiFailure('internal', `The write failed: ${err.message}`));
      this.pending.clear();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the writer thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
