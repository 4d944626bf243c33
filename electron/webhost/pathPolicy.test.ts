import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PathVerdict } from '../../shared/api/pathPolicy.js';
import { WebPathPolicy } from './pathPolicy.js';

let dir: string;
let clock: number;
let policy: WebPathPolicy;
const MINUTE = 60_000;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-web-paths-'));
  clock = 1_000_000;
  policy = new WebPathPolicy({ idleMs: 10 * MINUTE, maxHandles: 3, now: () => clock });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An uploaded file on disk and its handle. */
function upload(name: string): { file: string; handle: string } {
  const file = path.join(dir, name);
  fs.writeFileSync(file, 'a,b\n1,2\n');
  return { file, handle: policy.register(file) };
}

const read = (value: string): PathVerdict => policy.decide({ method: 'imports.preview', at: 'path', use: 'read', value });

describe('upload handles of the web host', () => {
  it('resolve to their file while in use, and are forgotten with their file once idle past the limit', () => {
    const { file, handle } = upload('a.csv');
    clock += 9 * MINUTE;
    expect(read(handle)).toEqual({ ok: true, path: file });
    // Each use restarts the idle time: 9 minutes after the last use it still resolves.
    clock += 9 * MINUTE;
    expect(read(handle)).toEqual({ ok: true, path: file });
    clock += 10 * MINUTE + 1;
    policy.sweep();
    expect(fs.existsSync(file)).toBe(false);
    const verdict = read(handle);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.message).toContain('unknown or has expired (an upload is kept 10 minutes after its last use');
  });

  it('keep at most maxHandles: the least recently used goes, with its file', () => {
    const a = upload('a.csv');
    clock += 1;
    const b = upload('b.csv');
    clock += 1;
    const c = upload('c.csv');
    clock += 1;
    expect(read(a.handle).ok).toBe(true); // a is now the most recently used; b the least
    const d = upload('d.csv');
    expect(read(b.handle).ok).toBe(false);
    expect(fs.existsSync(b.file)).toBe(false);
    for (const kept of [a, c, d]) {
      expect(read(kept.handle)).toEqual({ ok: true, path: kept.file });
      expect(fs.existsSync(kept.file)).toBe(true);
    }
  });

  it('a path is still refused as a path, not as an expired upload', () => {
    const verdict = read('/etc/passwd');
    expect(verdict.ok ? '' : verdict.message).toContain('takes no file paths');
  });
});
