// The build cannot lie: `npm run build` ends with scripts/check-build.mjs, which fails naming a missing
// entry point; the type check (`tsc -b`) writes no build output; the build's incremental info lives
// beside its output, so deleting dist-electron makes the next build emit everything again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/check-build.mjs');

const ENTRY_POINTS: [name: string, file: string][] = [
  ['main', 'dist-electron/electron/main/index.js'],
  ['preload', 'dist-electron/electron/preload/index.js'],
  ['worker', 'dist-electron/electron/backend/evaluator/worker.js'],
  ['xlsx reader', 'dist-electron/electron/backend/io/readers/xlsxWorker.js'],
  ['writer', 'dist-electron/electron/backend/db/writerWorker.js'],
  ['import thread', 'dist-electron/electron/backend/io/importWorker.js'],
  ['convert thread', 'dist-electron/electron/backend/io/convertThread.js'],
  ['snapshot builder', 'dist-electron/electron/backend/evaluator/columnar/snapshot/builderWorker.js'],
  ['web host', 'dist-electron/electron/webhost/index.js'],
  ['CLI', 'dist-electron/electron/cli/index.js'],
  ['renderer', 'dist/index.html'],
];

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp folder laid out like a complete build (each entry point a non-empty file). */
function completeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-build-'));
  temps.push(dir);
  for (const [, file] of ENTRY_POINTS) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), '// built\n');
  }
  return dir;
}

const check = (dir: string) => spawnSync(process.execPath, [script, '--root', dir], { encoding: 'utf8' });

/** Effective compiler options of a tsconfig file (extends resolved). */
function optionsOf(configFile: string): ts.CompilerOptions {
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile), undefined, configFile).options;
}

describe('scripts/check-build.mjs', () => {
  it('passes on a complete build', () => {
    const r = check(completeBuild());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`all ${ENTRY_POINTS.length} entry points present`);
  });

  it.each(ENTRY_POINTS)('fails naming the %s entry point when it is missing', (name, file) => {
    const dir = completeBuild();
    fs.rmSync(path.join(dir, file));
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the ${name} entry point is missing: ${file}`);
    expect(r.stderr.match(/entry point is missing/g)).toHaveLength(1);
  });

  it('fails on an empty entry point file', () => {
    const dir = completeBuild();
    fs.writeFileSync(path.join(dir, 'dist-electron/electron/cli/index.js'), '');
    expect(check(dir).stderr).toContain('the CLI entry point is missing');
  });

  it('runs at the end of npm run build, and main is package.json "main"', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/&& node scripts\/check-build\.mjs$/);
    expect(pkg.main).toBe(ENTRY_POINTS[0]?.[1]);
  });
});

describe('tsconfig layout', () => {
  it('every project `tsc -b` (npm run typecheck) checks emits nothing', () => {
    const solution = referencedProjects();
    expect(solution.length).toBeGreaterThanOrEqual(5);
    for (const ref of solution) expect({ ref, noEmit: optionsOf(ref).noEmit }).toEqual({ ref, noEmit: true });
  });

  it('the electron check project checks the same files under the same options as the build', () => {
    const build = optionsOf(path.join(root, 'tsconfig.electron.json'));
    const checkOnly = optionsOf(path.join(root, 'tsconfig.electron.check.json'));
    for (const key of ['module', 'moduleResolution', 'lib', 'types', 'strict', 'target'] as const)
      expect(checkOnly[key]).toEqual(build[key]);
  });

  it('the build keeps its incremental info inside its output folder', () => {
    const build = optionsOf(path.join(root, 'tsconfig.electron.json'));
    expect(build.noEmit).toBeFalsy();
    const outDir = build.outDir ?? '';
    expect(outDir).toBe(path.join(root, 'dist-electron'));
    expect(build.tsBuildInfoFile).toBeTruthy();
    expect(path.relative(outDir, build.tsBuildInfoFile ?? '')).not.toMatch(/^\.\./);
  });
});

/** The tsconfig files the root solution (tsconfig.json) references. */
function referencedProjects(): string[] {
  const read = ts.readConfigFile(path.join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const refs = (read.config as { references: { path: string }[] }).references;
  return refs.map((r) => path.join(root, r.path));
}
