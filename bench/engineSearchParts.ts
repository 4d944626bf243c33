/**
 * Where a member search's time goes on the worker, part by part (issue 15), for `bench/engineSearch.ts`:
 * a columnar engine of its own on a second connection to the same database (in this thread, after the
 * API searches), timing the stored members' load, each column's dictionary match (`markContains` over
 * the folded text), the whole search (`searchSegmentMembers`: match, row pass, member filter, rids) and,
 * for comparison, the general evaluation of the same definition the worker ran before (first time per
 * term: its truth tables are cached per term after that). Medians of `runs`.
 */
import { openDatabase } from '../electron/backend/db/connection.js';
import type { DictColumn } from '../electron/backend/evaluator/columnar/columns.js';
import { ColumnarEngine } from '../electron/backend/evaluator/columnar/engine.js';
import { evaluateColumnar } from '../electron/backend/evaluator/columnar/evaluateColumnar.js';
import { foldedDict, markContains } from '../electron/backend/evaluator/columnar/foldedDict.js';
import { memberSearchDefinition, searchSegmentMembers } from '../electron/backend/evaluator/columnar/memberSearch.js';
import { SnapshotStore, snapshotDir } from '../electron/backend/evaluator/columnar/snapshot/store.js';
import { contactSearchFields } from '../electron/backend/live/contactRefs.js';
import { compileBlocks } from '../electron/backend/segments/compile.js';
import { normText } from '../shared/segments/fold.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Prints the parts of searching `terms` in segment `segmentId` of the database at `dbPath`. */
export function searchParts(dbPath: string, segmentId: string, terms: readonly string[], runs = 5): void {
  const db = openDatabase(dbPath, { skipMigrations: true });
  try {
    const dir = snapshotDir(dbPath);
    const engine = new ColumnarEngine(db, dir ? new SnapshotStore(dir) : undefined);
    engine.beginJob();
    const fields = contactSearchFields(db);
    if (!fields) throw new Error('the contact search fields are not all text');
    const contacts = engine.entity('contact');
    const storage = fields.map((f) => contacts.entity.fields.get(f.toLowerCase())).filter((f) => f !== undefined);
    contacts.load(storage);
    const cols = storage.map((f) => contacts.column(f)).filter((c): c is DictColumn => c.kind === 'dict');
    for (const c of cols) c.folded = foldedDict(c.dict, c.folded); // as pre-warm does
    const loads: number[] = [];
    for (let i = 0; i < runs; i++) {
      engine.forgetMembers();
      loads.push(timed(() => engine.segmentMembers(segmentId, contacts.words)));
    }
    console.log(`parts: stored members load ${median(loads).toFixed(1)} ms (median of ${runs})`);
    for (const term of terms) {
      const needle = normText(term);
      const match = cols.map((c) => {
        const hit = new Uint8Array(c.dict.length);
        return median(Array.from({ length: runs }, () => timed(() => markContains(c.folded!, needle, 0, hit))));
      });
      const whole = median(
        Array.from({ length: runs }, () => timed(() => searchSegmentMembers(engine, { segmentId, fields, text: term }))),
      );
      const def = memberSearchDefinition({ segmentId, fields, text: term });
      const ctx = { now: Date.now(), timeZone: 'UTC' };
      const general = timed(() => evaluateColumnar(db, engine, def, ctx, compileBlocks(def, engine.storage, ctx)));
      console.log(
        `parts ${JSON.stringify(term)}: match ${match.map((m) => m.toFixed(1)).join(' + ')} ms, whole search ${whole.toFixed(1)} ms` +
          ` (general evaluation, first time: ${general.toFixed(1)} ms)`,
      );
    }
  } finally {
    db.close();
  }
}
