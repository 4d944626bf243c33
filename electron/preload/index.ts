/**
 * Sandboxed preload. A sandboxed preload can require only 'electron' and a few built-ins, so the
 * build bundles this file with bridge.ts, drops.ts and the manifest into one CommonJS file
 * (scripts/bundle-preload.mjs).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeBridge } from './bridge.js';
import { watchDrops } from './drops.js';

exposeBridge(contextBridge, ipcRenderer);
// The preload shares the page's window object (not its JavaScript world), so it sees every drop.
watchDrops(
  globalThis as unknown as Parameters<typeof watchDrops>[0],
  (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
  (channel, paths) => ipcRenderer.send(channel, paths),
);
