// `npm test`: every check in order — typecheck, lint, unit/integration tests (vitest), build, package
// layout check (vitest, test/package: needs the build), e2e (Playwright against the built web host).
// Prints one line per runner and, last, exactly `N passed, N failed` (vitest + package + playwright
// tests; typecheck, lint and build count as 1 failed each when they fail). Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const OUT = '.ci-out';
const VITEST_JSON = path.join(OUT, 'vitest.json');
const PLAYWRIGHT_JSON = path.join(OUT, 'playwright.json');
const PACKAGE_JSON = path.join(OUT, 'vitest-package.json');
fs.mkdirSync(OUT, { recursive: true });
// Never read a report left over from an earlier run.
for (const f of [VITEST_JSON, PLAYWRIGHT_JSON, PACKAGE_JSON]) fs.rmSync(f, { force: true });

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Runs a command with inherited output; returns its exit status and duration in seconds. */
function run(label, command, args) {
  console.log(`\n=== ${label}: ${[path.basename(command), ...args].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = (Date.now() - t0) / 1000;
  return { ok: r.status === 0, status: r.status ?? 1, seconds };
}

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

/** "file › title" of each Playwright test that failed and then passed on its retry (status `flaky`). */
function flakyTitles(report) {
  const out = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      if ((spec.tests ?? []).some((t) => t.status === 'flaky')) out.push(`${spec.file} › ${spec.title}`);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return out;
}

const lines = [];
let passed = 0;
let failed = 0;
const secs = (s) => `${s.toFixed(1)}s`;

function gate(label, result) {
  lines.push(`${label}: ${result.ok ? 'passed' : `FAILED (exit ${result.status})`} in ${secs(result.seconds)}`);
  if (!result.ok) failed += 1;
  return result.ok;
}

gate('typecheck', run('typecheck', bin('tsc'), ['-b']));
// `npm run lint`: ESLint (layers, cycles, rules), then Prettier's check (an unformatted file fails).
{
  const eslint = run('lint: eslint', bin('eslint'), ['.', '--max-warnings', '0']);
  const prettier = run('lint: prettier', bin('prettier'), ['--check', '.']);
  gate('lint', {
    ok: eslint.ok && prettier.ok,
    status: eslint.ok ? prettier.status : eslint.status,
    seconds: eslint.seconds + prettier.seconds,
  });
}

/** Runs vitest with a JSON report and adds its counts (`label`: N passed, N failed). */
function vitestStep(label, extraArgs, reportFile) {
  const r = run(label, bin('vitest'), ['run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]);
  const report = readJson(reportFile);
  if (report) {
    const p = report.numPassedTests ?? 0;
    // A file that fails to load has no failed tests but fails the run: count each such file as one.
    const brokenFiles = (report.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
    let f = (report.numFailedTests ?? 0) + brokenFiles;
    if (!r.ok && f === 0) f = 1;
    passed += p;
    failed += f;
    lines.push(`${label}: ${p} passed, ${f} failed in ${secs(r.seconds)}`);
  } else {
    failed += 1;
    lines.push(`${label}: no report (exit ${r.status}) in ${secs(r.seconds)}`);
  }
}

vitestStep('vitest', [], VITEST_JSON);

const built = gate('build', run('build', 'npm', ['run', '--silent', 'build']));

if (built) {
  // The package layout check (electron-builder against a stub Electron) needs the build output.
  vitestStep('package', ['--config', 'test/package/vitest.config.mts'], PACKAGE_JSON);
} else {
  lines.push('package: not run (the build failed)');
}

if (built) {
  const r = run('playwright', bin('playwright'), ['test']);
  const report = readJson(PLAYWRIGHT_JSON);
  if (report?.stats) {
    const p = (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    let f = report.stats.unexpected ?? 0;
    // e.g. the web server did not start: no test failed, but nothing was tested either.
    if (!r.ok && f === 0) f = 1;
    passed += p;
    failed += f;
    const flaky = flakyTitles(report);
    const note = flaky.length ? ` (${flaky.length} flaky, passed on retry: ${flaky.join('; ')})` : '';
    lines.push(`playwright: ${p} passed, ${f} failed in ${secs(r.seconds)}${note}`);
  } else {
    failed += 1;
    lines.push(`playwright: no report (exit ${r.status}) in ${secs(r.seconds)}`);
  }
} else {
  lines.push('playwright: not run (the build failed)');
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
