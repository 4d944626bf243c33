/**
 * Responsiveness with 1,000 segments in the list and a 500-row definition in the builder (issue 6),
 * in Chromium against the real backend. Prints the numbers (docs/ui-performance.md); asserts only
 * behaviour (no timed assertions: the build machines are shared and noisy).
 */
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

const ROWS = Number(process.env.SCALE_ROWS ?? 500);

function bigQuery(rows: number): string {
  const conditions: string[] = [];
  for (let i = 0; i < rows; i++) conditions.push(i % 2 === 0 ? `c.address1_city == 'City ${i}'` : `c.numberofchildren > ${i}`);
  return `PROFILE(contact, c).FILTER(${conditions.join(' || ')})`;
}

test('a 500-row definition renders and stays editable', async ({ page }) => {
  test.setTimeout(600_000);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await list.createSegment('Five hundred rows', 'Dynamic');
  await record.estimateValue();

  await page.getByRole('button', { name: 'Query text' }).click();
  const text = page.getByRole('textbox', { name: 'Query text' });
  await expect(text).toBeVisible();
  await text.fill(bigQuery(ROWS));
  const designer = page.getByRole('button', { name: 'Designer' });
  await expect(designer).toBeEnabled({ timeout: 120_000 });

  // Time from the click to 500 rows on screen, measured in the page.
  // The Designer button can still be disabled for a moment while the text is parsed (debounced), so
  // the click is repeated until it takes, and the time runs from the click that took.
  const renderMs = await page.evaluate(async (rows) => {
    const designerButton = () => Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Designer');
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    let t0 = performance.now();
    while (designerButton()?.getAttribute('aria-pressed') !== 'true') {
      const b = designerButton();
      if (b && !b.disabled) {
        t0 = performance.now();
        b.click();
      }
      await frame();
    }
    while (document.querySelectorAll('.rule').length < rows) await frame();
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, ROWS);
  await expect(page.locator('.rule')).toHaveCount(ROWS);

  // Typing into the first row: Event Timing gives each key's input-to-next-paint duration.
  await page.evaluate(() => {
    const w = window as unknown as { __keyDurations: number[] };
    w.__keyDurations = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.name === 'keydown' || e.name === 'keypress' || e.name === 'keyup') w.__keyDurations.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
  });
  const firstValues = page.locator('.rule').first().getByRole('textbox', { name: 'Values' });
  await firstValues.click();
  const t0 = Date.now();
  await firstValues.pressSequentially('Redmond', { delay: 20 });
  await firstValues.press('Enter');
  await expect(page.locator('.rule').first().getByText('Redmond')).toBeVisible();
  const typingMs = Date.now() - t0;
  await expect(page.getByText('(unsaved changes)')).toBeVisible();
  const durations = await page.evaluate(() => (window as unknown as { __keyDurations: number[] }).__keyDurations);
  const estimate = await record.estimateValue();

  const max = durations.length ? Math.max(...durations) : 0;
  const summary = `[scale] ${ROWS} rows in Chromium: designer render ${renderMs.toFixed(0)} ms; typing 8 keys took ${typingMs} ms wall (20 ms key delay); keys slower than 16 ms: ${durations.length}, slowest ${max.toFixed(0)} ms; estimate after edit ${estimate}`;
  console.info(summary);
  test.info().annotations.push({ type: 'measurement', description: summary });
});

const SEGMENTS = Number(process.env.SCALE_SEGMENTS ?? 1000);

test('a list of 1,000 segments renders, searches and clears while typing stays responsive', async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  const api = await E2eApi.connect(baseURL ?? '');
  const names = Array.from({ length: SEGMENTS }, (_, i) => `Scale segment ${String(i + 1).padStart(4, '0')}`);
  const t0 = Date.now();
  const created = await api.all(
    names.map(
      (name, i) => () =>
        api.call<{ id: string }>('segments.create', {
          name,
          type: i % 3 === 2 ? 'static' : 'dynamic',
          description: `Bulk segment ${i + 1} for the list measurement`,
        }),
    ),
  );
  const createMs = Date.now() - t0;
  try {
    const total = (await api.call<unknown[]>('segments.list', {})).length;
    expect(total).toBeGreaterThanOrEqual(SEGMENTS);

    // Cold start: from navigation to every row on screen, timed in the page on animation frames.
    await page.addInitScript((n) => {
      const w = window as unknown as { __listReadyAt?: number; __firstRowsAt?: number };
      const tick = () => {
        const rows = document.querySelectorAll('table[aria-label="Segments"] tbody tr').length;
        if (rows > 0 && w.__firstRowsAt === undefined) w.__firstRowsAt = performance.now();
        if (rows >= n) w.__listReadyAt = performance.now();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, total);
    const list = new SegmentsPage(page);
    await list.goto();
    await expect(list.table.locator('tbody tr')).toHaveCount(total, { timeout: 120_000 });
    const { coldMs, firstMs } = await page.evaluate(() => {
      const w = window as unknown as { __listReadyAt: number; __firstRowsAt: number };
      return { coldMs: w.__listReadyAt, firstMs: w.__firstRowsAt };
    });

    // Warm: back to the list from another page (data cached, the table mounts again).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Contacts' }).click();
    await expect(list.table).toHaveCount(0);
    const warmMs = await page.evaluate(async (n) => {
      const nav = Array.from(document.querySelectorAll('nav[aria-label="Main"] [role="button"], nav[aria-label="Main"] button')).find((b) =>
        b.textContent?.includes('Segments'),
      ) as HTMLElement | undefined;
      const start = performance.now();
      nav?.click();
      while (document.querySelectorAll('table[aria-label="Segments"] tbody tr').length < n)
        await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - start;
    }, total);

    // Typing in the search: every key's input-to-next-paint (Event Timing), then the filtered list.
    await page.evaluate(() => {
      const w = window as unknown as { __keys: number[] };
      w.__keys = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries())
          if (e.name === 'keydown' || e.name === 'keypress' || e.name === 'keyup' || e.name === 'input') w.__keys.push(e.duration);
      }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    });
    const query = 'segment 09';
    const expected = names.filter((n) => n.toLowerCase().includes(query)).length;
    const typeStart = Date.now();
    await list.search.pressSequentially(query, { delay: 30 });
    const typedAt = Date.now();
    await expect(list.table.locator('tbody tr')).toHaveCount(expected, { timeout: 60_000 });
    const filterMs = Date.now() - typedAt;
    await expect(list.row('Scale segment 0901')).toBeVisible();
    await expect(list.row('Scale segment 0001')).toHaveCount(0);

    // Clearing the search brings every row back.
    const clearStart = Date.now();
    await list.search.fill('');
    await expect(list.table.locator('tbody tr')).toHaveCount(total, { timeout: 60_000 });
    const clearMs = Date.now() - clearStart;
    const keys = await page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);

    // Still usable: open one segment from the long list.
    await list.row('Scale segment 0500').click();
    await expect(page.getByRole('heading', { name: 'Scale segment 0500', level: 1 })).toBeVisible();

    const slowest = keys.length ? Math.max(...keys) : 0;
    const summary = `[scale] list of ${total} segments in Chromium: created ${SEGMENTS} through the API in ${createMs} ms; cold load: first rows ${firstMs.toFixed(0)} ms, all rows ${coldMs.toFixed(0)} ms; back from another page ${warmMs.toFixed(0)} ms; typed ${query.length} keys in ${typedAt - typeStart} ms wall (30 ms key delay), events slower than 16 ms: ${keys.length}, slowest ${slowest.toFixed(0)} ms; last key to ${expected} filtered rows ${filterMs} ms; clear to all rows ${clearMs} ms`;
    console.info(summary);
    test.info().annotations.push({ type: 'measurement', description: summary });
  } finally {
    // Leave the shared e2e database as the other specs expect it.
    await api.all(created.map((s) => () => api.call('segments.delete', { id: s.id })));
    api.close();
  }
});
