/**
 * The Electron app's guards beyond the window options (window.ts), for every webContents the app ever
 * creates (not only the main window's): no navigation away from the app page, no new windows, no
 * webviews, no permissions, and the CSP on every response. Electron objects come in as parameters,
 * typed structurally, so all of this runs under plain Node in tests. Review: docs/security.md.
 */
import { isAppUrl } from './ipc.js';

/**
 * Content Security Policy of the app. The same string is in renderer/index.html (meta tag, which is
 * what applies to file:// pages) and in the web host's response header; tests keep the three equal.
 * 'unsafe-inline' styles: MUI's emotion injects <style> elements at run time.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

interface Preventable {
  preventDefault(): void;
}

type Headers = Record<string, string[]>;

/** The part of `session` this module uses. */
export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (details: { responseHeaders?: Headers }, callback: (response: { responseHeaders: Headers }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** The events of a webContents this module hooks (structural subset of WebContents). */
export interface WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (details: Preventable & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  /** The webContents' session (a webview or a window with a partition may have its own). */
  readonly session?: SessionLike;
}

/** The part of `app` this module uses. */
export interface AppLike {
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

/**
 * No `window.open` (nor middle-click, target=_blank: all go through the window-open handler), no
 * webviews, and no navigation of any frame away from the app's own page (`appUrl`). Links to the
 * web could later go to `shell.openExternal` after a check; today there are none.
 */
export function hardenWebContents(contents: WebContentsLike, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: Preventable, url: string) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  // Also subframes (an injected iframe cannot be pointed elsewhere either).
  contents.on('will-frame-navigate', (details) => stayHome(details, details.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Adds the CSP header to every response (for http(s) loads) and denies every permission: requests
 * (camera, notifications, ...), checks (clipboard, fullscreen, ...), and devices (HID, USB, serial).
 * The app needs none of them.
 */
export function secureSession(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Installs the guards: the default session now, and every webContents the app creates from here on
 * (windows, devtools, anything a bug or an attacker manages to open) with its session. Call once,
 * before the first window.
 */
export function installSecurityGuards(app: AppLike, defaultSession: SessionLike, appUrl: string): void {
  const secured = new WeakSet<SessionLike>();
  const secure = (session: SessionLike) => {
    if (secured.has(session)) return;
    secured.add(session);
    secureSession(session);
  };
  secure(defaultSession);
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, appUrl);
    if (contents.session) secure(contents.session);
  });
}
