/**
 * Where a spec's screenshots go. An e2e run writes them under test-results/screenshots (Playwright's
 * output folder, cleaned each run); `npm run screenshots` (SS_SCREENSHOTS=docs) writes the ones the
 * README or docs/*.md show into docs/screenshots, on purpose, and the rest still to test-results.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
export const DOCS_SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const RUN_SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** Screenshot file names (`name.png`) that README.md or docs/*.md reference. */
export function documentedScreenshots(): Set<string> {
  const docs = [
    path.join(ROOT, 'README.md'),
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join(ROOT, 'docs', f)),
  ];
  const names = new Set<string>();
  for (const file of docs)
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/screenshots\/([\w.-]+\.png)/g)) names.add(m[1] as string);
  return names;
}

let documented: Set<string> | undefined;

/** The path to save screenshot `name` (e.g. 'members-tab.png') to in this run. */
export function shot(name: string): string {
  if (process.env.SS_SCREENSHOTS === 'docs') {
    documented ??= documentedScreenshots();
    if (documented.has(name)) return path.join(DOCS_SCREENSHOTS, name);
  }
  return path.join(RUN_SCREENSHOTS, name);
}
