/**
 * The evaluator host (main thread): queues jobs to one worker_threads worker that owns its own SQLite
 * connection, so no segment query ever runs on the main thread. Jobs run one at a time, in order. A
 * newer estimate with the same supersede key cancels an older one: dropped if still queued, stopped
 * between blocks if running. Progress leaves the backend as `evaluation.progressed` events.
 */
import { Worker } from 'node:worker_threads';
import { ApiFailure } from '../../../shared/api/result.js';
import type { EventBus } from '../events.js';
import type { DataChange } from '../dataChange.js';
import type { BuilderInit, BuilderMessage } from './columnar/snapshot/builderWorker.js';
import { snapshotDir } from './columnar/snapshot/store.js';
import { takeEarlyWorker } from './earlyStart.js';
import { workerSpec } from './workerSpec.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type {
  CacheStats,
  EstimateJob,
  EstimateOutput,
  Job,
  MaterialiseOutput,
  MembersJob,
  QueryOutput,
  WorkerInit,
  WorkerMessage,
} from './protocol.js';

export interface EvaluatorHostOptions {
  dbPath: string;
  /** Where progress events go (optional: the CLI and some tests do not listen). */
  events?: EventBus;
  /** 'columnar' (default) or 'sql' (the SQL path only: comparisons, the bench's baseline). */
  engine?: 'columnar' | 'sql';
  /** Pre-load what live segments read when the worker starts (the app does; tests need not). */
  prewarm?: boolean;
  /** Keep column and log snapshots beside the database so a restart loads them instead of the tables (the app does). */
  snapshots?: boolean;
  /**
   * With `snapshots`: a background builder thread writes a current file for every field and interaction
   * type (after the worker's pre-warm, and after every burst of data changes), so no first use scans a table.
   */
  buildSnapshots?: boolean;
  /** Quiet time after the last data change before the builder's next pass (default 1,000 ms; tests use 0). */
  buildQuietMs?: number;
}

/** What the background builder has done so far (totals since it started). */
export interface BuilderStatus {
  built: number;
  scans: number;
}

interface Pending {
  id: number;
  job: Job;
  supersedeKey: string | null;
  resolve: (output: unknown) => void;
  reject: (err: unknown) => void;
}

const cancelledError = (): ApiFailure => new ApiFailure('cancelled', 'The evaluation was cancelled (superseded by a newer one).');

export class EvaluatorHost {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private cancelSlot = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: Pending[] = [];
  private running: Pending | null = null;
  private nextId = 1;
  private closed = false;
  private warmed = false;
  private readonly onWarmed: (() => void)[] = [];
  private builder: Worker | null = null;
  private changeSeq = 0;
  private builderIdle: { seq: number; status: BuilderStatus } | null = null;
  private readonly onBuilderIdle: { seq: number; resolve: (s: BuilderStatus) => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly options: EvaluatorHostOptions) {
    // A host that pre-warms (the app's) starts its worker at once: booting a worker thread with its
    // modules and connection costs 80–110 ms (200k, load 7), which the first estimate would otherwise
    // wait for; this way the worker is up, and pre-warming, while the window opens.
    if (options.prewarm) this.warmUp().catch(() => undefined);
  }

  /** Exact total and size after each block, as of `now`. `supersedeKey` (default 'estimate') groups estimates that replace each other. */
  estimate(job: Omit<EstimateJob, 'kind'>, supersedeKey = 'estimate'): Promise<EstimateOutput> {
    this.supersede(supersedeKey);
    return this.submit<EstimateOutput>({ kind: 'estimate', ...job }, supersedeKey);
  }

  /** Re-evaluates a stored segment and writes its members in one transaction. */
  materialise(segmentId: string, now: number): Promise<MaterialiseOutput> {
    return this.submit<MaterialiseOutput>({ kind: 'materialise', segmentId, now }, null);
  }

  /** Runs a compiled member query (column `rid`) on the worker and returns the rids. */
  async members(query: { sql: string; params: unknown[] }): Promise<number[]> {
    const out = await this.submit<QueryOutput>({ kind: 'query', sql: query.sql, params: query.params }, null);
    return Array.from(out.rids);
  }

  /**
   * A committed data change: forwarded at once to a running worker, whose columnar cache patches or
   * drops what it holds. Messages keep their order, so the worker sees it before any later job. A
   * worker that is not running has no cache to correct.
   */
  notifyDataChanged(change: DataChange): void {
    this.worker?.postMessage({ type: 'dataChanged', change });
    this.builder?.postMessage({ type: 'changed', seq: ++this.changeSeq });
  }

  /**
   * A segment's members were rewritten wholly by another thread (go-live, scheduled refresh): a running
   * worker loads them between jobs, so a member search right after does not wait for that read.
   */
  warmMembers(segmentId: string): void {
    this.worker?.postMessage({ type: 'warmMembers', segmentId });
  }

  /**
   * Resolves once the background builder has finished a pass that began after every change notified so
   * far (every field and interaction type then has a current file); starts the worker (and so the
   * builder) if needed. Rejects when the host has no builder.
   */
  async whenSnapshotsBuilt(): Promise<BuilderStatus> {
    if (!this.options.snapshots || !this.options.buildSnapshots) throw new ApiFailure('invalid_state', 'No snapshot builder is running.');
    await this.warmUp();
    const seq = this.changeSeq;
    if (this.builderIdle && this.builderIdle.seq >= seq) return this.builderIdle.status;
    return new Promise<BuilderStatus>((resolve, reject) => this.onBuilderIdle.push({ seq, resolve, reject }));
  }

  /** Starts the builder thread (once, after the worker's pre-warm: a cold start's own reads go first). */
  private startBuilder(): void {
    const dir = snapshotDir(this.options.dbPath);
    if (this.builder || this.closed || !dir || !this.options.snapshots || !this.options.buildSnapshots) return;
    const { file, execArgv } = workerSpec('columnar/snapshot/builderWorker');
    const init: BuilderInit = { dbPath: this.options.dbPath, dir, quietMs: this.options.buildQuietMs ?? 1000 };
    const builder = new Worker(file, { workerData: init, execArgv });
    this.builder = builder;
    builder.on('message', (m: BuilderMessage) => {
      if (m.type === 'idle') {
        this.builderIdle = { seq: m.seq, status: { built: m.built, scans: m.scans } };
        const due = this.onBuilderIdle.filter((w) => w.seq <= m.seq);
        for (const w of due) {
          this.onBuilderIdle.splice(this.onBuilderIdle.indexOf(w), 1);
          w.resolve({ built: m.built, scans: m.scans });
        }
      } else if (m.type === 'failed') {
        for (const w of this.onBuilderIdle.splice(0)) w.reject(new Error(`The snapshot builder failed: ${m.message}`));
      }
    });
    // The builder is an optimisation: if it dies, first uses read the tables as before.
    builder.on('error', () => undefined);
    builder.on('exit', () => {
      if (this.builder === builder) this.builder = null;
      for (const w of this.onBuilderIdle.splice(0)) w.reject(new Error('The snapshot builder stopped.'));
    });
  }

  /** Memory and load times of the worker's columnar cache (starts the worker if needed). */
  async cacheStats(): Promise<CacheStats> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new ApiFailure('invalid_state', 'The evaluator is closed.');
    const id = this.nextId++;
    return new Promise<CacheStats>((resolve) => {
      const onMessage = (msg: WorkerMessage): void => {
        if (msg.type === 'stats' && msg.id === id) {
          worker.off('message', onMessage);
          resolve(msg.stats);
        }
      };
      worker.on('message', onMessage);
      worker.postMessage({ type: 'stats', id });
    });
  }

  /** Resolves once every snapshot write the worker has queued is on disk (tests, and before a planned exit). */
  async flushSnapshots(): Promise<void> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new ApiFailure('invalid_state', 'The evaluator is closed.');
    const id = this.nextId++;
    await new Promise<void>((resolve) => {
      const onMessage = (msg: WorkerMessage): void => {
        if (msg.type === 'snapshotsFlushed' && msg.id === id) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.postMessage({ type: 'flushSnapshots', id });
    });
  }

  /**
   * Members (ascending rids) of a dynamic or compound definition as of `now`, from the worker's
   * columnar cache: for full evaluations that would otherwise send compiled SQL (`members`).
   */
  async definitionMembers(job: { definition: SegmentDefinition; timeZone: string; now: number }): Promise<number[]> {
    const out = await this.submit<QueryOutput>({ kind: 'members', ...job }, null);
    return Array.from(out.rids);
  }

  /** As `definitionMembers`, as the typed array the worker sent (no copy: the live path passes it on to the writer thread). */
  async definitionMemberRids(job: Omit<MembersJob, 'kind'>): Promise<Float64Array> {
    const out = await this.submit<QueryOutput>({ kind: 'members', ...job }, null);
    return out.rids;
  }

  /**
   * Lets a worker that was started holding its pre-warm (earlyStart.ts) begin it; the web host calls
   * this once it listens. No effect on any other worker.
   */
  releasePrewarm(): void {
    this.worker?.postMessage({ type: 'prewarm' });
  }

  /** Starts the worker now (it otherwise starts with the first job, or at construction when pre-warming). */
  async warmUp(): Promise<void> {
    if (!this.closed) await this.start();
  }

  /** Starts the worker if needed and resolves once its pre-warming has loaded everything it queued. */
  async whenWarm(): Promise<void> {
    await this.warmUp();
    if (this.warmed || this.closed) return;
    await new Promise<void>((resolve) => this.onWarmed.push(resolve));
  }

  /** Number of jobs queued or running. */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /** Stops the worker; queued and running jobs fail with `cancelled`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(cancelledError());
    this.running?.reject(cancelledError());
    this.running = null;
    const w = this.worker;
    this.worker = null;
    const b = this.builder;
    this.builder = null;
    if (b) await b.terminate();
    if (w) await w.terminate();
  }

  private supersede(key: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const p = this.queue[i];
      if (p && p.supersedeKey === key) {
        this.queue.splice(i, 1);
        p.reject(cancelledError());
      }
    }
    if (this.running && this.running.supersedeKey === key) Atomics.store(this.cancelSlot, 0, this.running.id);
  }

  private submit<T>(job: Job, supersedeKey: string | null): Promise<T> {
    if (this.closed) return Promise.reject(new ApiFailure('invalid_state', 'The evaluator is closed.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, supersedeKey, resolve: resolve as (o: unknown) => void, reject });
      void this.pump();
    });
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const { file, execArgv } = workerSpec();
    const options = {
      dbPath: this.options.dbPath,
      engine: this.options.engine ?? 'columnar',
      prewarm: this.options.prewarm === true,
      snapshots: this.options.snapshots === true,
      builder: this.options.snapshots === true && this.options.buildSnapshots === true,
    } as const;
    // The web host may have started this very worker in its first lines (earlyStart.ts): adopt it.
    const early = takeEarlyWorker(options);
    if (early) this.cancelSlot = new Int32Array(early.cancel);
    const init: WorkerInit = { ...options, cancel: this.cancelSlot.buffer as SharedArrayBuffer };
    const worker = early?.worker ?? new Worker(file, { workerData: init, execArgv });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'ready') {
          resolve();
          if (!init.prewarm) this.startBuilder();
        } else if (msg.type === 'warmed') {
          this.warmed = true;
          for (const f of this.onWarmed.splice(0)) f();
          this.startBuilder();
        } else if (msg.type !== 'stats' && msg.type !== 'snapshotsFlushed') this.onMessage(msg);
      });
      worker.on('error', (err) => {
        reject(err);
        this.onWorkerGone(err);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.onWorkerGone(new Error(`The evaluator worker stopped (exit code ${code}).`));
      });
      // What an adopted worker said before it was adopted ('ready', 'warmed'), in order.
      for (const msg of early?.buffered ?? []) worker.emit('message', msg);
    });
    return this.ready;
  }

  /** A crashed worker fails the running job; the next job starts a fresh worker. */
  private onWorkerGone(err: Error): void {
    this.worker = null;
    this.ready = null;
    const r = this.running;
    this.running = null;
    r?.reject(new ApiFailure('internal', `Evaluation failed: ${err.message}`));
    if (!this.closed) void this.pump();
  }

  private onMessage(
    msg: Exclude<WorkerMessage, { type: 'ready' } | { type: 'stats' } | { type: 'warmed' } | { type: 'snapshotsFlushed' }>,
  ): void {
    const r = this.running;
    if (!r || msg.id !== r.id) return;
    if (msg.type === 'progress') {
      this.options.events?.emit('evaluation.progressed', {
        jobId: r.id,
        // A members job is a member query as far as listeners are concerned.
        kind: r.job.kind === 'members' ? 'query' : r.job.kind,
        ...(r.job.kind === 'materialise' ? { segmentId: r.job.segmentId } : {}),
        step: msg.step,
        steps: msg.steps,
      });
      return;
    }
    this.running = null;
    if (msg.type === 'done') r.resolve(msg.output);
    else r.reject(new ApiFailure(msg.error.code, msg.error.message, msg.error.issues));
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    Atomics.store(this.cancelSlot, 0, 0);
    try {
      const ready = this.start();
      // Posted at once, not after 'ready': a booting worker finds the job queued when its module has
      // run, so its first turn runs the job instead of a pre-warm slice the job then waits behind (at
      // 1M a slice is a 4–8 MB column file that job may not read; the round trip to a main thread that
      // is still starting the app took 10–30 ms). A worker that fails to start fails this job (onWorkerGone).
      this.worker?.postMessage({ type: 'job', id: next.id, job: next.job });
      await ready;
    } catch (err) {
      if (this.running === next) {
        this.running = null;
        next.reject(new ApiFailure('internal', `The evaluator worker did not start: ${err instanceof Error ? err.message : String(err)}`));
      }
    }
  }
}
