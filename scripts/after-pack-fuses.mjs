// electron-builder afterPack hook: flips the Electron fuses of the packaged binary (before signing, which
// electron-builder does next, so the OS signature then protects them).
//
// Release profile: RunAsNode off, NODE_OPTIONS off, --inspect arguments off, cookie encryption on,
// embedded asar integrity validation on (macOS and Windows check it), app only from app.asar.
// SS_SMOKE_BUILD=1 (the release workflow's smoke-test package only) leaves --inspect arguments on,
// because Playwright's _electron.launch drives the main process through the Node inspector.
//
// A stub Electron distribution without a fuse wire (electronDist on machines without internet) is
// skipped with a log line; a real Electron binary without one is an error, never a silent skip.
import path from 'node:path';
import { flipFuses, FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/** electron-builder's Arch enum: ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
const ARM64 = 3;
const UNIVERSAL = 4;

/** The fuse settings for one packaged app. */
export function fuseConfig({ platform, arch, smoke }) {
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature Apple Silicon requires; re-sign ad hoc (a real
    // identity, when configured, signs again afterwards).
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === ARM64 || arch === UNIVERSAL),
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: smoke,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  };
}

/** Path of the binary that carries the fuse wire (for macOS the .app; @electron/fuses finds the framework). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[electronPlatformName] ?? '';
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  return path.join(appOutDir, `${name}${ext}`);
}

export default async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const custom = context.packager.config.electronDist != null;
  if (custom) {
    try {
      await getCurrentFuseWire(binary);
    } catch (err) {
      if (!/Could not find sentinel/.test(String(err))) throw err;
      console.log(`  • after-pack-fuses: skipped, ${binary} is a stub Electron without a fuse wire`);
      return;
    }
  }
  const smoke = process.env.SS_SMOKE_BUILD === '1';
  const config = fuseConfig({
    platform: context.electronPlatformName,
    arch: context.arch,
    smoke,
  });
  await flipFuses(binary, config);
  const wire = await getCurrentFuseWire(binary);
  const names = Object.keys(wire)
    .filter((k) => /^\d+$/.test(k))
    .map(
      (k) => `${FuseV1Options[k] ?? `fuse${k}`}=${wire[k] === FuseState.ENABLE ? 'on' : wire[k] === FuseState.DISABLE ? 'off' : 'removed'}`,
    );
  console.log(`  • after-pack-fuses: ${smoke ? 'smoke-test build (inspect arguments on), ' : ''}${binary}: ${names.join(' ')}`);
}
