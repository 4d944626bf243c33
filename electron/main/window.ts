/**
 * Secure window options. The guards for every webContents and session (navigation, new windows,
 * webviews, permissions, CSP) are in security.ts.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** BrowserWindow options: renderer isolated from Node, sandboxed, web security on. */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Segment Studio',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Not set on purpose (Electronegativity): experimentalFeatures, enableBlinkFeatures,
      // additionalArguments, affinity, preload scripts other than ours. docs/security.md.
      safeDialogs: true,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
