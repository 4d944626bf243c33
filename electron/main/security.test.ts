import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenWebContents,
  installSecurityGuards,
  secureSession,
  type AppLike,
  type SessionLike,
  type WebContentsLike,
} from './security.js';

const APP_URL = 'file:///opt/app/dist/index.html';

type Listener = (...args: never[]) => unknown;

/** A webContents stand-in: records listeners; `fire` runs them like Electron and says if one prevented. */
function fakeWebContents(session?: SessionLike) {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const contents = {
    session,
    setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
      openHandler = h;
    },
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
  } as WebContentsLike;
  const prevented = (run: (e: { preventDefault(): void }) => void) => {
    let p = false;
    run({ preventDefault: () => (p = true) });
    return p;
  };
  const call = (event: string, ...args: unknown[]) => {
    for (const l of listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  };
  return {
    contents,
    navigate: (event: 'will-navigate' | 'will-redirect', url: string) => prevented((e) => call(event, e, url)),
    frameNavigate: (url: string) => prevented((e) => call('will-frame-navigate', Object.assign(e, { url }))),
    attachWebview: () => prevented((e) => call('will-attach-webview', e, {}, {})),
    open: (url: string) => openHandler?.({ url }),
  };
}

/** A session stand-in that keeps the handlers it is given. */
function fakeSession() {
  const s = {
    headerListener: undefined as Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | undefined,
    request: undefined as Parameters<SessionLike['setPermissionRequestHandler']>[0] | undefined,
    check: undefined as Parameters<SessionLike['setPermissionCheckHandler']>[0] | undefined,
    device: undefined as Parameters<SessionLike['setDevicePermissionHandler']>[0] | undefined,
    installs: 0,
  };
  const session: SessionLike = {
    webRequest: {
      onHeadersReceived: (l) => ((s.headerListener = l), s.installs++),
    },
    setPermissionRequestHandler: (h) => (s.request = h),
    setPermissionCheckHandler: (h) => (s.check = h),
    setDevicePermissionHandler: (h) => (s.device = h),
  };
  return { session, s };
}

/** An app stand-in that can announce new webContents like Electron does. */
function fakeApp() {
  const created: ((event: unknown, contents: WebContentsLike) => void)[] = [];
  const app: AppLike = { on: (_event, listener) => created.push(listener) };
  return {
    app,
    create: (contents: WebContentsLike) => created.forEach((l) => l({}, contents)),
  };
}

const PERMISSIONS = [
  'media',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'fullscreen',
  'openExternal',
  'hid',
  'serial',
  'usb',
  'fileSystem',
];

describe('hardenWebContents', () => {
  it('denies window.open', () => {
    const w = fakeWebContents();
    hardenWebContents(w.contents, APP_URL);
    expect(w.open('https://example.com')).toEqual({ action: 'deny' });
  });

  it('blocks navigation and redirects of any frame away from the app page, allows in-app navigation', () => {
    const w = fakeWebContents();
    hardenWebContents(w.contents, APP_URL);
    expect(w.navigate('will-navigate', 'https://example.com')).toBe(true);
    expect(w.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(w.navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(w.frameNavigate('https://evil.example/frame.html')).toBe(true);
    expect(w.frameNavigate('about:blank')).toBe(true);
    expect(w.navigate('will-navigate', `${APP_URL}#/data`)).toBe(false);
    expect(w.frameNavigate(`${APP_URL}#/segments`)).toBe(false);
  });

  it('refuses to attach webviews', () => {
    const w = fakeWebContents();
    hardenWebContents(w.contents, APP_URL);
    expect(w.attachWebview()).toBe(true);
  });
});

describe('secureSession', () => {
  it('adds the CSP header to responses', () => {
    const { session, s } = fakeSession();
    secureSession(session);
    let headers: Record<string, string[]> = {};
    s.headerListener?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it.each(PERMISSIONS)('denies the %s permission when requested and when checked, and every device', (permission) => {
    const { session, s } = fakeSession();
    secureSession(session);
    let granted: boolean | undefined;
    s.request?.(null, permission, (g) => (granted = g));
    expect(granted).toBe(false);
    expect(s.check?.(null, permission)).toBe(false);
    expect(s.device?.({ deviceType: permission, origin: 'file://' })).toBe(false);
  });

  it('uses the same CSP as the meta tag of renderer/index.html (what file:// pages obey)', () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('installSecurityGuards', () => {
  it('secures the default session at once and guards every webContents created afterwards', () => {
    const def = fakeSession();
    const a = fakeApp();
    installSecurityGuards(a.app, def.session, APP_URL);
    expect(def.s.check?.(null, 'media')).toBe(false);
    // Any webContents, not only the main window's: a second window, devtools, a popup a bug let through.
    for (const w of [fakeWebContents(def.session), fakeWebContents(def.session), fakeWebContents()]) {
      a.create(w.contents);
      expect(w.open('https://example.com')).toEqual({ action: 'deny' });
      expect(w.navigate('will-navigate', 'https://example.com')).toBe(true);
      expect(w.attachWebview()).toBe(true);
    }
    expect(def.s.installs).toBe(1);
  });

  it('secures a webContents’ own session (another partition) once', () => {
    const def = fakeSession();
    const own = fakeSession();
    const a = fakeApp();
    installSecurityGuards(a.app, def.session, APP_URL);
    a.create(fakeWebContents(own.session).contents);
    a.create(fakeWebContents(own.session).contents);
    expect(own.s.installs).toBe(1);
    let granted: boolean | undefined;
    own.s.request?.(null, 'geolocation', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(own.s.check?.(null, 'clipboard-read')).toBe(false);
  });
});
