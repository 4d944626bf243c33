/**
 * The app in its own process: the built web host (dist-electron/electron/webhost/index.js) started as
 * a child on a database file, and a WebSocket client that talks to it exactly as the renderer does
 * ({id, channel, input} → {id, result}; pushed {event, payload}; the page's Origin header). The host
 * runs with its benchmark opt-ins (electron/webhost/benchHooks.ts): SS_NOW stands its clock still,
 * SS_LAG_PROBE makes it write its main-thread event-loop delay and RSS every 100 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocket } from 'ws';

export const WEBHOST_ENTRY = path.resolve('dist-electron/electron/webhost/index.js');

/** One answered call: its round trip (ms) and the ApiResult. */
export interface Answer<T = unknown> {
  ms: number;
  ok: boolean;
  value: T;
  error?: { code: string; message: string };
}

/** A WebSocket connection to the host's API (one per caller; the API-wait prober has its own). */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    (result: { ok: boolean; value?: unknown; error?: { code: string; message: string } }) => void
  >();
  private readonly listeners = new Set<(event: string, payload: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: never; event?: string; payload?: unknown };
      if (msg.event !== undefined) {
        for (const l of this.listeners) l(msg.event, msg.payload);
        return;
      }
      const done = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
      if (done && msg.result) {
        this.pending.delete(msg.id as number);
        done(msg.result);
      }
    });
  }

  static connect(port: number): Promise<ApiClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { origin: `http://127.0.0.1:${port}`, maxPayload: 256 * 1024 * 1024 });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ApiClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Sends one request; resolves with the round trip and the result (failures are results, not throws). */
  call<T = unknown>(channel: string, input: unknown = {}): Promise<Answer<T>> {
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise((resolve) => {
      this.pending.set(id, (r) => {
        const ms = performance.now() - t0;
        resolve(
          r.ok ? { ms, ok: true, value: r.value as T } : { ms, ok: false, value: undefined as T, ...(r.error ? { error: r.error } : {}) },
        );
      });
      this.ws.send(JSON.stringify({ id, channel, input }));
    });
  }

  /** As `call`, but a failed call throws with the host's message. */
  async must<T = unknown>(channel: string, input: unknown = {}): Promise<Answer<T>> {
    const a = await this.call<T>(channel, input);
    if (!a.ok) throw new Error(`bench: ${channel} failed: ${a.error?.code} ${a.error?.message}`);
    return a;
  }

  /** Resolves with the payload of the first `event` for which `match` holds. */
  waitFor<T>(event: string, match: (payload: T) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error(`bench: no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const l = (e: string, p: unknown): void => {
        if (e !== event || !match(p as T)) return;
        clearTimeout(timer);
        this.listeners.delete(l);
        resolve(p as T);
      };
      this.listeners.add(l);
    });
  }

  close(): void {
    this.ws.close();
  }
}

export interface RunningApp {
  port: number;
  pid: number;
  /** Epoch ms when the process was spawned and when it printed its URL (listening). */
  spawnedAt: number;
  listeningAt: number;
  api: ApiClient;
  probeFile: string;
  /** Uploads a file as the import wizard does (POST /files/upload); resolves with the handle for imports.*. */
  upload(file: string): Promise<string>;
  /** SIGTERM (the host closes its backend), resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Starts the web host on `dbPath` with its clock standing at `nowIso`; resolves once its API is connected. */
export async function startApp(dbPath: string, nowIso: string, probeFile: string, timeoutMs = 300_000): Promise<RunningApp> {
  if (!fs.existsSync(WEBHOST_ENTRY)) throw new Error(`${WEBHOST_ENTRY} is missing: the bench builds it (npm run build:electron).`);
  fs.rmSync(probeFile, { force: true });
  const spawnedAt = Date.now();
  const child: ChildProcess = spawn(process.execPath, [WEBHOST_ENTRY, '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SS_NOW: nowIso, SS_LAG_PROBE: probeFile },
  });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: the web host did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString('utf8');
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench: the web host exited (code ${code}) before it listened:\n${output}`));
    });
  });
  const listeningAt = Date.now();
  const api = await ApiClient.connect(port);
  return {
    port,
    pid: child.pid ?? 0,
    spawnedAt,
    listeningAt,
    api,
    probeFile,
    upload: (file) => upload(port, file),
    stop: async () => {
      api.close();
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

function upload(port: number, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/files/upload?name=${encodeURIComponent(path.basename(file))}`,
        headers: { origin: `http://127.0.0.1:${port}`, 'content-length': fs.statSync(file).size },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on('end', () => {
          if (res.statusCode !== 201) return reject(new Error(`bench: upload of ${file} answered ${res.statusCode}: ${body}`));
          resolve((JSON.parse(body) as { file: string }).file);
        });
      },
    );
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}
