// A stand-in Electron distribution for electron-builder's `electronDist` on machines that cannot
// download Electron: an executable named `electron` (a shell script that only says it is a stub), the
// `version` file electron-builder reads, and a LICENSE. No default_app.asar (an invalid one breaks the
// asar integrity step). With `fuseWire` the script also carries an Electron fuse wire (the sentinel
// @electron/fuses searches for, version 1, Electron's defaults), so the afterPack hook flips real
// bits that a test can read back.
//   node scripts/stub-electron-dist.mjs <dir> [--no-fuse-wire]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar integrity off, only-asar off,
// browser V8 snapshot off, file protocol privileges on, wasm trap handlers on.
const DEFAULT_WIRE = '101100011';

/** Writes the stub into `dir` (created if missing) and returns the Electron version it claims. */
export function writeStubElectronDist(dir, { fuseWire = true } = {}) {
  const require = createRequire(import.meta.url);
  const { version } = require('electron/package.json');
  fs.mkdirSync(dir, { recursive: true });
  let script = '#!/bin/sh\necho "stub Electron distribution (packaging layout check only)" >&2\nexit 1\n';
  if (fuseWire) script += `# ${FUSE_SENTINEL}\u0001${String.fromCharCode(DEFAULT_WIRE.length)}${DEFAULT_WIRE}\n`;
  fs.writeFileSync(path.join(dir, 'electron'), script, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), version);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Stub Electron distribution for the package layout check.\n');
  return version;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/stub-electron-dist.mjs <dir> [--no-fuse-wire]');
    process.exit(2);
  }
  const version = writeStubElectronDist(path.resolve(dir), {
    fuseWire: !process.argv.includes('--no-fuse-wire'),
  });
  console.log(`stub Electron ${version} distribution in ${path.resolve(dir)}`);
}
