import fs from 'node:fs';
import path from 'node:path';

/**
 * The executable electron-builder left in `releaseDir` for this machine's OS (an unpacked `--dir`
 * build): linux-unpacked/segment-studio, win-unpacked/Segment Studio.exe, or
 * mac*\/Segment Studio.app/Contents/MacOS/Segment Studio. Throws, naming what it looked for, if none is there.
 */
export function packagedExecutable(releaseDir: string, platform: NodeJS.Platform = process.platform): string {
  const candidates: string[] = [];
  if (platform === 'linux') candidates.push(path.join(releaseDir, 'linux-unpacked', 'segment-studio'));
  if (platform === 'win32') candidates.push(path.join(releaseDir, 'win-unpacked', 'Segment Studio.exe'));
  if (platform === 'darwin') {
    const macDirs = fs.existsSync(releaseDir) ? fs.readdirSync(releaseDir).filter((d) => /^mac(-arm64|-universal)?$/.test(d)) : [];
    for (const d of macDirs) candidates.push(path.join(releaseDir, d, 'Segment Studio.app', 'Contents', 'MacOS', 'Segment Studio'));
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error(
      `No packaged app in ${releaseDir} (looked for ${candidates.join(', ') || `nothing: no packaging on ${platform}`}). ` +
        'Run `npx electron-builder --dir` first (with SS_SMOKE_BUILD=1, see .github/workflows/release.yml).',
    );
  }
  return found;
}
