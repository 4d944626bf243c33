// A sandboxed Electron preload can require only 'electron' and a few built-ins, not its own modules.
// So after tsc, bundle electron/preload/index.ts (+ bridge + manifest) into one CommonJS file that
// replaces dist-electron/electron/preload/index.js. Run by `npm run build:electron`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist-electron/electron/preload'),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    target: 'node20',
    lib: { entry: path.join(root, 'electron/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.js' },
    rollupOptions: { external: ['electron'] },
  },
});

const out = await import('node:fs').then((fs) => fs.readFileSync(path.join(root, 'dist-electron/electron/preload/index.js'), 'utf8'));
const requires = [...out.matchAll(/require\((['"])([^'"]+)\1\)/g)].map((m) => m[2]);
const foreign = requires.filter((r) => r !== 'electron');
if (foreign.length > 0) {
  console.error(`bundle-preload: the preload still requires ${foreign.join(', ')}; a sandboxed preload cannot load them.`);
  process.exit(1);
}
console.log(`bundle-preload: dist-electron/electron/preload/index.js (${out.length} bytes, requires only 'electron')`);
