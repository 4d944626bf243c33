// Package layout check: electron-builder with the project's real config, against a stub Electron (no
// internet here), then app.asar read back with @electron/asar. Runs after the build in `npm test`
// (scripts/test-all.mjs, "package" step); alone: `npm run test:package`.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageWithStubElectron, ROOT, type PackagedApp } from './packageStub';

let app: PackagedApp;
/** Every file and folder in app.asar, without the leading slash. */
let entries: Set<string>;

beforeAll(async () => {
  app = await packageWithStubElectron();
  entries = new Set(listPackage(app.asarPath, { isPack: false }).map((e) => e.replace(/\\/g, '/').replace(/^\//, '')));
}, 240_000);

afterAll(() => {
  if (app) fs.rmSync(app.tmp, { recursive: true, force: true });
});

const isFile = (p: string) => entries.has(p) && !('files' in statFile(app.asarPath, p));
const read = (p: string) => extractFile(app.asarPath, p).toString('utf8');
const projectPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const MAIN = projectPackage.main;
const PRELOAD = 'dist-electron/electron/preload/index.js';
const WORKER = 'dist-electron/electron/backend/evaluator/worker.js';
/** The .xlsx reader's worker thread (io/readers/xlsxFile.ts starts it by path beside itself). */
const XLSX_WORKER = 'dist-electron/electron/backend/io/readers/xlsxWorker.js';
/** The snapshot builder thread (evaluator/host.ts starts it by path below itself). */
const BUILDER_WORKER = 'dist-electron/electron/backend/evaluator/columnar/snapshot/builderWorker.js';
/** The import thread (io/importThread.ts starts it by path beside itself). */
const IMPORT_WORKER = 'dist-electron/electron/backend/io/importWorker.js';

/** Resolves a relative require from `from` like Node does for our compiled output, or null. */
function resolveRelative(from: string, request: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), request));
  for (const candidate of [base, `${base}.js`, `${base}.json`, `${base}/index.js`]) if (isFile(candidate)) return candidate;
  return null;
}

/** The package folder a bare require finds, walking up node_modules from `from` like Node, or null. */
function resolvePackage(from: string, request: string): string | null {
  const parts = request.split('/');
  const name = request.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? request);
  for (let dir = path.posix.dirname(from); ; dir = path.posix.dirname(dir)) {
    const candidate = path.posix.join(dir === '.' ? '' : dir, 'node_modules', name);
    if (isFile(`${candidate}/package.json`)) return candidate;
    if (dir === '.' || dir === '') return null;
  }
}

const BUILTIN = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron']);

/**
 * Follows every require() of our compiled files from the entries; returns what did not resolve inside
 * the asar. Third-party packages count as resolved when their folder (with package.json) is there.
 */
function unresolvedRequires(starts: string[]): {
  files: string[];
  missing: string[];
} {
  const seen = new Set<string>();
  const missing: string[] = [];
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    for (const m of read(file).matchAll(/\brequire\((['"])([^'"]+)\1\)/g)) {
      const request = m[2] as string;
      if (BUILTIN.has(request)) continue;
      if (request.startsWith('.')) {
        const target = resolveRelative(file, request);
        if (target) queue.push(target);
        else missing.push(`${file} → ${request}`);
      } else if (!resolvePackage(file, request)) {
        missing.push(`${file} → ${request} (package)`);
      }
    }
  }
  return { files: [...seen], missing };
}

describe('packaged app (linux --dir, stub Electron)', () => {
  it('reports the asar size', () => {
    const asarBytes = fs.statSync(app.asarPath).size;
    const unpacked = path.join(app.resources, 'app.asar.unpacked');
    let unpackedBytes = 0;
    for (const f of fs.readdirSync(unpacked, {
      recursive: true,
      withFileTypes: true,
    })) {
      if (f.isFile()) unpackedBytes += fs.statSync(path.join(f.parentPath, f.name)).size;
    }
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(`package layout: app.asar ${mb(asarBytes)} (${entries.size} entries), app.asar.unpacked ${mb(unpackedBytes)}`);
    expect(asarBytes).toBeGreaterThan(0);
  });

  it('has package.json whose main resolves, and the main, preload, worker and renderer entries', () => {
    const packaged = JSON.parse(read('package.json')) as {
      main: string;
      name: string;
    };
    expect(packaged.main).toBe(MAIN);
    for (const entry of [MAIN, PRELOAD, WORKER, BUILDER_WORKER, IMPORT_WORKER, 'dist/index.html']) expect(isFile(entry), entry).toBe(true);
  });

  it('every script and stylesheet dist/index.html loads is inside', () => {
    const html = read('dist/index.html');
    const refs = [...html.matchAll(/(?:src|href)="(\.\/[^"]+)"/g)].map((m) => path.posix.join('dist', m[1] as string));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(isFile(ref), ref).toBe(true);
  });

  it('every require() of main, preload and the workers resolves inside the asar', () => {
    const { files, missing } = unresolvedRequires([MAIN, PRELOAD, WORKER, XLSX_WORKER, BUILDER_WORKER, IMPORT_WORKER]);
    expect(missing).toEqual([]);
    expect(files).toContain('dist-electron/electron/backend/index.js');
  });

  it('the files main and the evaluator load by path resolve inside', () => {
    // path.join(__dirname, …literals) in our compiled code: the window's page and preload, and any other.
    const found: string[] = [];
    for (const file of [...entries].filter((e) => e.startsWith('dist-electron/') && e.endsWith('.js'))) {
      for (const m of read(file).matchAll(/path(?:_1\.default)?\.(?:join|resolve)\(__dirname((?:,\s*'[^']*')+)\)/g)) {
        const parts = [...(m[1] as string).matchAll(/'([^']*)'/g)].map((p) => p[1] as string);
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), ...parts));
        found.push(target);
        expect(entries.has(target), `${file} loads ${target}`).toBe(true);
      }
    }
    expect(found).toEqual(expect.arrayContaining(['dist/index.html', PRELOAD]));
    // The evaluator picks worker.js beside its host once compiled.
    expect(isFile(path.posix.join(path.posix.dirname(WORKER), 'host.js'))).toBe(true);
  });

  it("keeps better-sqlite3's native addon outside the asar, in app.asar.unpacked", () => {
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(statFile(app.asarPath, addon)).toMatchObject({ unpacked: true });
    expect(fs.existsSync(path.join(app.resources, 'app.asar.unpacked', addon))).toBe(true);
    // Everything native is unpacked; the C sources and build leftovers are not shipped at all.
    for (const e of entries) if (e.endsWith('.node')) expect(statFile(app.asarPath, e), e).toMatchObject({ unpacked: true });
    const unpacked = fs
      .readdirSync(path.join(app.resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3'), { recursive: true })
      .map(String);
    expect(unpacked.filter((f) => /^(deps|src)\b|\.(a|c|cc|h|gyp)$|obj\.target/.test(f))).toEqual([]);
  });

  it('holds no tests, bench, TypeScript sources, source maps or dev dependencies', () => {
    const all = [...entries];
    expect(all.filter((e) => !e.includes('/') && e !== 'package.json').sort()).toEqual(['dist', 'dist-electron', 'node_modules']);
    expect(all.filter((e) => /\.(ts|tsx|mts|cts|map|tsbuildinfo)$/.test(e))).toEqual([]);
    expect(all.filter((e) => /\.(test|spec)\.[cm]?js$/.test(e) || /(^|\/)(__tests__|tests?|bench)\//.test(e))).toEqual([]);
    expect(all.filter((e) => /^dist-electron\/(bench|electron\/webhost|electron\/cli)(\/|$)/.test(e))).toEqual([]);
    const devOnly = Object.keys(projectPackage.devDependencies).filter((d) => !(d in projectPackage.dependencies));
    expect(devOnly.filter((d) => entries.has(`node_modules/${d}`))).toEqual([]);
    for (const dep of Object.keys(projectPackage.dependencies)) expect(entries.has(`node_modules/${dep}/package.json`), dep).toBe(true);
  });

  it('flips the release fuses in the packaged binary (afterPack hook)', async () => {
    const wire = await getCurrentFuseWire(app.executable);
    const state = (fuse: FuseV1Options) => wire[fuse];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    // The release workflow's check of the shipped binary agrees, and tells a smoke build apart.
    const { fuseMismatches } = (await import(pathToFileURL(path.join(ROOT, 'scripts/check-fuses.mjs')).href)) as {
      fuseMismatches(binary: string, options?: { smoke?: boolean }): Promise<string[]>;
    };
    expect(await fuseMismatches(app.executable)).toEqual([]);
    expect(await fuseMismatches(app.executable, { smoke: true })).toEqual(['EnableNodeCliInspectArguments: expected on']);
  });

  it('gives the Linux desktop entry and MIME package the .segment.json type', () => {
    const entry = Object.fromEntries(
      app.desktopEntry
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(entry).toMatchObject({
      Name: 'Segment Studio',
      Type: 'Application',
      Icon: 'segment-studio',
      Categories: 'Office;',
    });
    expect(entry.MimeType?.split(';')).toContain('application/x-segment-studio-segment+json');
    // %U: the OS hands the opened file's path to the app on the command line.
    expect(entry.Exec).toMatch(/\/segment-studio"? %U$/);
    expect(app.mimeXml).toContain('<mime-type type="application/x-segment-studio-segment+json">');
    expect(app.mimeXml).toContain('<glob pattern="*.segment.json"/>');
    expect(app.mimeXml).toContain('<comment>Segment Studio segment</comment>');
  });

  it("gives the deb's .segment.json type its own icon, overriding electron-builder's generic one", () => {
    const TYPE = 'application/x-segment-studio-segment+json';
    const files = new Map(app.debFiles.map((m) => [m.slice(m.indexOf('=') + 1), path.join(ROOT, m.slice(0, m.indexOf('=')))]));
    for (const source of files.values()) expect(fs.existsSync(source), source).toBe(true);
    const iconName = TYPE.replace('/', '-');
    const icon = files.get(`/usr/share/icons/hicolor/256x256/mimetypes/${iconName}.png`);
    expect(icon).toBeDefined();
    const png = PNG.sync.read(fs.readFileSync(icon as string));
    expect([png.width, png.height]).toEqual([256, 256]);
    // update-mime-database reads packages in name order and the last <icon> wins: ours must come after
    // the one electron-builder writes (/usr/share/mime/packages/segment-studio.xml, icon x-office-document).
    const [xmlDest, xmlSource] = [...files].find(([dest]) => dest.startsWith('/usr/share/mime/packages/')) ?? [];
    expect(xmlDest).toBeDefined();
    expect(path.posix.basename(xmlDest as string) > 'segment-studio.xml').toBe(true);
    expect(app.mimeXml).toContain('<icon name="x-office-document" />');
    const xml = fs.readFileSync(xmlSource as string, 'utf8');
    expect(xml).toContain(`<mime-type type="${TYPE}">`);
    expect(xml).toContain(`<icon name="${iconName}"/>`);
  });
});
