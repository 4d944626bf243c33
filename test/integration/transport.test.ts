// Transport conformance: the same scenarios over the in-memory transport (dispatch called directly)
// and over the real WebSocket transport of the renderer against the real web host.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createApiClient, type ApiTransport } from '../../shared/api/client.js';
import { createBackend } from '../../electron/backend/index.js';
import { startWebHost } from '../../electron/webhost/server.js';
import { createWebSocketTransport, type WebSocketLike } from '../../renderer/src/platform/transport.js';

interface Harness {
  transport: ApiTransport;
  close(): Promise<void>;
}

/** Calls backend.dispatch directly; events straight from the backend's bus. */
async function inMemory(dbPath: string): Promise<Harness> {
  const backend = await createBackend({ dbPath, host: 'test' });
  const transport: ApiTransport = {
    invoke: (channel, input) => backend.dispatch(channel, input),
    subscribe: (event, listener) => backend.events.onAny((name, payload) => name === event && listener(payload)),
  };
  return { transport, close: () => backend.close() };
}

/** A `ws` client shaped like the browser's WebSocket, sending the Origin a page served by the host would. */
function nodeSocket(url: string, origin: string): WebSocketLike {
  const ws = new WebSocket(url, { origin });
  return {
    get readyState() {
      return ws.readyState;
    },
    send: (data) => ws.send(data),
    close: () => ws.close(),
    addEventListener: (type, listener) => {
      if (type === 'message') ws.on('message', (data: Buffer) => listener({ data: data.toString('utf8') }));
      else ws.on(type, () => listener({}));
    },
  };
}

/** The renderer's WebSocket transport, connected the way a browser page served by the host would be. */
async function overWebSocket(dbPath: string): Promise<Harness> {
  const host = await startWebHost({ dbPath, port: 0, distDir: path.join(os.tmpdir(), 'no-dist-needed') });
  const origin = host.url.replace(/\/$/, '');
  const transport = createWebSocketTransport(`ws://127.0.0.1:${host.port}/api`, {
    connect: (url) => nodeSocket(url, origin),
    reconnectDelayMs: 20,
  });
  return {
    transport,
    close: async () => {
      transport.close();
      await host.close();
    },
  };
}

const transports: [string, (dbPath: string) => Promise<Harness>][] = [
  ['in-memory', inMemory],
  ['WebSocket', overWebSocket],
];

describe.each(transports)('API over the %s transport', (_name, start) => {
  let dir: string;
  let harness: Harness;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-transport-'));
    harness = await start(path.join(dir, 'app.db'));
  });
  afterEach(async () => {
    await harness.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists and gets a segment', async () => {
    const api = createApiClient(harness.transport);
    const created = await api.call('segments.create', { name: 'Berlin buyers', type: 'dynamic', description: 'Bought in Berlin' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Berlin buyers', type: 'dynamic', status: 'draft' } });
    if (!created.ok) return;
    const listed = await api.call('segments.list', { search: 'berlin' });
    expect(listed.ok && listed.value.map((s) => s.id)).toEqual([created.value.id]);
    const got = await api.call('segments.get', { id: created.value.id });
    expect(got).toMatchObject({ ok: true, value: { id: created.value.id, description: 'Bought in Berlin' } });
  });

  it('answers bad input with ok:false and the place of the problem', async () => {
    const r = await harness.transport.invoke('segments.create', { name: 'No type' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'type' }] } });
  });

  it('answers an unknown channel with unknown_channel', async () => {
    expect(await harness.transport.invoke('segments.dropAll', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('answers a duplicate name with conflict', async () => {
    const api = createApiClient(harness.transport);
    await api.call('segments.create', { name: 'VIP', type: 'static' });
    expect(await api.call('segments.create', { name: 'vip', type: 'static' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('pushes segment.changed to subscribers', async () => {
    const api = createApiClient(harness.transport);
    const events: unknown[] = [];
    const arrived = new Promise<void>((resolve) => {
      api.on('segment.changed', (payload) => {
        events.push(payload);
        resolve();
      });
    });
    // The first call also makes sure the WebSocket is connected before the event is emitted.
    await api.call('app.info', {});
    const created = await api.call('segments.create', { name: 'Evented', type: 'static' });
    await arrived;
    expect(created.ok).toBe(true);
    expect(events).toEqual([{ id: created.ok ? created.value.id : '', change: 'created' }]);
  });
});

describe('WebSocket transport reconnect', () => {
  it('reconnects after the web host restarts and serves calls again, keeping subscriptions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-reconnect-'));
    const dbPath = path.join(dir, 'app.db');
    const distDir = path.join(dir, 'dist');
    let host = await startWebHost({ dbPath, port: 0, distDir });
    const port = host.port;
    const statuses: string[] = [];
    const transport = createWebSocketTransport(`ws://127.0.0.1:${port}/api`, {
      connect: (url) => nodeSocket(url, `http://127.0.0.1:${port}`),
      reconnectDelayMs: 20,
      onStatus: (s) => statuses.push(s),
    });
    try {
      const api = createApiClient(transport);
      const events: unknown[] = [];
      api.on('segment.changed', (p) => events.push(p));
      expect(await api.call('segments.create', { name: 'Before restart', type: 'static' })).toMatchObject({ ok: true });

      await host.close();
      await expect.poll(() => statuses).toContain('disconnected');
      host = await startWebHost({ dbPath, port, distDir });

      // Made while the socket is down or reconnecting: it waits for the connection instead of failing.
      const listed = await api.call('segments.list', {});
      expect(listed.ok && listed.value.map((s) => s.name)).toEqual(['Before restart']);
      expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
      const created = await api.call('segments.create', { name: 'After restart', type: 'static' });
      expect(created.ok).toBe(true);
      await expect.poll(() => events.length).toBe(2);
    } finally {
      transport.close();
      await host.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
