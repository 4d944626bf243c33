import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenWebContents, secureSession, secureWindowOptions, type SessionLike, type WebContentsLike } from './window.js';

const APP_URL = 'file:///opt/app/dist/index.html';

type NavListener = (event: { preventDefault(): void }, url: string) => void;

function fakeWebContents() {
  const listeners = new Map<string, NavListener>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const contents: WebContentsLike = {
    setWindowOpenHandler(h) {
      openHandler = h;
    },
    on(event: string, listener: NavListener) {
      listeners.set(event, listener);
      return contents;
    },
  };
  /** Fires a navigation event; true if our code prevented it. */
  const navigate = (event: string, url: string) => {
    let prevented = false;
    listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, navigate, open: (url: string) => openHandler?.({ url }) };
}

describe('secureWindowOptions', () => {
  it('isolates and sandboxes the renderer', () => {
    const web = secureWindowOptions('/x/preload.js').webPreferences;
    expect(web).toMatchObject({ preload: '/x/preload.js', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });
});

describe('hardenWebContents', () => {
  it('denies window.open', () => {
    const w = fakeWebContents();
    hardenWebContents(w.contents, APP_URL);
    expect(w.open('https://example.com')).toEqual({ action: 'deny' });
  });

  it('blocks navigation and redirects away from the app page but allows in-app navigation', () => {
    const w = fakeWebContents();
    hardenWebContents(w.contents, APP_URL);
    expect(w.navigate('will-navigate', 'https://example.com')).toBe(true);
    expect(w.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(w.navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(w.navigate('will-navigate', `${APP_URL}#/data`)).toBe(false);
  });

  it('refuses to attach webviews', () => {
    const w = fakeWebContents();
    hardenWebContents(w.contents, APP_URL);
    expect(w.navigate('will-attach-webview', '')).toBe(true);
  });
});

describe('secureSession', () => {
  it('adds the CSP header to responses and denies permission requests', () => {
    let headerListener: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | undefined;
    let permissionHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] | undefined;
    secureSession({
      webRequest: { onHeadersReceived: (l) => (headerListener = l) },
      setPermissionRequestHandler: (h) => (permissionHandler = h),
    });
    let headers: Record<string, string[]> = {};
    headerListener?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    let granted: boolean | undefined;
    permissionHandler?.(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('uses the same CSP as the meta tag of renderer/index.html (what file:// pages obey)', () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});
