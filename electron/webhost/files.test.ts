import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { safeFileName } from './files.js';
import { startWebHost, type WebHost } from './server.js';

let dir: string;
let host: WebHost;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-files-'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Segment Studio</title>');
  host = await startWebHost({ dbPath: path.join(dir, 'app.db'), port: 0, distDir: dist });
});
afterEach(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function post(
  pathname: string,
  body: string,
  origin: string | null = `http://127.0.0.1:${host.port}`,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = origin ? { origin } : {};
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathname, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One API call over the WebSocket, as the page served by the host makes it. */
async function call(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { origin: `http://127.0.0.1:${host.port}` });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise<{ result: { ok: boolean } }>((resolve) =>
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { id?: number; result: { ok: boolean } };
      if (m.id === 1) resolve(m);
    }),
  );
  ws.send(JSON.stringify({ id: 1, channel, input }));
  const { result } = await reply;
  ws.close();
  return result;
}

/** Uploads `body`; answers the handle. */
async function upload(name: string, body: string): Promise<string> {
  const r = await post(`/files/upload?name=${encodeURIComponent(name)}`, body);
  expect(r.status).toBe(201);
  return (JSON.parse(r.body) as { file: string }).file;
}

const CSV = 'contactid,fullname,city\nc1,Ann Lee,Oslo\nc2,Bo Berg,Bergen\nc3,Cy Dahl,Oslo\n';

/** Starts an import and resolves with its summary once the backend says it finished (its own event, no polling). */
async function runImport(
  start: () => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>,
): Promise<{ id: string; status: string }> {
  let finish: (s: { id: string; status: string }) => void = () => undefined;
  const done: { id: string; status: string }[] = [];
  // Subscribed before the start, so an import that finishes at once is not missed.
  const off = host.backend.events.onAny((name, payload) => {
    if (name !== 'import.finished') return;
    done.push(payload as { id: string; status: string });
    finish(payload as { id: string; status: string });
  });
  try {
    const started = await start();
    if (!started.ok) throw new Error(started.error?.message);
    const id = (started.value as { id: string }).id;
    return (
      done.find((s) => s.id === id) ??
      (await new Promise((resolve) => {
        finish = (s) => s.id === id && resolve(s);
      }))
    );
  } finally {
    off();
  }
}

describe('web host file routes', () => {
  it('stores an upload in its temp folder and answers a handle (not a path) that the imports API accepts', async () => {
    const handle = await upload('../../contacts.csv', CSV);
    expect(handle).toMatch(/^upload:[0-9a-f-]{36}$/);
    const stored = fs.readdirSync(host.filesDir).map((f) => path.join(host.filesDir, f));
    expect(stored).toHaveLength(1);
    expect(path.basename(stored[0] ?? '')).toMatch(/-contacts\.csv$/);
    expect(fs.readFileSync(stored[0] ?? '', 'utf8')).toBe(CSV);
    const preview = await call('imports.preview', { path: handle });
    expect(preview).toMatchObject({ ok: true, value: { header: ['contactid', 'fullname', 'city'] } });
    // The stored file itself, named by path, is refused like any other path.
    expect(await call('imports.preview', { path: stored[0] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('imports.preview', { path: 'upload:00000000-0000-0000-0000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses uploads and exports from another origin or without one', async () => {
    expect((await post('/files/upload?name=a.csv', CSV, 'http://evil.example')).status).toBe(403);
    expect((await post('/files/upload?name=a.csv', CSV, null)).status).toBe(403);
    expect((await post('/files/members-export', '{"id":"x"}', 'http://evil.example')).status).toBe(403);
  });

  it('exports the members of a segment as a CSV attachment', async () => {
    const handle = await upload('c.csv', CSV);
    // Started over the WebSocket (the host swaps its upload handle for the file), awaited on the backend's event.
    const summary = await runImport(() => call('imports.start', { kind: 'entity', entity: 'contact', key: 'contactid', path: handle }));
    expect(summary).toMatchObject({ status: 'completed' });
    const created = await host.backend.dispatch('segments.create', { name: 'Picked', type: 'static' });
    if (!created.ok) throw new Error(created.error.message);
    const id = (created.value as { id: string }).id;
    const added = await host.backend.dispatch('staticMembers.add', { segmentId: id, contactKeys: ['c1', 'c3'] });
    expect(added.ok).toBe(true);

    const r = await post('/files/members-export', JSON.stringify({ id }));
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toContain('attachment');
    const lines = r.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).join('\n')).toContain('c1');
    expect(lines.slice(1).join('\n')).toContain('c3');
    expect(lines.slice(1).join('\n')).not.toContain('c2');
  });

  it('answers a clear error for an unknown segment and leaves no temp file behind', async () => {
    const r = await post('/files/members-export', JSON.stringify({ id: 'nope' }));
    expect(r.status).toBe(404);
    expect((JSON.parse(r.body) as { error: string }).error).toMatch(/nope|segment/i);
  });

  it('keeps uploaded names inside the temp folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\x\\data.csv')).toBe('data.csv');
    expect(safeFileName('...')).toBe('upload.csv');
  });
});
