import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

/**
 * Each spec file runs against its own web host on its own database (test/e2e/fixtures.ts: a copy of
 * the demo-data template that test/e2e/globalSetup.ts makes once per run), on a free port.
 *
 * SS_E2E_ORDER runs the spec files in another order, to prove they do not depend on each other:
 * `reverse`, or `shuffle` / `shuffle:<seed>` (the seed is printed). It chains one project per file, each
 * depending on the one before, which is how Playwright runs files in a chosen order.
 */
const TEST_DIR = 'test/e2e';

function specOrder(mode: string): string[] {
  const files = fs
    .readdirSync(path.join(__dirname, TEST_DIR))
    .filter((f) => f.endsWith('.spec.ts'))
    .sort();
  if (mode === 'reverse') return files.reverse();
  const m = /^shuffle(?::(\d+))?$/.exec(mode);
  if (!m) throw new Error(`SS_E2E_ORDER must be "reverse", "shuffle" or "shuffle:<seed>", not "${mode}".`);
  let seed = m[1] ? Number(m[1]) : Date.now() % 1_000_000;
  // Workers load this config again: they must draw the same order, so they inherit the seed.
  process.env.SS_E2E_ORDER = `shuffle:${seed}`;
  // A small seeded generator (mulberry32), so a failing order can be replayed.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j] as string, files[i] as string];
  }
  return files;
}

const order = process.env.SS_E2E_ORDER;
const orderedProjects: PlaywrightTestConfig['projects'] = order
  ? specOrder(order).map((file, i, all) => ({ name: file, testMatch: file, ...(i > 0 ? { dependencies: [all[i - 1] as string] } : {}) }))
  : undefined;
if (order && !process.env.TEST_WORKER_INDEX)
  console.log(`[e2e order] ${process.env.SS_E2E_ORDER}: ${(orderedProjects ?? []).map((p) => p.name).join(' → ')}`);

export default defineConfig({
  testDir: TEST_DIR,
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  // In CI a failed spec runs once more: a pass on the retry is reported as flaky (scripts/test-all.mjs names
  // each one in the summary, so a flake is seen and fixed, not hidden); a second failure fails the run.
  retries: process.env.CI ? 1 : 0,
  // Generous: on a loaded 2-core build machine a first page load plus the backend's first query can take seconds.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.ci-out/playwright.json' }]],
  globalSetup: './test/e2e/globalSetup.ts',
  globalTeardown: './test/e2e/globalTeardown.ts',
  ...(orderedProjects ? { projects: orderedProjects } : {}),
  use: {
    // baseURL comes from the fixture of test/e2e/fixtures.ts: the spec file's own web host.
    browserName: 'chromium',
    viewport: { width: 1280, height: 760 },
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    launchOptions: {
      // Playwright cannot download its own browser here; Debian's chromium works (README.md, Tests).
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
