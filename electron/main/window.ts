/**
 * Secure window setup: options, CSP and navigation rules. Electron objects come in as parameters
 * (typed structurally), so all of this runs under plain Node in tests.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { isAppUrl } from './ipc.js';

/**
 * Content Security Policy of the app. The same string is in renderer/index.html (meta tag, which is
 * what applies to file:// pages) and in the web host's response header; tests keep the three equal.
 * 'unsafe-inline' styles: MUI's emotion injects <style> elements at run time.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

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
      spellcheck: false,
    },
  };
}

/** The navigation events of a webContents this module hooks (structural subset of WebContents). */
export interface WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * No `window.open`, no webviews, and no navigation away from the app's own page (`appUrl`).
 * Links to the web could later go to `shell.openExternal`; today there are none.
 */
export function hardenWebContents(contents: WebContentsLike, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

type Headers = Record<string, string[]>;

/** The part of `session` this module uses. */
export interface SessionLike {
  webRequest: {
    onHeadersReceived(listener: (details: { responseHeaders?: Headers }, callback: (response: { responseHeaders: Headers }) => void) => void): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
}

/** Adds the CSP header to every response (for http(s) loads) and denies every permission request. */
export function secureSession(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
