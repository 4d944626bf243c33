/**
 * The evaluator worker thread: opens its own connection to the store and runs jobs one at a time.
 * Everything slow (segment queries, materialisation) happens here, so the main thread's event loop
 * never waits on SQLite for a segment. Dynamic and compound definitions run on the columnar cache
 * (./columnar, docs/columnar-engine.md), which the host keeps current with DataChange messages.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import { openDatabase } from '../db/connection.js';
import { ColumnarEngine } from './columnar/engine.js';
import { prewarmSteps } from './columnar/prewarm.js';
import { runEstimate, runMaterialise, runMembers, runQuery, type BeforeStep } from './jobs.js';
import type { HostMessage, WorkerInit, WorkerMessage } from './protocol.js';
import { snapshotDir, SnapshotStore } from './columnar/snapshot/store.js';
import { warmingSearch } from './columnar/memberSearch.js';
import { contactSearchFields } from '../live/contactRefs.js';
import { isValidTimeZone } from '../../../shared/segments/dates.js';

const init = workerData as WorkerInit;
if (!parentPort) throw new Error('evaluator worker must run in a worker thread');
const port: MessagePort = parentPort;

// The main connection has already migrated the schema; this one only reads and writes memberships.
const db = openDatabase(init.dbPath, { skipMigrations: true });
const cancel = new Int32Array(init.cancel);
const snapDir = init.snapshots && init.engine !== 'sql' ? snapshotDir(init.dbPath) : null;
const engine = init.engine === 'sql' ? undefined : new ColumnarEngine(db, snapDir ? new SnapshotStore(snapDir) : undefined);
if (engine && init.builder) engine.catchUpWrites = false;

const send = (msg: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

function toError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.toError();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

function onMessage(msg: HostMessage): void {
  stopWarming();
  try {
    handle(msg);
  } finally {
    scheduleWarm();
  }
}
port.on('message', onMessage);

function handle(msg: HostMessage): void {
  if (msg.type === 'dataChanged') {
    try {
      engine?.applyChange(msg.change);
    } catch {
      engine?.clear(); // a patch that fails must not leave a half-patched cache
    }
    return;
  }
  if (msg.type === 'stats') {
    const memory = engine?.memory() ?? { entities: 0, interactions: 0, members: 0 };
    const snapshots = engine?.snapshots ? [...engine.snapshots.events] : [];
    send({
      type: 'stats',
      id: msg.id,
      stats: { memory, loads: engine ? [...engine.loads] : [], rssBytes: process.memoryUsage().rss, snapshots, prewarm: prewarmState() },
    });
    return;
  }
  if (msg.type === 'prewarm') {
    held = false;
    return;
  }
  if (msg.type === 'flushSnapshots') {
    const id = msg.id;
    void (engine?.snapshots?.flush() ?? Promise.resolve()).then(() => send({ type: 'snapshotsFlushed', id }));
    return;
  }
  if (msg.type === 'warmMembers') {
    const segmentId = msg.segmentId;
    if (engine)
      warmQueue.push(function* warmMembers(): Generator<void, void> {
        engine.refreshMembers(segmentId);
        yield;
        const fields = contactSearchFields(db);
        if (fields) yield* warmingSearch(engine, segmentId, fields);
      });
    return;
  }
  const { id, job } = msg;
  const beforeStep: BeforeStep = (step, steps) => {
    if (Atomics.load(cancel, 0) === id) throw new ApiFailure('cancelled', 'The evaluation was cancelled (superseded by a newer one).');
    send({ type: 'progress', id, step, steps });
  };
  try {
    if (job.kind === 'estimate') send({ type: 'done', id, output: runEstimate(db, job, beforeStep, false, engine) });
    else if (job.kind === 'materialise') send({ type: 'done', id, output: runMaterialise(db, job, beforeStep, engine) });
    else {
      const output = job.kind === 'members' ? runMembers(db, job, beforeStep, engine) : runQuery(db, job);
      send({ type: 'done', id, output }, [output.rids.buffer as ArrayBuffer]);
    }
  } catch (err) {
    send({ type: 'failed', id, error: toError(err) });
  }
}

// The app's worker builds its first date formatter (ICU's time-zone data, ~15 ms at 1M's load) before
// its first job: a relative-date rule of the first estimate paid it otherwise.
if (engine && init.prewarm) {
  isValidTimeZone('UTC');
  isValidTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

send({ type: 'ready' });

// Pre-warming: one slice of a load per turn of the event loop. A message (a job, a data change) first
// closes the running load (its open statement would keep the connection busy) and re-queues it, so a
// job waits for at most one slice, never for the whole warm-up.
let held = init.holdPrewarm === true;
let warming: { restart: () => Generator<void, void>; gen: Generator<void, void> } | null = null;
const warmQueue = engine && init.prewarm ? prewarmSteps(db, engine) : [];

function stopWarming(): void {
  if (!warming) return;
  warming.gen.return(undefined);
  warmQueue.unshift(warming.restart);
  warming = null;
}

function prewarmState(): 'held' | 'warming' | 'done' {
  if (held) return 'held';
  return warming || warmQueue.length > 0 ? 'warming' : 'done';
}

let tickScheduled = false;
function scheduleWarm(): void {
  if (held || tickScheduled || (!warming && warmQueue.length === 0)) return;
  tickScheduled = true;
  setImmediate(() => {
    tickScheduled = false;
    warmTick();
  });
}

// Said once, when the queue first runs empty: tests and hosts can await a warm cache instead of polling.
let warmedSaid = false;
function sayWarmedIfDone(): void {
  if (warmedSaid || warming || warmQueue.length > 0) return;
  warmedSaid = true;
  send({ type: 'warmed' });
}

function warmTick(): void {
  // A message already waiting goes first: the event loop may run this tick before delivering it (a
  // job posted while the worker booted found a pre-warm slice, a column file, ahead of it).
  const waiting = receiveMessageOnPort(port);
  if (waiting) return onMessage(waiting.message as HostMessage);
  if (!warming) {
    const restart = warmQueue.shift();
    if (!restart) return sayWarmedIfDone();
    warming = { restart, gen: restart() };
  }
  try {
    if (warming.gen.next().done) warming = null;
  } catch {
    warming = null; // pre-warming is an optimisation: a failed load is simply done by the first job instead
  }
  sayWarmedIfDone();
  scheduleWarm();
}

scheduleWarm();
sayWarmedIfDone();
