/**
 * Every spec file gets its own web host on its own database: a copy of the run's demo-data template
 * (test/e2e/globalSetup.ts), started when the file's first test asks for `baseURL` and stopped when the
 * next file starts or the worker ends. So specs cannot see each other's data and pass in any order
 * (`SS_E2E_ORDER=reverse|shuffle` in playwright.config.ts proves it). Specs import `test` and `expect`
 * from here, not from '@playwright/test'.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { removeDb, startHost, type RunningHost } from './webHost';

export { expect } from '@playwright/test';

/** Copies the template database: one file, since globalSetup.ts checks its host closed cleanly (no WAL left). */
function copyDb(from: string, to: string): void {
  fs.copyFileSync(from, to);
}

/** The host of the spec file running in this worker (one file at a time: workers run files serially). */
class HostPerFile {
  private host: { file: string; running: RunningHost } | null = null;

  constructor(private readonly workerIndex: number) {}

  async urlFor(file: string): Promise<string> {
    if (this.host?.file === file) return this.host.running.url;
    await this.stop();
    const template = process.env.SS_E2E_TEMPLATE_DB;
    const dir = process.env.SS_E2E_DIR;
    if (!template || !dir)
      throw new Error('No e2e template database: test/e2e/globalSetup.ts makes it (run through playwright.config.ts).');
    const dbPath = path.join(dir, `w${this.workerIndex}-${path.basename(file, '.spec.ts')}-${Date.now()}.db`);
    copyDb(template, dbPath);
    this.host = { file, running: await startHost(dbPath) };
    return this.host.running.url;
  }

  async stop(): Promise<void> {
    const h = this.host;
    this.host = null;
    if (!h) return;
    await h.running.stop();
    removeDb(h.running.dbPath);
  }
}

export const test = base.extend<object, { hostPerFile: HostPerFile }>({
  hostPerFile: [
    async ({}, use, workerInfo) => {
      const hosts = new HostPerFile(workerInfo.workerIndex);
      await use(hosts);
      await hosts.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ hostPerFile }, use, testInfo) => {
    await use(await hostPerFile.urlFor(testInfo.file));
  },
});
