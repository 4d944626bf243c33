import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPackageFacts } from './appInfo.js';
import { createBackend } from './index.js';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { productName: string; version: string };
const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-appinfo-'));
  temps.push(d);
  return d;
}

describe('app name and version', () => {
  it('come from package.json, and app.info answers them', async () => {
    expect(readPackageFacts()).toEqual({ name: pkg.productName, version: pkg.version });
    const backend = await createBackend({ dbPath: ':memory:', host: 'cli' });
    try {
      const r = await backend.dispatch('app.info', {});
      expect(r).toMatchObject({ ok: true, value: { name: pkg.productName, version: pkg.version } });
    } finally {
      await backend.close();
    }
  });

  it("skip other packages' package.json on the way up (the built layout: dist-electron/electron/backend)", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'segment-studio', productName: 'Segment Studio', version: '9.8.7' }),
    );
    const nested = path.join(dir, 'dist-electron/electron/backend');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist-electron/package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    expect(readPackageFacts(nested)).toEqual({ name: 'Segment Studio', version: '9.8.7' });
  });

  it('include the homepage only when it is an https address (Help ▸ Documentation opens it)', () => {
    const facts = (homepage: unknown) => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'segment-studio', version: '1.0.0', homepage }));
      return readPackageFacts(dir);
    };
    expect(facts('https://example.org/segment-studio').homepage).toBe('https://example.org/segment-studio');
    for (const bad of ['http://example.org', 'javascript:alert(1)', 42, undefined]) expect(facts(bad)).not.toHaveProperty('homepage');
  });

  it('fail with a clear message when the app has no package.json', () => {
    const dir = tempDir();
    expect(() => readPackageFacts(dir)).toThrow(/No package.json of segment-studio above/);
  });
});
