import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY as WINDOW_CSP } from '../main/security.js';
import { CONTENT_SECURITY_POLICY, resolveStaticPath, startWebHost, type WebHost } from './server.js';

let dir: string;
let dist: string;
let host: WebHost;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-webhost-'));
  dist = path.join(dir, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Segment Studio</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
  host = await startWebHost({ dbPath: path.join(dir, 'app.db'), port: 0, distDir: dist });
});
afterEach(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw GET so the test controls the Host header and the path (no URL normalisation). */
function get(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves 'open' or the HTTP status of a refused upgrade. */
function tryConnect(
  origin: string | undefined,
  pathname = '/api',
): Promise<{ socket: WebSocket; opened: true } | { opened: false; status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}${pathname}`, origin === undefined ? {} : { origin });
    socket.on('open', () => resolve({ socket, opened: true }));
    socket.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode ?? 0 }));
    socket.on('error', () => resolve({ opened: false, status: 0 }));
  });
}

describe('web host static files', () => {
  it('serves index.html at / with the CSP and no caching', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toContain('Segment Studio');
  });

  it('serves assets with their content types', async () => {
    expect((await get('/assets/index-abc.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/index-abc.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside dist', async () => {
    expect((await get('/../secret.txt')).body).not.toContain('not for the browser');
    expect((await get('/%2e%2e/secret.txt')).body).not.toContain('not for the browser');
    expect(resolveStaticPath(dist, '/../secret.txt')).toBeNull();
    expect(resolveStaticPath(dist, '/%2e%2e%2fsecret.txt')).toBeNull();
    expect(resolveStaticPath(dist, '/assets/a.js?v=1')).toBe(path.join(dist, 'assets', 'a.js'));
  });

  it('refuses requests for a foreign host name (DNS rebinding)', async () => {
    expect((await get('/', { Host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('uses the window CSP plus frame-ancestors (which a meta tag cannot carry)', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(`${WINDOW_CSP}; frame-ancestors 'none'`);
  });
});

describe('web host WebSocket', () => {
  it('accepts the own origin and answers requests by id', async () => {
    const c = await tryConnect(host.url.replace(/\/$/, ''));
    if (!c.opened) throw new Error(`refused with ${c.status}`);
    const reply = new Promise<unknown>((resolve) => c.socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    c.socket.send(JSON.stringify({ id: 7, channel: 'app.info', input: {} }));
    expect(await reply).toMatchObject({ id: 7, result: { ok: true, value: { name: 'Segment Studio', host: 'web' } } });
    c.socket.close();
  });

  it.each([
    ['a foreign origin', 'https://evil.example'],
    ['another local port', 'http://127.0.0.1:1'],
    ['no origin', undefined],
  ])('refuses an upgrade from %s', async (_what, origin) => {
    expect(await tryConnect(origin)).toEqual({ opened: false, status: 403 });
  });

  it('refuses an upgrade on another path', async () => {
    expect(await tryConnect(host.url.replace(/\/$/, ''), '/other')).toEqual({ opened: false, status: 403 });
  });

  it('answers a malformed message with invalid_input instead of dropping it', async () => {
    const c = await tryConnect(host.url.replace(/\/$/, ''));
    if (!c.opened) throw new Error('refused');
    const reply = new Promise<unknown>((resolve) => c.socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    c.socket.send('{not json');
    expect(await reply).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } });
    c.socket.close();
  });
});
