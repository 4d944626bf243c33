/**
 * Temporary folders and database connections of one test file, all closed and removed after each test
 * (even a failed one): `const temp = useTempFiles('ss-my-test-')` at the top of the file, then
 * `temp.dir()` for a fresh folder and `temp.db(file)` for a connection that is closed for you.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';

export interface TempFiles {
  /** A new empty folder under the system's temporary folder. */
  dir(): string;
  /** Opens (and migrates, unless told not to) a database file; closed after the test. */
  db(file: string, options?: Parameters<typeof openDatabase>[1]): Db;
}

/** Registers the clean-up with the calling test file's `afterEach`; `prefix` names the folders. */
export function useTempFiles(prefix: string): TempFiles {
  const dirs: string[] = [];
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) if (db.open) db.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return {
    dir() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    db(file, options) {
      const db = openDatabase(file, options);
      dbs.push(db);
      return db;
    },
  };
}
