import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDatabase } from './databaseLock.js';

let dir: string;
let file: string;
const self = { pid: process.pid, host: os.hostname() };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-db-lock-'));
  file = path.join(dir, 'app.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('database lock', () => {
  it('takes over a lock an earlier run left with the pid this process now has (pids are reused)', () => {
    fs.writeFileSync(`${file}.lock`, JSON.stringify(self));
    const lock = lockDatabase(file);
    expect(JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8'))).toEqual(self);
    lock.release();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a second lock of a file this process holds, until released', () => {
    const lock = lockDatabase(file);
    expect(() => lockDatabase(file)).toThrow(/is open in another Segment Studio/);
    lock.release();
    lockDatabase(file).release();
  });
});
