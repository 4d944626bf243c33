// `npm run lint` fails on an unformatted file: its Prettier step (`prettier --check .`, also in
// scripts/test-all.mjs) run with the repository's .prettierrc and .prettierignore.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const prettierBin = path.join(root, 'node_modules/.bin/prettier');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-format-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `prettier --check` on one file with the repository's configuration. */
function check(name: string, source: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return spawnSync(prettierBin, ['--check', '--config', path.join(root, '.prettierrc'), file], { encoding: 'utf8' });
}

describe('the formatting check of npm run lint', () => {
  it('is part of npm run lint and of the lint step of npm test', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toMatch(/&& prettier --check \.$/);
    expect(pkg.scripts.format).toBe('prettier --write .');
    expect(fs.readFileSync(path.join(root, 'scripts/test-all.mjs'), 'utf8')).toContain(
      "run('lint: prettier', bin('prettier'), ['--check', '.'])",
    );
  });

  it('fails on an unformatted file and names it', () => {
    const r = check('unformatted.ts', 'export const  x = {a:1,b:"two"}\n');
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('unformatted.ts');
  });

  it('passes the house style: single quotes, trailing commas, lines up to 140 characters', () => {
    const long = `export const longName = '${'a'.repeat(113)}';\n`;
    expect(long.length).toBe(141); // 140 characters and the newline
    expect(check('formatted.ts', `export const x = { a: 1, b: 'two' };\n${long}`).status).toBe(0);
    expect(check('doubleQuoted.ts', 'export const x = "two";\n').status).toBe(1);
  });

  it('leaves build output, installs and exporter-written segment files alone', async () => {
    const ignorePath = path.join(root, '.prettierignore');
    const ignored = async (file: string) => (await prettier.getFileInfo(path.join(root, file), { ignorePath })).ignored;
    for (const file of [
      'dist/index.html',
      'dist-electron/electron/main/index.js',
      'node_modules/x/index.js',
      'package-lock.json',
      'resources/examples/expo-audience.segment.json',
    ]) {
      expect({ file, ignored: await ignored(file) }).toEqual({ file, ignored: true });
    }
    expect(await ignored('electron/backend/index.ts')).toBe(false);
    expect(await ignored('package.json')).toBe(false);
  });
});
