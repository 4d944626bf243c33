import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from './webHost';

/**
 * Once per run: a template database with the demo data (what a new installation starts with). Seeding
 * takes seconds; every spec file then starts its own web host on a copy of it (test/e2e/fixtures.ts).
 * Workers inherit SS_E2E_TEMPLATE_DB through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segment-studio-e2e-'));
  const template = path.join(dir, 'template.db');
  const host = await startHost(template);
  const code = await host.stop();
  // A host that closed cleanly checkpointed its WAL: the template is then one self-contained file.
  if (code !== 0) throw new Error(`The template's web host exited with code ${code} on SIGTERM instead of closing cleanly.`);
  if (fs.existsSync(`${template}-wal`)) throw new Error(`The template's web host left ${template}-wal: its backend did not close cleanly.`);
  process.env.SS_E2E_DIR = dir;
  process.env.SS_E2E_TEMPLATE_DB = template;
}
