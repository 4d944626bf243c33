// The app's threads start when a database opens, and the first estimate waits for the evaluator's. Loaded
// as tsc emits them, each thread resolves and reads some 160 modules one by one (80–110 ms of a cold
// start measured at 200k, of which module loading is most). So after tsc, each thread's entry is bundled
// into one CommonJS file that replaces the emitted one; packages stay outside (`require` from
// node_modules as before). Run by `npm run build:electron`. Tests run the TypeScript sources (tsx).
//
// A bundled module must not find files relative to itself: its `__dirname` would become the entry's
// folder. The build fails when a bundle mentions `__dirname`, `__filename` or `import.meta`.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/**
 * The threads the app starts when it opens a database (source entry → emitted file, same folder). The
 * import thread starts with an import, and reaches the .xlsx reader's own thread through its file name.
 */
export const THREAD_ENTRIES = [
  'electron/backend/evaluator/worker.ts',
  'electron/backend/evaluator/columnar/snapshot/builderWorker.ts',
  'electron/backend/db/writerWorker.ts',
];

const packages = Object.keys(pkg.dependencies ?? {});
const external = (id) => id.startsWith('node:') || builtinModules.includes(id) || packages.some((p) => id === p || id.startsWith(`${p}/`));

for (const entry of THREAD_ENTRIES) {
  const outDir = path.join(root, 'dist-electron', path.dirname(entry));
  const fileName = `${path.basename(entry, '.ts')}.js`;
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      target: 'node20',
      lib: { entry: path.join(root, entry), formats: ['cjs'], fileName: () => fileName },
      rollupOptions: { external },
    },
  });
  const out = fs.readFileSync(path.join(outDir, fileName), 'utf8');
  const relative = /\b(__dirname|__filename|import\.meta)\b/.exec(out);
  if (relative) {
    console.error(`bundle-workers: ${entry} includes code that uses ${relative[1]}; bundled, it would point at the wrong folder.`);
    process.exit(1);
  }
  const locals = [...out.matchAll(/require\((['"])(\.[^'"]*)\1\)/g)].map((m) => m[2]);
  if (locals.length > 0) {
    console.error(`bundle-workers: ${entry} still requires ${locals.join(', ')}.`);
    process.exit(1);
  }
  console.log(`bundle-workers: ${path.join('dist-electron', path.dirname(entry), fileName)} (${out.length} bytes)`);
}
