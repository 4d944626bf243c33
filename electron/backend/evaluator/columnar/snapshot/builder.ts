/**
 * The background snapshot builder (docs/performance.md, "Column snapshots"): makes sure every field of
 * every entity and every interaction type the catalog has owns a current snapshot file, so the
 * evaluator worker's first use of anything reads one file instead of scanning the row table. It runs
 * on its own thread with its own read connection (builderWorker.ts), one part at a time, and writes
 * through the same atomic SnapshotStore; the worker's load checks every file anyway, so a file built
 * here that a later change made stale is simply refused and rebuilt.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/connection.js';
import { loadStorageCatalog, type StorageEntity, type StorageInteractionType } from '../../../segments/compileCatalog.js';
import { EntityColumns, MAX_RID, rowSink, type LoadStat } from '../columns.js';
import { ColumnarEngine } from '../engine.js';
import { entityFileCurrent, entityStamp } from './entitySnapshot.js';
import { inReadTransaction } from './generations.js';
import { logFileCurrent, logStamp, REWRITE_GAP } from './logSnapshot.js';
import type { SnapshotStore } from './store.js';

/** Columns read by one table scan: bounds the builder's memory (8 bytes per row per column at most, plus a copy to write). */
export const COLUMNS_PER_SCAN = 6;

/** What one pass did. */
export interface BuildPass {
  /** Files written (names), in order. */
  built: string[];
  /** Table or index scans it needed (a part whose file was behind is caught up without one). */
  scans: number;
  ms: number;
}

export class SnapshotBuilder {
  /** Meta of files already read, by name, size and mtime: a pass over current files parses nothing again. */
  private readonly metaCache = new Map<string, { key: string; meta: unknown }>();

  constructor(
    private readonly db: Db,
    private readonly store: SnapshotStore,
    /** Asked between parts: true stops the pass early (a newer change arrived, or the thread closes). */
    private readonly interrupted: () => boolean = () => false,
  ) {
    rowSink(db); // SQL functions are registered while no statement runs
  }

  /** Builds every missing or outdated file, one part at a time, awaiting each write (memory stays bounded). */
  async pass(): Promise<BuildPass> {
    const t0 = performance.now();
    const out: BuildPass = { built: [], scans: 0, ms: 0 };
    const catalog = loadStorageCatalog(this.db);
    for (const entity of catalog.entities.values()) {
      if (this.interrupted()) break;
      await this.entity(entity, out);
    }
    for (const type of catalog.interactionTypes.values()) {
      if (this.interrupted()) break;
      await this.log(type, out);
    }
    out.ms = performance.now() - t0;
    return out;
  }

  private peek = (name: string): unknown => {
    let st: fs.Stats;
    try {
      st = fs.statSync(path.join(this.store.dir, name));
    } catch {
      this.metaCache.delete(name);
      return null;
    }
    const key = `${st.size}:${st.mtimeMs}:${st.ino}`;
    const have = this.metaCache.get(name);
    if (have && have.key === key) return have.meta;
    const meta = this.store.peekMeta(name);
    this.metaCache.set(name, { key, meta });
    return meta;
  };

  private async entity(entity: StorageEntity, out: BuildPass): Promise<void> {
    const todo = inReadTransaction(this.db, () => {
      const stamp = entityStamp(this.db, entity.table);
      if (!stamp || stamp.maxRid > MAX_RID) return null;
      const rid = entityFileCurrent(this.db, this.peek, entity.table, null, stamp, REWRITE_GAP).current;
      const fields = [...entity.fields.values()].filter(
        (f) => !entityFileCurrent(this.db, this.peek, entity.table, f, stamp, REWRITE_GAP).current,
      );
      return rid && fields.length === 0 ? null : fields;
    });
    if (!todo) return;
    // Up to COLUMNS_PER_SCAN columns per scan, each group in a fresh, dropped EntityColumns.
    for (let i = 0; i === 0 || i < todo.length; i += COLUMNS_PER_SCAN) {
      if (this.interrupted()) return;
      const stats: LoadStat[] = [];
      const cols = new EntityColumns(this.db, entity, stats, this.store);
      cols.load(todo.slice(i, i + COLUMNS_PER_SCAN));
      out.scans += stats.filter((s) => !s.what.includes('(snapshot')).length;
      await this.flushInto(out);
    }
  }

  private async log(type: StorageInteractionType, out: BuildPass): Promise<void> {
    const need = inReadTransaction(this.db, () => {
      const stamp = logStamp(this.db);
      return stamp !== null && !logFileCurrent(this.db, this.peek, type.id, stamp, REWRITE_GAP).current;
    });
    if (!need) return;
    const engine = new ColumnarEngine(this.db, this.store);
    engine.log(type);
    out.scans += engine.loads.filter((s) => !s.what.includes('(snapshot')).length;
    engine.clear();
    await this.flushInto(out);
  }

  private async flushInto(out: BuildPass): Promise<void> {
    this.store.onEvent = (e) => {
      if (e.what === 'written') out.built.push(e.file);
    };
    try {
      await this.store.flush();
    } finally {
      this.store.onEvent = null;
    }
  }
}
