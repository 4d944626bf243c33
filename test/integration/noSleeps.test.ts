/**
 * No sleeps as synchronisation in tests (house rules): every test, spec and test helper waits for the
 * real event (an API event, a DOM state, a worker message) or drives fake timers, never a fixed pause.
 * This greps them for Playwright's `waitForTimeout` and for promise-wrapped `setTimeout` waits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'dist-electron',
  '.git',
  'test-results',
  'playwright-report',
  '.ci-out',
  'release',
  'lint-fixtures',
]);
const THIS_FILE = path.relative(ROOT, __filename);

/** What counts as a sleep, each with why it is refused. */
const SLEEPS: { name: string; pattern: RegExp }[] = [
  { name: 'page.waitForTimeout (wait for the element, response or event instead)', pattern: /\bwaitForTimeout\s*\(/ },
  {
    name: 'a promise resolved by setTimeout (await the real event, or use fake timers)',
    pattern: /new\s+Promise\b[^;]{0,80}?=>\s*\{?\s*(?:globalThis\.|window\.)?setTimeout\s*\(/,
  },
  { name: 'setTimeout from timers/promises (a sleep by another name)', pattern: /from\s+['"](?:node:)?timers\/promises['"]/ },
];

/**
 * Files that may keep one of the above, each with the reason. Keep this short: an entry that no
 * longer matches fails the test too, so the list cannot go stale.
 */
const ALLOWED: Record<string, string> = {
  // The event-loop lag monitor measures real time passing on the real loop; fake timers cannot drive
  // it. Its waits are ordered after the monitor's own sampling timer (libuv runs due timers in order).
  'test/integration/benchLagMonitor.test.ts': 'measures the real event loop',
};

const isTestFile = (rel: string): boolean =>
  /\.(test|spec)\.tsx?$/.test(rel) || ((rel.startsWith('test/') || rel.startsWith('renderer/src/test/')) && /\.(ts|tsx|mts)$/.test(rel));

function walk(dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name), out);
    } else {
      const rel = path.relative(ROOT, path.join(dir, e.name)).split(path.sep).join('/');
      if (isTestFile(rel) && rel !== THIS_FILE) out.push(rel);
    }
  }
  return out;
}

/** Sleeps in `text`, each with its line; the whole text is scanned, so a wait a formatter wrapped is seen too. */
function sleepsIn(text: string): string[] {
  const found: string[] = [];
  for (const s of SLEEPS) {
    for (const m of text.matchAll(new RegExp(s.pattern.source, 'g'))) {
      const line = text.slice(0, m.index).split('\n').length;
      found.push(`line ${line}: ${s.name}: ${m[0].replace(/\s+/g, ' ').trim()}`);
    }
  }
  return found;
}

describe('tests do not sleep', () => {
  it('recognises each kind of sleep (so the scan below can fail)', () => {
    expect(sleepsIn('await page.waitForTimeout(1500);')).toHaveLength(1);
    expect(sleepsIn('await new Promise((r) => setTimeout(r, 700));')).toHaveLength(1);
    expect(sleepsIn('await new Promise<void>((resolve) => { setTimeout(resolve, 20); });')).toHaveLength(1);
    expect(sleepsIn("import { setTimeout as wait } from 'node:timers/promises';")).toHaveLength(1);
    // As Prettier wraps it: the callback's body on its own line.
    expect(sleepsIn('await new Promise<void>((resolve) => {\n  setTimeout(resolve, 20);\n});')).toHaveLength(1);
    // Not waits: a test's own timeout, and a timer that does something later.
    expect(sleepsIn('test.setTimeout(180_000);')).toEqual([]);
    expect(sleepsIn('setTimeout(() => child.kill("SIGKILL"), delayMs);')).toEqual([]);
  });

  it('finds none in any test, spec or test helper', () => {
    const files = walk(ROOT, []);
    expect(files.length).toBeGreaterThan(50);
    const offences: string[] = [];
    for (const rel of files) {
      const found = sleepsIn(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
      if (rel in ALLOWED) {
        if (found.length === 0) offences.push(`${rel}: listed as allowed but no longer sleeps; remove it from ALLOWED`);
      } else offences.push(...found.map((f) => `${rel} ${f}`));
    }
    expect(offences).toEqual([]);
  });
});
