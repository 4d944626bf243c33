import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import log from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureLogging, LOG_KEEP, rotateLogFile } from './logging.js';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-logs-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('logs', () => {
  it('rotation shifts numbered files and drops the oldest', () => {
    const file = path.join(dir, 'main.log');
    for (let i = 1; i <= LOG_KEEP + 2; i++) {
      fs.writeFileSync(file, `generation ${i}`);
      rotateLogFile(file, LOG_KEEP);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log']);
    expect(fs.readFileSync(path.join(dir, 'main.1.log'), 'utf8')).toBe(`generation ${LOG_KEEP + 2}`);
    expect(fs.readFileSync(path.join(dir, 'main.3.log'), 'utf8')).toBe(`generation ${LOG_KEEP}`);
  });

  it('electron-log writes to logs/main.log, errors included, and rotates past the size limit', () => {
    const logsDir = path.join(dir, 'logs');
    const file = configureLogging(log, { logsDir, maxBytes: 2000, catchErrors: false });
    log.transports.console.level = false;
    expect(file).toBe(path.join(logsDir, 'main.log'));
    log.error(new Error('database is locked'));
    log.errorHandler.handle(new Error('an unhandled one'), { showDialog: false });
    const first = fs.readFileSync(file, 'utf8');
    expect(first).toMatch(/\[error\].*database is locked/);
    expect(first).toMatch(/an unhandled one/);
    for (let i = 0; i < 100; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    expect(fs.existsSync(path.join(logsDir, 'main.1.log'))).toBe(true);
    expect(fs.statSync(file).size).toBeLessThan(2000 + 200);
  });
});
