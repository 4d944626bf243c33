import fs from 'node:fs';

/** Removes the run's folder: the template database and any spec database left by a crashed worker. */
export default function globalTeardown(): void {
  const dir = process.env.SS_E2E_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
