import fs from 'node:fs';

/** Removes the run's temporary database (and its WAL files) created by playwright.config.ts. */
export default function globalTeardown(): void {
  const db = process.env.SS_E2E_DB;
  if (!db) return;
  for (const file of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(file, { force: true });
}
