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
  await host.stop();
  process.env.SS_E2E_DIR = dir;
  process.env.SS_E2E_TEMPLATE_DB = template;
}
