import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts run their e2e tests at the same time.
const PORT = Number(process.env.E2E_PORT ?? 5181);
// A fresh database per run. Set once in the runner process; workers inherit it through the environment.
process.env.SS_E2E_DB ??= path.join(os.tmpdir(), `segment-studio-e2e-${Date.now()}-${process.pid}.db`);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Generous: on a loaded 2-core build machine a first page load plus the backend's first query can take seconds.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.ci-out/playwright.json' }]],
  globalTeardown: './test/e2e/globalTeardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 760 },
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    launchOptions: {
      // Playwright cannot download its own browser here; Debian's chromium works (README.md, Tests).
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // The built web host (npm run build first): the real backend on the fresh database, demo data included.
    command: `node dist-electron/electron/webhost/index.js --db "${process.env.SS_E2E_DB}" --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
