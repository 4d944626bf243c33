/**
 * The convert thread's runner (convertPipeline.ts) with a real thread over a real file and database: it
 * hands over every batch in file order, stops the thread when the commit side says stop or fails, and when
 * the thread itself dies mid-file the run rejects, saying so, with only the batches committed before it.
 */
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import type { Db } from '../db/connection.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { writeContactsCsv } from '../../../test/fixtures/csv/writeContactsCsv.js';
import { runConvertThread } from './convertPipeline.js';
import { unpackEntityBatch, type EntityBatch } from './entityConvert.js';
import { applyEntitySchema, EntitySink, planEntityImport } from './entityImport.js';
import { openSource } from './readers/source.js';
import type { PipelineBatch } from './convertPipeline.js';
import { useTempFiles } from '../../../test/support/tempFiles.js';

const ROWS = 2000;
const BATCH = 100;

const temp = useTempFiles('ss-convert-pipeline-');

/** A contacts file, a database with the contact entity planned for it, and the sink that writes it. */
async function start(): Promise<{ db: Db; sink: EntitySink; file: string; header: string[]; table: string }> {
  const dir = temp.dir();
  const file = path.join(dir, 'contacts.csv');
  writeContactsCsv(file, ROWS);
  const db = temp.db(path.join(dir, 'data.db'));
  const repo = new CatalogRepo(db);
  const source = await openSource(file, {});
  const plan = planEntityImport(repo, source.head, await source.sample(1000), {
    kind: 'entity',
    entity: 'contact',
    path: file,
    key: 'contactid',
  });
  const def = db.transaction(() => applyEntitySchema(repo, plan)).immediate();
  return { db, sink: new EntitySink(db, repo, def, plan, undefined, 1, BATCH), file, header: source.head.header, table: def.table };
}

const rows = (s: { db: Db; table: string }): number => s.db.prepare(`SELECT count(*) FROM "${s.table}"`).pluck().get() as number;

function run(
  s: Awaited<ReturnType<typeof start>>,
  commit: (b: PipelineBatch<EntityBatch>) => boolean,
  started?: (w: Worker) => void,
): Promise<{ stopped: boolean }> {
  const req = { dbPath: s.db.name, path: s.file, read: {}, batchSize: BATCH, header: s.header, cancel: null };
  return runConvertThread({ ...req, convert: { kind: 'entity', setup: s.sink.convertSetup() } }, unpackEntityBatch, commit, started);
}

it('hands over every batch in file order, converted, and ends when the file is read', async () => {
  const s = await start();
  const seen: number[] = [];
  const result = await run(s, (b) => {
    seen.push(b.rowsIn);
    s.db.transaction(() => s.sink.write(b.batch)).immediate();
    return true;
  });
  expect(result).toEqual({ stopped: false });
  expect(seen).toEqual(Array<number>(ROWS / BATCH).fill(BATCH));
  expect(rows(s)).toBe(ROWS);
  const firstAndLast = s.db.prepare(`SELECT min(rid), max(rid) FROM "${s.table}"`).raw().get();
  expect(firstAndLast).toEqual([1, ROWS]);
});

it('stops the thread when the commit side says stop, and rejects with the commit side’s failure', async () => {
  const s = await start();
  let commits = 0;
  expect(await run(s, () => ++commits < 3)).toEqual({ stopped: true });
  expect(commits).toBe(3);
  await expect(
    run(s, () => {
      throw new Error('disk full');
    }),
  ).rejects.toThrow('disk full');
});

it('when the convert thread dies mid-file the run rejects saying so, and only the batches committed before stay', async () => {
  const s = await start();
  let thread: Worker | null = null;
  let committed = 0;
  let killed: Promise<number> | null = null;
  const outcome = run(
    s,
    (b) => {
      s.db.transaction(() => s.sink.write(b.batch)).immediate();
      committed++;
      // Ended as a crash would end it, after the second committed batch.
      if (committed === 2 && thread) killed = thread.terminate();
      return true;
    },
    (w) => (thread = w),
  );
  await expect(outcome).rejects.toThrow(/the convert thread stopped \(exit code \d+\)/);
  await killed;
  expect(committed).toBeGreaterThanOrEqual(2);
  expect(committed).toBeLessThan(ROWS / BATCH);
  expect(rows(s)).toBe(committed * BATCH);
});
