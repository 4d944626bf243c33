/** The web host's benchmark opt-ins: a standing clock (SS_NOW) and the event-loop lag probe (SS_LAG_PROBE). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock, LAG_PROBE_INTERVAL_MS, startLagProbe } from './benchHooks.js';

describe('fixedClock', () => {
  it('is absent when unset and stands still at the instant given', () => {
    expect(fixedClock(undefined)).toBeUndefined();
    expect(fixedClock('')).toBeUndefined();
    const now = fixedClock('2026-01-01T02:00:00Z');
    expect(now?.()).toBe(Date.UTC(2026, 0, 1, 2));
    expect(now?.()).toBe(Date.UTC(2026, 0, 1, 2));
  });

  it('refuses a value that is not a date, naming it', () => {
    expect(() => fixedClock('tomorrow')).toThrow(/SS_NOW .*"tomorrow"/);
  });
});

describe('startLagProbe', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('appends one JSON line of lag and RSS per interval', () => {
    vi.useFakeTimers();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-probe-'));
    const file = path.join(dir, 'lag.jsonl');
    const stop = startLagProbe(file);
    vi.advanceTimersByTime(LAG_PROBE_INTERVAL_MS * 3);
    stop();
    vi.advanceTimersByTime(LAG_PROBE_INTERVAL_MS * 3);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      const x = JSON.parse(l) as Record<string, number>;
      expect(Object.keys(x).sort()).toEqual(['max', 'n', 'p50', 'p99', 'rss', 't']);
      expect(x.rss).toBeGreaterThan(0);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
