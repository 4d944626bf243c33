/**
 * Packages the built app with the real electron-builder config (electron-builder.yml) for Linux `--dir`,
 * against a stub Electron distribution (scripts/stub-electron-dist.mjs) in a temporary folder, and
 * captures what the deb and AppImage targets would write as desktop entry and MIME package, using
 * electron-builder's own LinuxTargetHelper. Needs `npm run build` output (built here when missing).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Arch, build, Platform, type AfterPackContext, type LinuxPackager } from 'electron-builder';

export const ROOT = path.resolve(__dirname, '..', '..');

/** What one packaging run produced. */
export interface PackagedApp {
  /** The temporary folder holding the stub and the output; remove it when done. */
  tmp: string;
  /** release/linux-unpacked */
  appOutDir: string;
  /** The packaged executable (the stub renamed by electron-builder, fuses flipped by the hook). */
  executable: string;
  resources: string;
  asarPath: string;
  /** The desktop entry the deb / AppImage targets would install. */
  desktopEntry: string;
  /** The shared-mime-info XML the deb target installs under /usr/share/mime/packages, or null. */
  mimeXml: string | null;
  /** Extra files the deb target installs (`deb.fpm` mappings `source=destination`). */
  debFiles: string[];
  /** electron-builder's log, for failure messages. */
  log: string;
}

interface LinuxTargetHelperLike {
  computeDesktopEntry(options: object): Promise<string>;
  readonly mimeTypeFiles: Promise<string | null>;
}
type LinuxTargetHelperCtor = new (packager: LinuxPackager) => LinuxTargetHelperLike;

type Hook = (context: AfterPackContext) => Promise<void>;

async function importScript<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(path.join(ROOT, relative)).href)) as T;
}

/** Runs `npm run build` unless its output is already there. */
export function ensureBuilt(): void {
  const outputs = ['dist/index.html', 'dist-electron/electron/main/index.js', 'dist-electron/electron/preload/index.js'];
  if (outputs.every((f) => fs.existsSync(path.join(ROOT, f)))) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
}

export async function packageWithStubElectron(): Promise<PackagedApp> {
  ensureBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-package-'));
  const electronDist = path.join(tmp, 'electron-dist');
  const output = path.join(tmp, 'release');
  const { writeStubElectronDist } = await importScript<{
    writeStubElectronDist(dir: string): string;
  }>('scripts/stub-electron-dist.mjs');
  writeStubElectronDist(electronDist);
  const afterPackFuses = (await importScript<{ default: Hook }>('scripts/after-pack-fuses.mjs')).default;
  // electron-builder's own helper for the Linux desktop entry and MIME package (used by deb and AppImage).
  const builderRequire = createRequire(require.resolve('electron-builder'));
  const helperModule = builderRequire('app-builder-lib/out/targets/LinuxTargetHelper') as { LinuxTargetHelper: LinuxTargetHelperCtor };

  let desktopEntry = '';
  let mimeXml: string | null = null;
  let debFiles: string[] = [];
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // electron-builder logs to stdout; keep it for failure messages instead of flooding the test output.
  process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    await build({
      projectDir: ROOT,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: {
        electronDist,
        directories: { output },
        afterPack: async (context) => {
          await afterPackFuses(context);
          const helper = new helperModule.LinuxTargetHelper(context.packager as LinuxPackager);
          desktopEntry = await helper.computeDesktopEntry(context.packager.platformSpecificBuildOptions);
          const mimeFile = await helper.mimeTypeFiles;
          mimeXml = mimeFile === null ? null : fs.readFileSync(mimeFile, 'utf8');
          debFiles = [...(context.packager.config.deb?.fpm ?? [])];
        },
      },
    });
  } catch (err) {
    throw new Error(`electron-builder failed: ${String(err)}\n${lines.join('')}`, { cause: err });
  } finally {
    process.stdout.write = write;
  }
  const appOutDir = path.join(output, 'linux-unpacked');
  const resources = path.join(appOutDir, 'resources');
  return {
    tmp,
    appOutDir,
    executable: path.join(appOutDir, 'segment-studio'),
    resources,
    asarPath: path.join(resources, 'app.asar'),
    desktopEntry,
    mimeXml,
    debFiles,
    log: lines.join(''),
  };
}
