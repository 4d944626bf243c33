/** The benchmark's target table (bench/feel): met / not met / not run, and the API-wait windows. */
import { describe, expect, it } from 'vitest';
import { issueTargets } from '../../bench/feel/issueTargets.js';
import { parseLagLines, target, targetsTable, windowStats } from '../../bench/feel/targets.js';

describe('target', () => {
  it('is met at or under its goal and not met above it', () => {
    expect(target('a', 100, 100, 'ms')).toMatchObject({ value: 100, met: true, status: 'met' });
    expect(target('a', 100.5, 100, 'ms')).toMatchObject({ met: false, status: 'not met' });
  });

  it('is "not run", never met, without a value', () => {
    for (const v of [null, undefined, Number.NaN])
      expect(target('a', v, 100, 'ms')).toMatchObject({ value: null, met: false, status: 'not run' });
  });

  it('is not met when a further condition fails, whatever the value', () => {
    const t = target('append', 10, 120, 's', 'members', [{ holds: false, failure: 'members differ' }]);
    expect(t).toMatchObject({ met: false, status: 'not met' });
    expect(t.detail).toContain('members differ');
  });
});

describe('targetsTable', () => {
  it('prints every row with its verdict and counts them', () => {
    const text = targetsTable([target('fast', 5, 20, 'ms'), target('slow', 30, 20, 'ms'), target('absent', null, 5, 's')]);
    expect(text).toContain('| fast | 5.00 ms | ≤ 20 ms | met |');
    expect(text).toContain('| slow | 30.0 ms | ≤ 20 ms | **NOT met** |');
    expect(text).toContain('| absent | — | ≤ 5 s | not run |');
    expect(text).toContain('1 met, 1 not met, 1 not run.');
  });
});

describe('issueTargets', () => {
  it('gives every target of the issue as "not run" when no part ran', () => {
    const rows = issueTargets({});
    expect(rows.length).toBe(21);
    expect(rows.every((r) => r.status === 'not run' && !r.met)).toBe(true);
  });

  it('reads the import and live parts when only they ran', () => {
    const rows = issueTargets({
      import: [
        { step: 'contacts', rows: 1_000_000, seconds: 4.2 },
        { step: 'interactions', rows: 20_000_000, seconds: 95 },
      ],
      live: { profileEdit: { kind: 'edit', medianMs: 0.5, p99Ms: 4 }, newInteractionDirect: { kind: 'direct', medianMs: 0.8, p99Ms: 12 } },
    });
    const by = (start: string) => rows.find((r) => r.name.startsWith(start));
    expect(by('import 1M contacts')).toMatchObject({ value: 4.2, met: true });
    expect(by('import 20M interactions (CSV')).toMatchObject({ value: 95, met: false });
    expect(by('live update per change, p99')).toMatchObject({ value: 12, met: false });
    expect(by('live update per change, median')).toMatchObject({ value: 0.8, met: true });
    expect(by('first estimate of Q1')?.status).toBe('not run');
  });
});

describe('windowStats', () => {
  it('counts the calls in flight during the window and the probe lines whose span overlaps it', () => {
    const samples: [number, number][] = [
      [900, 50], // ends before the window
      [990, 40], // in flight when it starts
      [1500, 3],
      [1990, 300], // sent just before it ends
      [2100, 1],
    ];
    const lines = parseLagLines(
      [
        { t: 950, n: 1, max: 90, p50: 1, p99: 1, rss: 5 },
        { t: 1050, n: 1, max: 7, p50: 1, p99: 1, rss: 9 },
        { t: 2050, n: 1, max: 30, p50: 1, p99: 1, rss: 7 }, // covers (1050, 2050]
        { t: 2150, n: 1, max: 500, p50: 1, p99: 1, rss: 50 },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n{"t": 22',
    );
    const w = windowStats({ from: 1000, to: 2000 }, samples, lines);
    expect(w.calls).toBe(3);
    expect(w.apiWaitMaxMs).toBe(300);
    expect(w.lagMaxMs).toBe(30);
    expect(w.rssMaxBytes).toBe(9);
  });

  it('has no figures without samples or lines', () => {
    expect(windowStats({ from: 0, to: 1 }, [], [])).toEqual({
      apiWaitMaxMs: null,
      apiWaitP99Ms: null,
      calls: 0,
      lagMaxMs: null,
      rssMaxBytes: null,
    });
  });
});
