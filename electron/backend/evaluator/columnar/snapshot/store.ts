/**
 * Where snapshot files live (`<database file>.columns/`) and how they are read and written:
 * read = one `readFileSync` of the whole file, then decode (format.ts); write = a temp file in the
 * same folder, written, fsync'ed, renamed over the old name, then the folder fsync'ed. A kill at any
 * moment leaves either the old file, the new file, or a stray temp file (deleted at the next start);
 * never a half-written file under the real name. Writes run asynchronously (libuv's thread pool), so
 * the worker keeps answering jobs while a snapshot goes to disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import {
  decodeRanges,
  decodeSnapshot,
  encodeSnapshot,
  peekSnapshotMeta,
  SnapshotInvalid,
  type DecodedSnapshot,
  type SnapshotArray,
} from './format.js';

/** The snapshot folder of a database file (null for an in-memory database). */
export function snapshotDir(dbPath: string): string | null {
  return dbPath === ':memory:' || dbPath === '' ? null : `${path.resolve(dbPath)}.columns`;
}

const TEMP_MARK = '.tmp-';

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Test hook: called after each chunk written to a temp file (the kill tests stop the process there). */
export type WriteProbe = (file: string, chunk: number, chunks: number) => void;

/** What happened to snapshot files, for the stats and the tests. */
export interface SnapshotEvent {
  file: string;
  what: 'loaded' | 'rejected' | 'written' | 'write-failed';
  reason?: string;
}

export class SnapshotStore {
  /** Every load, rejection and write, oldest first (bounded). */
  readonly events: SnapshotEvent[] = [];
  private readonly pending = new Map<string, () => Uint8Array[]>();
  private readonly running = new Map<string, Promise<void>>();
  private seq = 0;
  probe: WriteProbe | null = null;
  /** Called with every event as it happens (the background builder counts its writes). */
  onEvent: ((e: SnapshotEvent) => void) | null = null;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    // Temp files of a process that died mid-write: never renamed, so never read; remove them (but not
    // those of another live process sharing the folder, e.g. the CLI next to the app, nor those of
    // this process: the evaluator worker and the background builder are two threads of one process).
    for (const name of fs.readdirSync(dir)) {
      const at = name.indexOf(TEMP_MARK);
      if (at < 0) continue;
      const pid = Number(name.slice(at + TEMP_MARK.length).split('-')[0]);
      if (processAlive(pid)) continue;
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }

  /** The decoded file `name`, or null when it is missing or not whole (the reason is recorded). */
  read<M>(name: string): DecodedSnapshot<M> | null {
    const file = path.join(this.dir, name);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch {
      return null;
    }
    try {
      const out = decodeSnapshot<M>(buf);
      this.note({ file: name, what: 'loaded' });
      return out;
    } catch (err) {
      if (!(err instanceof SnapshotInvalid)) throw err;
      this.reject(name, err.message);
      return null;
    }
  }

  /**
   * Parts of file `name` (format.ts `decodeRanges`: `pick` names the element range of each array wanted,
   * or null for none): null when the file is missing, not whole (the reason is recorded, the file
   * deleted) or `pick` wanted nothing. Reads the header, the meta and the blocks of those ranges only.
   */
  readRanges<M>(
    name: string,
    pick: (meta: M, lengths: ReadonlyMap<string, number>) => Record<string, [number, number]> | null,
  ): DecodedSnapshot<M> | null {
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.dir, name), 'r');
    } catch {
      return null;
    }
    try {
      // Own, 8-byte aligned memory per read (allocUnsafeSlow: never the shared pool), so arrays are views.
      const read = (pos: number, len: number): Buffer => {
        const buf = Buffer.allocUnsafeSlow(len);
        let n = 0;
        while (n < len) {
          const got = fs.readSync(fd, buf, n, len - n, pos + n);
          if (got === 0) break;
          n += got;
        }
        return buf.subarray(0, n);
      };
      const out = decodeRanges<M>(read, fs.fstatSync(fd).size, pick);
      if (out) this.note({ file: name, what: 'loaded', reason: 'ranges' });
      return out;
    } catch (err) {
      if (!(err instanceof SnapshotInvalid)) throw err;
      this.reject(name, err.message);
      return null;
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * The meta of file `name` from its header alone (no checksum: that is checked when the file is
   * loaded), or null when it is missing or its header is not whole. For "is there a current file?".
   */
  peekMeta<M>(name: string): M | null {
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.dir, name), 'r');
    } catch {
      return null;
    }
    try {
      return peekSnapshotMeta<M>((pos, len) => {
        const buf = Buffer.alloc(len);
        const n = fs.readSync(fd, buf, 0, len, pos);
        return buf.subarray(0, n);
      }, fs.fstatSync(fd).size);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Records why a file was not used and deletes it (it is rebuilt from the database). */
  reject(name: string, reason: string): void {
    this.note({ file: name, what: 'rejected', reason });
    fs.rmSync(path.join(this.dir, name), { force: true });
  }

  /**
   * Queues a write of `name`. The arrays must not change afterwards (callers pass copies or arrays
   * they never mutate), or a function making them when the write runs; `meta` may be a function of the
   * arrays (made then too). A newer write of the same name replaces a queued one.
   */
  write<A extends Record<string, SnapshotArray>>(name: string, meta: object | ((arrays: A) => object), arrays: A | (() => A)): void {
    this.pending.set(name, () => {
      const a = typeof arrays === 'function' ? arrays() : arrays;
      return encodeSnapshot(typeof meta === 'function' ? meta(a) : meta, a);
    });
    if (!this.running.has(name)) this.running.set(name, this.drain(name));
  }

  /** Resolves when every queued write has reached the disk (or failed). */
  async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private async drain(name: string): Promise<void> {
    try {
      for (let next = this.pending.get(name); next; next = this.pending.get(name)) {
        this.pending.delete(name);
        // Encoding checksums the whole arrays: never on the path of the job that queued the write.
        await new Promise<void>((resolve) => setImmediate(resolve));
        try {
          await this.writeNow(name, next());
          this.note({ file: name, what: 'written' });
        } catch (err) {
          this.note({ file: name, what: 'write-failed', reason: err instanceof Error ? err.message : String(err) });
        }
      }
    } finally {
      this.running.delete(name);
    }
  }

  private async writeNow(name: string, parts: Uint8Array[]): Promise<void> {
    const final = path.join(this.dir, name);
    const temp = `${final}${TEMP_MARK}${process.pid}-${threadId}-${++this.seq}`;
    const fh = await fs.promises.open(temp, 'w');
    try {
      let i = 0;
      for (const p of parts) {
        for (let off = 0; off < p.byteLength;) off += (await fh.write(p, off, p.byteLength - off)).bytesWritten;
        this.probe?.(name, i++, parts.length);
      }
      await fh.sync();
    } catch (err) {
      await fh.close();
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    await fh.close();
    await fs.promises.rename(temp, final);
    // The rename itself must be durable before anyone relies on the new file.
    const dh = await fs.promises.open(this.dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  private note(e: SnapshotEvent): void {
    this.onEvent?.(e);
    this.events.push(e);
    if (this.events.length > 500) this.events.splice(0, this.events.length - 500);
  }
}
