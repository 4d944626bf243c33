/**
 * The benchmark's main-thread lag monitor must not charge the harness's own blocking work, done while
 * paused, to the app (a re-enabled Node histogram measures its first delay from its last sample before
 * the pause: deleting a 255k-member copy between runs showed up as 200 ms of "lag").
 *
 * No timing thresholds: the bounds come from the known blocking span (BLOCK_MS), not from how fast
 * this machine is. The monitor measures the real event loop, so fake timers cannot drive it.
 */
import { setTimeout as timer } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LagMonitor } from '../../bench/stats.js';

const BLOCK_MS = 400;
const block = (ms: number): void => {
  const t = Date.now();
  while (Date.now() - t < ms);
};
/**
 * Resolves after the monitor's 1 ms sampling timer has fired at least once: libuv runs due timers in
 * order of their due time, so a timer due later than the monitor's next sample runs after it.
 */
const afterMonitorSample = (): Promise<void> => timer(2);

describe('bench LagMonitor', () => {
  it('ignores blocking while paused and reports blocking while sampling', async () => {
    const lag = new LagMonitor();
    lag.start();
    await afterMonitorSample();
    lag.pause();
    block(BLOCK_MS);
    lag.resume();
    await afterMonitorSample();
    // The old monitor reported the whole paused block here.
    const paused = lag.stop().maxMs;

    lag.start();
    await afterMonitorSample();
    block(BLOCK_MS);
    await afterMonitorSample();
    const sampled = lag.stop().maxMs;

    expect(sampled).toBeGreaterThanOrEqual(BLOCK_MS - 2);
    expect(paused).toBeLessThan(BLOCK_MS / 2);
  });
});
