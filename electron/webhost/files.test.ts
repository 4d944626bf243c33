import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

function post(pathname: string, body: string, origin: string | null = `http://127.0.0.1:${host.port}`): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
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

const CSV = 'contactid,fullname,city\nc1,Ann Lee,Oslo\nc2,Bo Berg,Bergen\nc3,Cy Dahl,Oslo\n';

/** Starts an import and resolves with its summary once the backend says it finished (its own event, no polling). */
async function runImport(options: Record<string, unknown>): Promise<{ id: string; status: string }> {
  let finish: (s: { id: string; status: string }) => void = () => undefined;
  const done: { id: string; status: string }[] = [];
  // Subscribed before the start, so an import that finishes at once is not missed.
  const off = host.backend.events.onAny((name, payload) => {
    if (name !== 'import.finished') return;
    done.push(payload as { id: string; status: string });
    finish(payload as { id: string; status: string });
  });
  try {
    const started = await host.backend.dispatch('imports.start', options);
    if (!started.ok) throw new Error(started.error.message);
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
  it('stores an upload in its temp folder and returns a path the imports API accepts', async () => {
    const r = await post('/files/upload?name=../../contacts.csv', CSV);
    expect(r.status).toBe(201);
    const { path: stored } = JSON.parse(r.body) as { path: string };
    expect(path.basename(path.dirname(stored))).toMatch(/^segment-studio-files-/);
    expect(path.basename(stored)).toMatch(/-contacts\.csv$/);
    expect(stored.includes('..')).toBe(false);
    expect(fs.readFileSync(stored, 'utf8')).toBe(CSV);
    const preview = await host.backend.dispatch('imports.preview', { path: stored });
    expect(preview.ok && (preview.value as { header: string[] }).header).toEqual(['contactid', 'fullname', 'city']);
  });

  it('refuses uploads and exports from another origin or without one', async () => {
    expect((await post('/files/upload?name=a.csv', CSV, 'http://evil.example')).status).toBe(403);
    expect((await post('/files/upload?name=a.csv', CSV, null)).status).toBe(403);
    expect((await post('/files/members-export', '{"id":"x"}', 'http://evil.example')).status).toBe(403);
  });

  it('exports the members of a segment as a CSV attachment', async () => {
    const up = JSON.parse((await post('/files/upload?name=c.csv', CSV)).body) as { path: string };
    expect(await runImport({ kind: 'entity', entity: 'contact', key: 'contactid', path: up.path })).toMatchObject({ status: 'completed' });
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
