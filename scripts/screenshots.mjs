// `npm run screenshots`: regenerates, on purpose, the screenshots that README.md and docs/*.md show
// (docs/screenshots/*.png). Ordinary e2e runs write theirs under test-results/screenshots instead.
// Runs the e2e specs that take one of them with SS_SCREENSHOTS=docs (read by
// test/e2e/pages/screenshots.ts), then checks that every documented screenshot was written anew.
// Build first (the npm script does).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const docs = [
  'README.md',
  ...fs
    .readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f)),
];
const documented = new Set(docs.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1])));
const specDir = path.join('test', 'e2e');
const specs = fs
  .readdirSync(specDir)
  .filter((f) => f.endsWith('.spec.ts'))
  .filter((f) => [...documented].some((name) => fs.readFileSync(path.join(specDir, f), 'utf8').includes(`shot('${name}')`)));
const orphans = [...documented].filter(
  (name) => !specs.some((f) => fs.readFileSync(path.join(specDir, f), 'utf8').includes(`shot('${name}')`)),
);
if (orphans.length) {
  console.error(`No e2e spec takes these documented screenshots: ${orphans.join(', ')}`);
  process.exit(1);
}

console.log(`Regenerating ${documented.size} screenshots into docs/screenshots with ${specs.join(', ')}`);
const started = Date.now();
const r = spawnSync(path.join('node_modules', '.bin', 'playwright'), ['test', ...specs.map((f) => path.join(specDir, f))], {
  stdio: 'inherit',
  env: { ...process.env, SS_SCREENSHOTS: 'docs' },
});
if (r.status !== 0) process.exit(r.status ?? 1);
const stale = [...documented].filter((name) => {
  const file = path.join('docs', 'screenshots', name);
  return !fs.existsSync(file) || fs.statSync(file).mtimeMs < started;
});
if (stale.length) {
  console.error(`Not written by this run: ${stale.join(', ')}`);
  process.exit(1);
}
console.log(`Wrote ${documented.size} screenshots into docs/screenshots.`);
