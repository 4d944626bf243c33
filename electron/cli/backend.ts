import fs from 'node:fs';
import { withPathPolicy } from '../../shared/api/pathPolicy.js';
import { createBackend, type Backend } from '../backend/index.js';
import { CliUsageError } from './command.js';
import { typedPathPolicy } from './pathPolicy.js';

/**
 * Opens the backend on a database file for one command and closes it afterwards.
 * `mustExist`: refuse a missing file (a typo would otherwise create an empty database). Path fields
 * of API calls go through the CLI's path policy: the paths the user typed.
 */
export async function withBackend<T>(dbPath: string, mustExist: boolean, fn: (b: Backend) => Promise<T>): Promise<T> {
  if (mustExist && !fs.existsSync(dbPath))
    throw new CliUsageError(`no database at ${dbPath}. Create one with "segment-studio init --db ${dbPath}".`);
  const backend = await createBackend({
    dbPath,
    host: 'cli',
    log: (e) => process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`),
  });
  try {
    // Commands see the backend through the CLI's path policy (pathPolicy.ts), like every host.
    return await fn({ ...backend, dispatch: withPathPolicy(backend.dispatch, typedPathPolicy) });
  } finally {
    await backend.close();
  }
}
