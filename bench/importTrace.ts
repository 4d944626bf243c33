/**
 * Where the wall time of a big contacts import goes: imports the bench's accounts (untimed), then its
 * contacts file, and prints a timeline with the CPU of each thread (from /proc/self/task).
 *
 *   node dist-electron/bench/importTrace.js [--contacts N] [--mode service|job] [--runs N]
 *
 * `--warm` starts the import thread first (as the preview does in the app). `service` (default) goes
 * through ImportService as the app does (import thread, convert thread) and times its events from the
 * main thread; `job` runs the import job on this thread (as an in-file
 * database import would on the import thread), so `--cpu-prof` profiles the inserting side and the
 * job's own messages (accepted, each batch, loaded) are timed exactly. The CSVs come from
 * `npm run bench:import` (`.bench-cache/contacts-N-N/10.csv`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EventBus } from '../electron/backend/events.js';
import { openDatabase } from '../electron/backend/db/connection.js';
import { DEFAULT_BATCH, ImportService } from '../electron/backend/io/importService.js';
import { runImportJob, type ImportJobMessage } from '../electron/backend/io/importJob.js';
import { EntitySink } from '../electron/backend/io/entityImport.js';
import type { ImportOptions } from '../shared/api/contract/imports.js';

const CACHE = path.resolve('.bench-cache');
/** Clock ticks per second of /proc's CPU times (USER_HZ on Linux). */
const TICK = 100;

/** CPU seconds per thread of this process (tid → s). */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), (Number(f[11]) + Number(f[12])) / TICK);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

function cpuDelta(a: Map<number, number>, b: Map<number, number>): string {
  const rows = [...b].map(([t, s]) => [t, s - (a.get(t) ?? 0)] as const).filter(([, s]) => s >= 0.05);
  rows.sort((x, y) => y[1] - x[1]);
  return rows.map(([t, s]) => `${t === process.pid ? 'main' : t}:${s.toFixed(2)}`).join(' ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contacts: { type: 'string', default: '1000000' },
      mode: { type: 'string', default: 'service' },
      runs: { type: 'string', default: '1' },
      warm: { type: 'boolean', default: false },
    },
  });
  const contacts = Number(values.contacts);
  const accounts = Math.floor(contacts / 10);
  const contactsCsv = path.join(CACHE, `contacts-${contacts}-${accounts}.csv`);
  const accountsCsv = path.join(CACHE, `accounts-${accounts}.csv`);
  for (let run = 0; run < Number(values.runs); run++) {
    const dbFile = path.join(CACHE, 'trace.db');
    for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });
    const db = openDatabase(dbFile);
    const svc = new ImportService({ db, events: new EventBus(), now: Date.now, onDataChanged: () => {} });
    const a = await svc.start({ kind: 'entity', entity: 'account', path: accountsCsv, key: 'accountid' });
    await svc.wait(a.id);
    await svc.stopAll();
    const opts: ImportOptions = {
      kind: 'entity',
      entity: 'contact',
      path: contactsCsv,
      key: 'contactid',
      lookups: { parentcustomerid: 'account' },
    };
    const load0 = os.loadavg()[0] ?? 0;
    const marks: string[] = [];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const th0 = threadCpu();
    const mark = (what: string): void => {
      marks.push(`${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${what}`);
    };
    let batches = 0;
    let firstBatch: Map<number, number> | null = null;
    /** Latest CPU seen per thread (a thread that ended keeps its last reading). */
    const seen = new Map<number, number>();
    const sample = (): Map<number, number> => {
      const now = threadCpu();
      for (const [t, v] of now) seen.set(t, v);
      return now;
    };
    const onBatch = (rows: number): void => {
      batches++;
      sample();
      if (batches === 1) {
        firstBatch = threadCpu();
        mark(`first batch committed (${rows} rows)  cpu ${cpuDelta(th0, firstBatch)}`);
      }
      if (rows >= contacts) mark(`last batch committed (${batches} batches)  cpu ${cpuDelta(th0, threadCpu())}`);
    };
    if (values.mode === 'job') {
      // On this thread the sink's end (the lookup index build) can be timed from inside.
      const finish = Object.getOwnPropertyDescriptor(EntitySink.prototype, 'finish')?.value as (this: EntitySink) => void;
      EntitySink.prototype.finish = function timedFinish(this: EntitySink): void {
        mark('sink finish begins');
        finish.call(this);
        mark('sink finish ends');
      };
      const post = (m: ImportJobMessage): void => {
        if (m.type === 'accepted') mark('accepted');
        else if (m.type === 'batch') onBatch(m.progress.rowsDone);
        else if (m.type === 'loaded') mark(`loaded ${m.status}`);
      };
      await runImportJob(
        db,
        { id: `trace-${run}`, opts, startedAt: Date.now(), batchSize: DEFAULT_BATCH.entity, bulkBytes: 64 << 20, pipelineBytes: 16 << 20 },
        post,
        () => false,
      );
    } else {
      const events = new EventBus();
      const traced = new ImportService({ db, events, now: Date.now, onDataChanged: () => {} });
      events.onAny((e, p) => {
        if (e === 'import.progressed') onBatch((p as { rowsDone: number }).rowsDone);
      });
      if (values.warm) {
        await traced.warm();
        mark('import thread warm');
      }
      const t1 = performance.now();
      const { id } = await traced.start(opts);
      mark(`start answered (${(performance.now() - t1).toFixed(0)} ms)`);
      const s = await traced.wait(id);
      mark(`finished ${s.status} ${s.imported}`);
      await traced.stopAll();
    }
    const secs = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    sample();
    mark(`end  cpu per thread over the run (ended threads at their last reading) ${cpuDelta(th0, seen)}`);
    db.close();
    const cpu = ((used.user + used.system) / 1e6).toFixed(2);
    const load = `${load0.toFixed(1)} → ${(os.loadavg()[0] ?? 0).toFixed(1)}`;
    console.log(`run ${run + 1} (${values.mode}): ${secs.toFixed(2)} s, cpu ${cpu} s, load ${load}`);
    for (const m of marks) console.log(`  ${m}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
