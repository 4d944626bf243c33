/**
 * Sandboxed preload. A sandboxed preload can require only 'electron' and a few built-ins, so the
 * build bundles this file with bridge.ts and the manifest into one CommonJS file
 * (scripts/bundle-preload.mjs).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './bridge.js';

exposeBridge(contextBridge, ipcRenderer);
