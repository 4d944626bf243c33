import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS, IPC_EVENT_CHANNEL } from '../../shared/api/manifest.js';
import { createBackend, type Backend } from '../backend/index.js';
import {
  appSenderCheck,
  forwardEvents,
  isAppUrl,
  registerIpcHandlers,
  type IpcEventMessage,
  type IpcMainLike,
  type InvokeEventLike,
} from './ipc.js';

const APP_URL = 'file:///opt/segment-studio/resources/app/dist/index.html';

/** A stand-in for ipcMain: records handlers and lets the test invoke them like Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const invoke = async (channel: string, senderUrl: string | null, input: unknown) => {
    const handler = handlers.get(channel);
    // Electron's own answer when nothing is registered for a channel.
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, input);
  };
  return { ipc, handlers, invoke };
}

let dir: string;
let backend: Backend;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-ipc-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test' });
});
afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per manifest channel', () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpcHandlers(ipc, backend.dispatch, appSenderCheck(APP_URL));
    expect([...handlers.keys()].sort()).toEqual([...API_METHODS].sort());
  });

  it('serves the app page, also with a router hash', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerIpcHandlers(ipc, backend.dispatch, appSenderCheck(APP_URL));
    const created = await invoke('segments.create', APP_URL, { name: 'From IPC', type: 'static' });
    expect(created).toMatchObject({ ok: true, value: { name: 'From IPC', status: 'draft' } });
    const listed = await invoke('segments.list', `${APP_URL}#/segments`, {});
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'From IPC' }] });
  });

  it('refuses a channel that is not in the manifest', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerIpcHandlers(ipc, backend.dispatch, appSenderCheck(APP_URL));
    await expect(invoke('segments.dropAll', APP_URL, {})).rejects.toThrow(/No handler registered/);
  });

  it.each([
    ['a web page', 'https://evil.example/index.html'],
    ['another local file', 'file:///tmp/evil.html'],
    ['about:blank', 'about:blank'],
    ['no frame', null],
  ])('answers forbidden to a foreign sender (%s) and changes nothing', async (_what, url) => {
    const { ipc, invoke } = fakeIpcMain();
    registerIpcHandlers(ipc, backend.dispatch, appSenderCheck(APP_URL));
    const r = await invoke('segments.create', url, { name: 'Sneaky', type: 'static' });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await backend.dispatch('segments.list', {})).toEqual({ ok: true, value: [] });
  });

  it('passes bad input through to validation as a value', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerIpcHandlers(ipc, backend.dispatch, appSenderCheck(APP_URL));
    expect(await invoke('segments.create', APP_URL, { name: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses every path when no chosen paths are given (reproduction 2 over IPC)', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerIpcHandlers(ipc, backend.dispatch, appSenderCheck(APP_URL));
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious\n');
    expect(await invoke('imports.preview', APP_URL, { path: victim })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('segmentFiles.export', APP_URL, { all: true, path: victim })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('removes every handler on dispose', () => {
    const { ipc, handlers } = fakeIpcMain();
    const dispose = registerIpcHandlers(ipc, backend.dispatch, appSenderCheck(APP_URL));
    dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends backend events to the window on the events channel until stopped', async () => {
    const sent: [string, IpcEventMessage][] = [];
    const stop = forwardEvents(backend.events, (channel, message) => sent.push([channel, message]));
    const created = await backend.dispatch('segments.create', { name: 'Evented', type: 'dynamic' });
    expect(created.ok).toBe(true);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'segment.changed', payload: expect.objectContaining({ change: 'created' }) }]]);
    stop();
    await backend.dispatch('segments.create', { name: 'Unheard', type: 'dynamic' });
    expect(sent).toHaveLength(1);
  });
});

describe('isAppUrl', () => {
  it('accepts the app page with hash or query and nothing else', () => {
    expect(isAppUrl(`${APP_URL}#/contacts`, APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}?x=1`, APP_URL)).toBe(true);
    expect(isAppUrl('file:///opt/segment-studio/resources/app/dist/other.html', APP_URL)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5180/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
  });
});
