import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The release smoke test against the packaged app (Playwright's Electron support). Needs a real Electron
// package, so it runs in .github/workflows/release.yml, not in `npm test` (no Electron here):
//   SS_SMOKE_BUILD=1 npx electron-builder --dir --publish never -c.directories.output=release-smoke
//   SS_RELEASE_DIR=release-smoke npx playwright test -c test/e2e-electron/playwright.config.ts
export default defineConfig({
  testDir: '.',
  outputDir: path.join('..', '..', 'test-results', 'electron'),
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile: path.join('..', '..', '.ci-out', 'playwright-electron.json'),
      },
    ],
  ],
  use: { trace: 'retain-on-failure' },
});
