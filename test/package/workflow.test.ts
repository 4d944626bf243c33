// .github/workflows/release.yml against GitHub's workflow schema (@action-validator/core), and the
// pipeline the issue asks for: every OS, Electron downloaded, natives rebuilt, a smoke test of the
// packaged app before the installers, artifacts, and a draft release for tags.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const FILE = path.join(ROOT, '.github', 'workflows', 'release.yml');
const text = fs.readFileSync(FILE, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: Record<string, string | boolean>[] } };
  steps: Step[];
}
interface Workflow {
  on: { push: { tags: string[] } };
  jobs: Record<string, Job>;
}

// electron-builder's YAML parser (js-yaml), rather than a second one.
const yaml = createRequire(require.resolve('electron-builder'))('js-yaml') as {
  load(src: string): unknown;
};
const workflow = yaml.load(text) as Workflow;
const packageJob = workflow.jobs.package as Job;
const steps = packageJob.steps;
const indexOf = (pattern: RegExp) => steps.findIndex((s) => pattern.test(`${s.uses ?? ''} ${s.run ?? ''}`));

describe('release workflow', () => {
  it('validates against the GitHub workflow schema', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('the validator refuses a broken workflow (so the check above can fail)', () => {
    const broken = text.replace('runs-on: ${{ matrix.os }}', 'runs_on: ${{ matrix.os }}');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('packages on Windows, macOS (arm64 and x64) and Linux, smoke-testing what the runner can start', () => {
    const matrix = packageJob.strategy?.matrix.include ?? [];
    expect(matrix.map((m) => `${String(m.os)}/${String(m.arch)}/${String(m.smoke)}`).sort()).toEqual([
      'macos-latest/arm64/true',
      'macos-latest/x64/false',
      'ubuntu-latest/x64/true',
      'windows-latest/x64/true',
    ]);
    expect(packageJob['runs-on']).toBe('${{ matrix.os }}');
  });

  it('runs checkout, Node 20, npm ci with the Electron download, build, rebuild, smoke package, smoke test, installers, fuse check, upload', () => {
    const order = [
      /actions\/checkout@/,
      /actions\/setup-node@/,
      /sed -i\.bak '\/\^nodedir=\/d' \.npmrc/,
      /npm ci/,
      /npm run build/,
      /npx @electron\/rebuild -f -w better-sqlite3 --arch \$\{\{ matrix.arch \}\}/,
      /electron-builder --dir .*-c\.directories\.output=release-smoke/,
      /playwright test -c test\/e2e-electron\/playwright\.config\.ts/,
      /npx electron-builder \$\{\{ matrix.platform \}\} --\$\{\{ matrix.arch \}\} --publish never$/,
      /node scripts\/check-fuses\.mjs/,
      /actions\/upload-artifact@.*/,
    ].map(indexOf);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps[indexOf(/setup-node/)]?.with?.['node-version']).toBe(20);
    // Electron's install script must run here (comments aside, nothing may set the skip variable).
    expect(JSON.stringify(workflow.jobs)).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(steps[indexOf(/electron-builder --dir/)]?.env?.SS_SMOKE_BUILD).toBe('1');
  });

  it('takes signing and notarisation from secrets only', () => {
    const env = steps[indexOf(/--publish never$/)]?.env ?? {};
    for (const key of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'APPLE_ID',
      'APPLE_APP_SPECIFIC_PASSWORD',
      'APPLE_TEAM_ID',
      'WIN_CSC_LINK',
      'WIN_CSC_KEY_PASSWORD',
    ]) {
      expect(env[key], key).toMatch(/secrets\.[A-Z_]+/);
    }
  });

  it('publishes a draft GitHub release for v* tags only, from the uploaded installers', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    const release = workflow.jobs.release as Job;
    expect(release.needs).toBe('package');
    expect(release.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(release.permissions).toEqual({ contents: 'write' });
    expect(release.steps.map((s) => s.run ?? s.uses ?? '').join('\n')).toMatch(
      /gh release create "\$GITHUB_REF_NAME" installers\/\* [^]*--draft/,
    );
  });

  it('refers only to files that exist', () => {
    for (const file of [
      'test/e2e-electron/playwright.config.ts',
      'test/e2e-electron/smoke.spec.ts',
      'scripts/check-fuses.mjs',
      'package-lock.json',
    ]) {
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    }
  });
});
