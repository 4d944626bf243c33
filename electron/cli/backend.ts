import fs from 'node:fs';
import { createBackend, type Backend } from '../backend/index.js';
import { CliUsageError } from './command.js';

/**
 * Opens the backend on a database file for one command and closes it afterwards.
 * `mustExist`: refuse a missing file (a typo would otherwise create an empty database).
 */
export async function withBackend<T>(dbPath: string, mustExist: boolean, fn: (b: Backend) => Promise<T>): Promise<T> {
  if (mustExist && !fs.existsSync(dbPath)) throw new CliUsageError(`no database at ${dbPath}. Create one with "segment-studio init --db ${dbPath}".`);
  const backend = await createBackend({ dbPath, host: 'cli', log: (e) => process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`) });
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}
