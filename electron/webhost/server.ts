/**
 * The web host: serves the built renderer (dist/) over HTTP on 127.0.0.1 and carries the API over a
 * WebSocket at /api. Used by `npm run preview` and the Playwright tests; same backend as Electron.
 *
 * Wire format (JSON text frames):
 *   client → server  { id, channel, input }
 *   server → client  { id, result }          result is the ApiResult of the call
 *   server → client  { event, payload }      every backend event, pushed to every connection
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { applyPathPolicy } from '../../shared/api/pathPolicy.js';
import { fail, type ApiResult } from '../../shared/api/result.js';
import { createBackend, type Backend } from '../backend/index.js';
import { createHostFiles } from './files.js';
import { WebPathPolicy } from './pathPolicy.js';

/** Same policy as renderer/index.html's meta tag and electron/main/window.ts (a test keeps them equal). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface WebHostOptions {
  /** SQLite file of the backend. */
  dbPath: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** The Vite build (holds index.html). */
  distDir: string;
  /** Fill an empty database with demo data. */
  seedDemo?: boolean;
  /** The backend's clock (default Date.now); the benchmark stands it still (SS_NOW, benchHooks.ts). */
  now?: () => number;
  /** Where unexpected errors and one-line notes about refused connections go (default: console.error). */
  log?: (err: unknown) => void;
  /** Largest WebSocket message (default {@link MAX_MESSAGE_BYTES}); tests lower it. */
  maxMessageBytes?: number;
  /** Most WebSocket connections at once (default {@link MAX_CONNECTIONS}). */
  maxConnections?: number;
  /** Ping interval (default {@link HEARTBEAT_MS}); tests shorten it. */
  heartbeatMs?: number;
}

export interface WebHost {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  backend: Backend;
  /** The temp folder holding uploads (deleted on close). */
  filesDir: string;
  close(): Promise<void>;
}

/** Host names under which the page may be loaded; anything else is refused (DNS rebinding). */
function ownHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function isOwnOrigin(origin: string | undefined, port: number): boolean {
  if (!origin) return false;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** Maps a URL path to a file inside distDir, or null when it would escape it. */
export function resolveStaticPath(distDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(distDir);
  const file = path.resolve(root, relative);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function serveStatic(distDir: string, port: number, req: http.IncomingMessage, res: http.ServerResponse): void {
  const send = (status: number, body: string) => {
    res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body);
  };
  if (!ownHosts(port).has(req.headers.host ?? '')) return send(421, 'Unknown host name.');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(405, 'Method not allowed.');
  }
  const file = resolveStaticPath(distDir, req.url ?? '/');
  if (!file) return send(400, 'Bad path.');
  fs.readFile(file, (err, data) => {
    if (err) return send(404, 'Not found.');
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    // index.html must never be cached (it names the hashed bundles); the hashed assets may be.
    const cache = file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable';
    res.writeHead(200, { ...securityHeaders(), 'Content-Type': type, 'Content-Length': data.length, 'Cache-Control': cache });
    res.end(req.method === 'HEAD' ? undefined : data);
  });
}

interface WireRequest {
  id: unknown;
  channel: unknown;
  input: unknown;
}

function parseRequest(text: string): WireRequest | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || !('id' in value) || !('channel' in value)) return null;
    const v = value as Record<string, unknown>;
    return { id: v.id, channel: v.channel, input: v.input };
  } catch {
    return null;
  }
}

/** Largest WebSocket message the host accepts; a bigger one closes that connection with 1009. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** Most WebSocket connections at once; one more upgrade is answered 503 (a page needs one). */
export const MAX_CONNECTIONS = 64;

/**
 * Every connection is pinged this often; one that has not answered the previous ping (a dead peer,
 * or a client holding a half-sent frame open) is ended. Browsers answer pings by themselves.
 */
export const HEARTBEAT_MS = 30_000;

/** One line for the log about an error that ended (or never began) one connection. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${err.message} (${code})` : err.message;
}

function attachApi(socket: WebSocket, backend: Backend, connection: number, log: (err: unknown) => void, policy: WebPathPolicy): void {
  const sendJson = (message: unknown) => {
    if (socket.readyState !== socket.OPEN) return;
    try {
      socket.send(JSON.stringify(message));
    } catch (err) {
      log(`web host: could not answer on WebSocket connection #${connection}: ${describeError(err)}`);
    }
  };
  const unsubscribe = backend.events.onAny((event, payload) => sendJson({ event, payload }));
  socket.on('close', unsubscribe);
  // A protocol error (bad UTF-8, reserved bits or opcodes, unmasked or oversize frames...) arrives
  // here after ws has already closed this one connection with the matching code (1002, 1007, 1009).
  // Without a listener Node would throw it as an unhandled 'error' event and end the whole host.
  socket.on('error', (err) => log(`web host: closed WebSocket connection #${connection} after a protocol error: ${describeError(err)}`));
  socket.on('message', (data, isBinary) => {
    const request = isBinary ? null : parseRequest(data.toString());
    if (!request) {
      const result: ApiResult<never> = fail('invalid_input', 'The message is not a JSON request of the form {"id", "channel", "input"}.');
      return sendJson({ id: null, result });
    }
    let allowed: ReturnType<typeof applyPathPolicy>;
    try {
      // No client-supplied paths: upload handles become the uploaded file, anything else is refused.
      allowed = applyPathPolicy(policy, request.channel, request.input);
    } catch (err) {
      // A bug here must cost one answer, not the process (a throw in a listener would be uncaught).
      log(err);
      return sendJson({ id: request.id, result: fail('internal', 'The host could not check the file paths of this request.') });
    }
    if (!allowed.ok) return sendJson({ id: request.id, result: allowed });
    void backend.dispatch(request.channel, allowed.input).then((result) => sendJson({ id: request.id, result }));
  });
}

/** Starts backend + HTTP + WebSocket. Resolves once listening. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? ((err: unknown) => console.error(err));
  const backend = await createBackend({
    dbPath: options.dbPath,
    host: 'web',
    seedDemo: options.seedDemo ?? false,
    log,
    ...(options.now ? { now: options.now } : {}),
  });
  let port = options.port;
  const paths = new WebPathPolicy();
  // Uploads and downloads for the browser preview (no native dialogs there): see files.ts.
  const files = createHostFiles(
    backend,
    (req) => isOwnOrigin(req.headers.origin, port) && ownHosts(port).has(req.headers.host ?? ''),
    paths,
  );
  const server = http.createServer((req, res) => {
    if (!files.handle(req, res)) serveStatic(options.distDir, port, req, res);
  });
  // Every error source has a listener: an unhandled 'error' event would end the process, and with
  // it the app of every other client. Each of these ends one request or connection at most.
  server.on('clientError', (err, socket) => {
    log(`web host: refused a malformed HTTP request: ${describeError(err)}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? MAX_MESSAGE_BYTES });
  wss.on('error', (err) => log(`web host: WebSocket server error: ${describeError(err)}`));
  // A bad handshake (wrong version or key, a body after the headers): ws answers 400, we log it.
  wss.on('wsClientError', (err, socket) => {
    log(`web host: refused a WebSocket handshake: ${describeError(err)}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  let connections = 0;
  const maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const answeredPing = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    // Uploads idle past their limit go too (pathPolicy.ts), so an idle host keeps no stale files.
    paths.sweep();
    for (const ws of wss.clients) {
      if (answeredPing.get(ws) === false) {
        log('web host: ended a WebSocket connection that did not answer a ping');
        ws.terminate();
        continue;
      }
      answeredPing.set(ws, false);
      try {
        ws.ping();
      } catch (err) {
        log(`web host: could not ping a WebSocket connection: ${describeError(err)}`);
      }
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  server.on('upgrade', (req, socket, head) => {
    // Until ws takes the socket over (and after a refusal), a reset must not become an unhandled error.
    socket.on('error', (err) => log(`web host: upgrade socket error: ${describeError(err)}`));
    const pathname = (req.url ?? '').split('?')[0];
    // Only pages served by this host may talk to the API: a web page elsewhere in the browser must not.
    if (pathname !== '/api' || !isOwnOrigin(req.headers.origin, port) || !ownHosts(port).has(req.headers.host ?? '')) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    if (wss.clients.size >= maxConnections) {
      log(`web host: refused a WebSocket connection: already ${wss.clients.size} open`);
      socket.write('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      answeredPing.set(ws, true);
      ws.on('pong', () => answeredPing.set(ws, true));
      attachApi(ws, backend, ++connections, log, paths);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    clearInterval(heartbeat);
    await backend.close();
    files.dispose();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  // The evaluator worker the host started early (earlyStart.ts) has booted meanwhile; it pre-warms now.
  backend.evaluator.releasePrewarm();
  // After listening: errors of the listening socket are logged, never thrown.
  server.on('error', (err) => log(`web host: HTTP server error: ${describeError(err)}`));

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    backend,
    filesDir: files.dir,
    async close() {
      clearInterval(heartbeat);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
      files.dispose();
    },
  };
}
