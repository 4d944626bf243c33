// The last step of `npm run build`: every entry point the app, the web host and the CLI load at run time
// must exist, so a build that silently emitted nothing fails here, naming what is missing, instead of
// later as "the CLI is not built yet" or a blank window.
//   node scripts/check-build.mjs [--root <folder>]   (default: the repository)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each entry point: its name (as printed) and its path relative to the repository root. */
export const ENTRY_POINTS = [
  { name: 'main', file: 'dist-electron/electron/main/index.js' },
  { name: 'preload', file: 'dist-electron/electron/preload/index.js' },
  { name: 'worker', file: 'dist-electron/electron/backend/evaluator/worker.js' },
  { name: 'xlsx reader', file: 'dist-electron/electron/backend/io/readers/xlsxWorker.js' },
  { name: 'writer', file: 'dist-electron/electron/backend/db/writerWorker.js' },
  { name: 'import thread', file: 'dist-electron/electron/backend/io/importWorker.js' },
  { name: 'convert thread', file: 'dist-electron/electron/backend/io/convertThread.js' },
  { name: 'snapshot builder', file: 'dist-electron/electron/backend/evaluator/columnar/snapshot/builderWorker.js' },
  { name: 'web host', file: 'dist-electron/electron/webhost/index.js' },
  { name: 'CLI', file: 'dist-electron/electron/cli/index.js' },
  { name: 'renderer', file: 'dist/index.html' },
];

/** The entry points missing (or empty) under `root`. */
export function missingEntryPoints(root) {
  return ENTRY_POINTS.filter(({ file }) => {
    const full = path.join(root, file);
    return !fs.existsSync(full) || fs.statSync(full).size === 0;
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const at = process.argv.indexOf('--root');
  const root = at >= 0 ? path.resolve(process.argv[at + 1] ?? '.') : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const pkg = JSON.parse(
    fs.readFileSync(path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), 'package.json'), 'utf8'),
  );
  const mainEntry = ENTRY_POINTS.find((e) => e.name === 'main');
  if (pkg.main !== mainEntry.file) {
    console.error(`check-build: package.json "main" is ${pkg.main} but the main entry point is ${mainEntry.file}; keep them equal.`);
    process.exit(1);
  }
  const missing = missingEntryPoints(root);
  if (missing.length > 0) {
    for (const { name, file } of missing) console.error(`check-build: the ${name} entry point is missing: ${file}`);
    console.error('check-build: the build is incomplete; delete dist and dist-electron and run `npm run build` again.');
    process.exit(1);
  }
  console.log(`check-build: all ${ENTRY_POINTS.length} entry points present (${ENTRY_POINTS.map((e) => e.name).join(', ')})`);
}
