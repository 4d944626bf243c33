/**
 * The benchmark's main-thread lag monitor must not charge the harness's own blocking work, done while
 * paused, to the app (a re-enabled Node histogram measures its first delay from its last sample before
 * the pause: deleting a 255k-member copy between runs showed up as 200 ms of "lag").
 */
import { describe, expect, it } from 'vitest';
import { LagMonitor } from '../../bench/stats.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const block = (ms: number): void => {
  const t = Date.now();
  while (Date.now() - t < ms);
};

describe('bench LagMonitor', () => {
  it('ignores blocking while paused and reports blocking while sampling', async () => {
    const lag = new LagMonitor();
    lag.start();
    await sleep(30);
    lag.pause();
    block(250);
    lag.resume();
    await sleep(30);
    expect(lag.stop().maxMs).toBeLessThan(200); // the old monitor reported the 250 ms block here

    lag.start();
    await sleep(20);
    block(250);
    await sleep(20);
    expect(lag.stop().maxMs).toBeGreaterThanOrEqual(200);
  });
});
