/**
 * The import thread's host (main thread). An import reads, converts and commits its file on a
 * worker_threads worker with its own connection (WAL) — importWorker.ts running importJob.ts — so the
 * main event loop only dispatches and reports while SQLite writes for seconds or minutes. One thread per
 * import service, started on first use (or by {@link ImportThread.warm}, which the preview calls) and
 * kept, unreferenced while idle so it never holds a process open. An in-memory database cannot be
 * shared with a thread: its imports run on the caller's thread, through the same job code.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/connection.js';
import { runImportJob, type ImportJobMessage, type ImportJobRequest } from './importJob.js';

/** What the host posts to the import thread: the job and a shared flag the main thread sets to cancel it. */
export interface ImportThreadRequest {
  job: ImportJobRequest;
  cancel: SharedArrayBuffer;
}

/** A running import as its host sees it. */
export interface RunningImport {
  /** Asks the import to stop before its next row (the batch in progress is dropped). */
  cancel(): void;
}

/** Built, the worker is the compiled .js; in dev and tests it is TypeScript run through tsx (as db/writer.ts). */
function workerSpec(): { file: string; execArgv: string[] } {
  const isTs = __filename.endsWith('.ts');
  return { file: path.join(__dirname, isTs ? 'importWorker.ts' : 'importWorker.js'), execArgv: isTs ? ['--require', 'tsx/cjs'] : [] };
}

export class ImportThread {
  private worker: Worker | null = null;
  private listener: ((m: ImportJobMessage) => void) | null = null;
  private onGone: ((err: Error) => void) | null = null;
  /** Resolves once the thread has opened its connection. */
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  /** True when imports run on the caller's thread (an in-memory or temporary database). */
  get inProcess(): boolean {
    return this.db.memory || this.db.name === '' || this.db.name === ':memory:';
  }

  /** Starts the thread ahead of the first import (the preview calls this while the user maps columns); resolves when it is up. */
  warm(): Promise<void> {
    if (!this.inProcess) this.spawn();
    return this.ready;
  }

  /**
   * Runs `job`, handing every message to `onMessage` in order; `gone` is called instead of the rest when
   * the thread dies mid-import (each batch is one transaction: what it committed stays, nothing else).
   */
  run(job: ImportJobRequest, onMessage: (m: ImportJobMessage) => void, gone: (err: Error) => void): RunningImport {
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const handle = { cancel: () => Atomics.store(flag, 0, 1) };
    if (this.inProcess) {
      void runImportJob(this.db, job, onMessage, () => Atomics.load(flag, 0) !== 0);
      return handle;
    }
    const worker = this.spawn();
    // Referenced while it works, so a caller awaiting the import keeps the process alive.
    worker.ref();
    const idle = (): void => {
      this.listener = null;
      this.onGone = null;
      worker.unref();
    };
    this.listener = (m) => {
      if (m.type === 'refused' || m.type === 'loaded') idle();
      onMessage(m);
    };
    this.onGone = (err) => {
      idle();
      gone(err);
    };
    worker.postMessage({ job, cancel } satisfies ImportThreadRequest);
    return handle;
  }

  /** Stops the thread (after the service has waited for its imports). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  /**
   * Ends the thread at once, as a crash of it would: an import running there ends `failed`, with the
   * whole batches it committed (its `gone` handler runs), and the next import starts a new thread.
   * Resolves once the thread is gone. The recovery test (importThreadDeath.test.ts) uses it.
   */
  async terminate(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    const gone = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    await w.terminate();
    await gone;
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const { file, execArgv } = workerSpec();
    const worker = new Worker(file, { workerData: { dbPath: this.db.name }, execArgv });
    worker.unref();
    let up!: () => void;
    this.ready = new Promise<void>((resolve) => (up = resolve));
    worker.on('message', (m: ImportJobMessage | { type: 'ready' }) => (m.type === 'ready' ? up() : this.listener?.(m)));
    const died = (err: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      up();
      this.onGone?.(err);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the import thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
