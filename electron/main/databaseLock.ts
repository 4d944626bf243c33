/**
 * One Segment Studio per database file. The single-instance lock keeps one app per user, but two users,
 * a portable copy or a database on a shared folder can still meet on one file; a lock file beside the
 * database (`<file>.lock`: pid and host) says "in use" to the second. A lock left by a crashed app on
 * this machine (its process is gone, or its pid is now ours) is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseOpenError } from '../backend/db/openCheck.js';

interface LockOwner {
  pid: number;
  host: string;
}

function readOwner(lockFile: string): LockOwner | null {
  try {
    const o = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Lock files this process holds. A lock naming this process that is not among them was left by an
 * earlier run that had the same pid (pids are reused, after a reboot especially): it is stale.
 */
const held = new Set<string>();

export interface DatabaseLock {
  release(): void;
}

/**
 * Takes the lock of `dbFile`, or throws a `locked` {@link DatabaseOpenError} naming who holds it.
 * `self` is this process (tests pass another pid to stand for a second instance).
 */
export function lockDatabase(dbFile: string, self: LockOwner = { pid: process.pid, host: os.hostname() }): DatabaseLock {
  const lockFile = `${dbFile}.lock`;
  // A new database may go into a folder that does not exist yet (the backend would create it too).
  fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(self), { flag: 'wx' });
      held.add(path.resolve(lockFile));
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          held.delete(path.resolve(lockFile));
          // Only our own lock: never delete one another instance took over meanwhile.
          const owner = readOwner(lockFile);
          if (owner?.pid === self.pid && owner.host === self.host) fs.rmSync(lockFile, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new DatabaseOpenError('unreadable', dbFile, `${dbFile} cannot be locked for use: ${(err as Error).message}`, { cause: err });
    }
    const owner = readOwner(lockFile);
    const stale =
      owner === null || (owner.host === self.host && (owner.pid === self.pid ? !held.has(path.resolve(lockFile)) : !isAlive(owner.pid)));
    if (!stale) {
      const where = owner.host === self.host ? `process ${owner.pid}` : `the computer ${owner.host}`;
      throw new DatabaseOpenError('locked', dbFile, `${dbFile} is open in another Segment Studio (${where}).`);
    }
    fs.rmSync(lockFile, { force: true });
  }
  throw new DatabaseOpenError('locked', dbFile, `${dbFile} is being opened by another Segment Studio at the same moment.`);
}
