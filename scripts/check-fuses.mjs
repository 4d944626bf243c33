// Checks the Electron fuses of a packaged app against the release profile of after-pack-fuses.mjs.
//   node scripts/check-fuses.mjs <packaged binary or .app> [--smoke]
// Exit 1, listing every fuse that differs, when the binary is not what the afterPack hook should make.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { fuseConfig } from './after-pack-fuses.mjs';

/** Fuses of `binary` that differ from the expected profile, as readable lines (empty when all match). */
export async function fuseMismatches(binary, { smoke = false } = {}) {
  const wire = await getCurrentFuseWire(binary);
  const expected = fuseConfig({ platform: process.platform, arch: 1, smoke });
  const wrong = [];
  for (const [key, want] of Object.entries(expected)) {
    if (!/^\d+$/.test(key)) continue;
    const has = wire[key];
    if (has !== (want ? FuseState.ENABLE : FuseState.DISABLE)) wrong.push(`${FuseV1Options[key]}: expected ${want ? 'on' : 'off'}`);
  }
  return wrong;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const [binary] = isMain ? process.argv.slice(2).filter((a) => !a.startsWith('--')) : [];
if (isMain && !binary) {
  console.error('usage: node scripts/check-fuses.mjs <packaged binary or .app> [--smoke]');
  process.exit(2);
}
if (binary) {
  const wrong = await fuseMismatches(binary, {
    smoke: process.argv.includes('--smoke'),
  });
  if (wrong.length > 0) {
    console.error(`check-fuses: ${binary}:\n  ${wrong.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`check-fuses: ${binary}: every release fuse is set`);
}
