// Every path field of the API contract, under each host's policy. The methods come from the schemas'
// filePath marks (CONTRACT_PATH_FIELDS), so a new path-taking method is tested here without an edit.
// Includes reproduction 2 of issue 13: the web host read /etc/passwd and wrote any file for any client.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CONTRACT_PATH_FIELDS } from '../../shared/api/pathPolicy.js';
import { withBackend } from '../../electron/cli/backend.js';
import { typedPathPolicy } from '../../electron/cli/pathPolicy.js';
import { ChosenPaths } from '../../electron/main/chosenPaths.js';
import { startWebHost, type WebHost } from '../../electron/webhost/server.js';

const FIELDS = [...CONTRACT_PATH_FIELDS].flatMap(([method, fields]) => fields.map((f) => ({ method, field: f.at.join('.'), use: f.use })));
const input = (field: string, value: unknown) => ({ [field]: value });

let dir: string;
let host: WebHost;
let ws: WebSocket;
let nextId = 0;
const pending = new Map<number, (result: { ok: boolean; error?: { code: string; message: string } }) => void>();

function call(
  channel: string,
  body: unknown,
): Promise<{
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}> {
  const id = ++nextId;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    ws.send(JSON.stringify({ id, channel, input: body }));
  });
}

function upload(name: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/files/upload?name=${name}`,
        method: 'POST',
        headers: { origin: `http://127.0.0.1:${host.port}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve((JSON.parse(text) as { file: string }).file));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-path-policies-'));
  host = await startWebHost({
    dbPath: path.join(dir, 'app.db'),
    port: 0,
    distDir: dir,
    log: () => {},
  });
  ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, {
    origin: `http://127.0.0.1:${host.port}`,
  });
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as {
      id?: number;
      result: { ok: boolean };
    };
    if (typeof m.id === 'number') pending.get(m.id)?.(m.result);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
});

afterAll(async () => {
  ws.close();
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the contract’s path fields', () => {
  it('are the ones the schemas mark (at least the six known today)', () => {
    expect(FIELDS.map((f) => f.method)).toEqual(
      expect.arrayContaining([
        'imports.preview',
        'imports.start',
        'segmentFiles.inspect',
        'segmentFiles.import',
        'segmentFiles.export',
        'segments.exportMembers',
      ]),
    );
  });
});

describe.each(FIELDS)('$method.$field ($use)', ({ method, field, use }) => {
  it('Electron: accepts only a file the user chose for that use', () => {
    const chosen = new ChosenPaths();
    const file = path.join(dir, 'chosen.file');
    expect(chosen.check(method, input(field, file))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    chosen.add(use, [file]);
    expect(chosen.check(method, input(field, file))).toBeNull();
    expect(chosen.check(method, input(field, '/etc/passwd'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('web host: refuses every client-supplied path; reads take only upload handles', async () => {
    const victim = path.join(dir, `victim-${method}.txt`);
    fs.writeFileSync(victim, 'precious\n');
    for (const p of ['/etc/passwd', victim, `${dir}/../${path.basename(dir)}/victim-${method}.txt`, 'relative.csv', 'upload:not-issued']) {
      const r = await call(method, input(field, p));
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining(field) },
      });
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
    const handle = await upload('x.csv', 'a,b\n1,2\n');
    const r = await call(method, input(field, handle));
    // A handle gets past the policy for reading (the backend may still refuse the rest of this bare
    // input), never for writing.
    if (use === 'read') expect(r.error?.code).not.toBe('forbidden');
    else expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('CLI: takes the path as typed', () => {
    for (const typed of ['contacts.csv', './out/members.csv', '/srv/data/x.segment.json']) {
      expect(typedPathPolicy.decide({ method, at: field, use, value: typed })).toEqual({ ok: true, path: typed });
    }
  });
});

describe('reproduction 2 against the web host', () => {
  it('no longer previews /etc/passwd', async () => {
    const r = await call('imports.preview', { path: '/etc/passwd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(r)).not.toContain('root:');
  });

  it('no longer writes or overwrites a file named by the client', async () => {
    const created = await call('segments.create', {
      name: 'Any',
      type: 'static',
    });
    expect(created.ok).toBe(true);
    const fresh = path.join(dir, 'created-by-client.json');
    const existing = path.join(dir, 'existing.txt');
    fs.writeFileSync(existing, 'keep me\n');
    expect(await call('segmentFiles.export', { all: true, path: fresh })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('segmentFiles.export', { all: true, path: existing })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const id = (created.value as { id: string }).id;
    expect(await call('segments.exportMembers', { id, path: existing })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fs.existsSync(fresh)).toBe(false);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me\n');
    // Text export (what the browser downloads) still works.
    expect(await call('segmentFiles.export', { all: true })).toMatchObject({
      ok: true,
      value: { text: expect.any(String) },
    });
  });
});

describe('CLI host end to end', () => {
  it('reads a file named by a relative path as typed', async () => {
    fs.writeFileSync(path.join(dir, 'typed.csv'), 'id,email\n1,a@example.com\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await withBackend(path.join(dir, 'cli.db'), false, (b) => b.dispatch('imports.preview', { path: 'typed.csv' }));
      expect(r).toMatchObject({ ok: true, value: { header: ['id', 'email'] } });
    } finally {
      process.chdir(cwd);
    }
  });
});
