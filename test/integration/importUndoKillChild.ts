/**
 * Child process of importUndoKill.test.ts: opens the backend on an existing database and undoes one
 * import. It says `undo-start` on stderr just before the undo and `undo-committed` once its transaction
 * committed, so the parent can aim its SIGKILL at the transaction.
 */
import { createBackend } from '../../electron/backend/index.js';

const [dbPath, importId] = process.argv.slice(2);
if (!dbPath || !importId) throw new Error('usage: importUndoKillChild DB IMPORT_ID');

async function main(): Promise<void> {
  const backend = await createBackend({ dbPath: dbPath as string, host: 'test' });
  // The first data change is reported right after the undo's commit: the parent learns when it lands.
  const off = backend.dataChanges.subscribe(() => {
    process.stderr.write('undo-committed\n');
    off();
  });
  process.stderr.write('undo-start\n');
  const r = await backend.dispatch('imports.undo', { id: importId as string });
  process.stderr.write(r.ok ? 'undo-done\n' : `failed ${JSON.stringify(r.error)}\n`);
  await backend.close();
}

void main();
