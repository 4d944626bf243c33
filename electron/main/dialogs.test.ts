import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALOG_OPEN_CHANNEL, DIALOG_SAVE_CHANNEL } from '../../shared/api/manifest.js';
import { createBackend, type Backend } from '../backend/index.js';
import { ChosenPaths } from './chosenPaths.js';
import { registerDialogHandlers, type DialogLike, type OpenOptions, type SaveOptions } from './dialogs.js';
import { appSenderCheck, registerIpcHandlers, type InvokeEventLike } from './ipc.js';

const APP_URL = 'file:///opt/segment-studio/resources/app/dist/index.html';

interface FakeEvent extends InvokeEventLike {
  sender: string;
}
interface FakeWindow {
  name: string;
}

/** ipcMain stand-in: records handlers, invokes them like Electron with a sender and a frame URL. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: FakeEvent, ...args: unknown[]) => unknown>();
  const ipc = {
    handle(channel: string, listener: (event: FakeEvent, ...args: unknown[]) => unknown) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const invoke = async (channel: string, input: unknown, senderUrl: string | null = APP_URL, sender = 'main') => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: senderUrl === null ? null : { url: senderUrl } }, input);
  };
  return { ipc, handlers, invoke };
}

/** electron.dialog stand-in: answers what the test queued and records what it was shown with. */
function fakeDialog() {
  const shown: { kind: 'save' | 'open'; window: FakeWindow; options: SaveOptions | OpenOptions }[] = [];
  let saveAnswer: { canceled: boolean; filePath?: string } = { canceled: true, filePath: '' };
  let openAnswer: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] };
  const dialog: DialogLike<FakeWindow> = {
    showSaveDialog: async (window, options) => (shown.push({ kind: 'save', window, options }), saveAnswer),
    showOpenDialog: async (window, options) => (shown.push({ kind: 'open', window, options }), openAnswer),
  };
  return {
    dialog,
    shown,
    answerSave: (a: typeof saveAnswer) => (saveAnswer = a),
    answerOpen: (a: typeof openAnswer) => (openAnswer = a),
  };
}

const DOCS = path.join(os.tmpdir(), 'Documents');
const windows: Record<string, FakeWindow> = { main: { name: 'main window' } };

function setup() {
  const ipc = fakeIpcMain();
  const d = fakeDialog();
  const chosen = new ChosenPaths();
  const dispose = registerDialogHandlers(ipc.ipc, {
    dialog: d.dialog,
    windowOf: (e: FakeEvent) => windows[e.sender] ?? null,
    isTrustedSender: appSenderCheck(APP_URL),
    chosen,
    defaultDir: DOCS,
  });
  return { ...ipc, ...d, chosen, dispose };
}

const CSV_FILTER = [{ name: 'CSV files', extensions: ['csv'] }];

describe('dialog:save', () => {
  it('shows the save dialog on the asking window, in the documents folder, with the filters', async () => {
    const s = setup();
    s.answerSave({ canceled: false, filePath: '/home/ann/Documents/vips.csv' });
    const r = await s.invoke(DIALOG_SAVE_CHANNEL, { title: 'Export members', defaultPath: 'vips.csv', filters: CSV_FILTER });
    expect(r).toEqual({ ok: true, value: '/home/ann/Documents/vips.csv' });
    expect(s.shown).toEqual([
      {
        kind: 'save',
        window: windows.main,
        options: {
          title: 'Export members',
          defaultPath: path.join(DOCS, 'vips.csv'),
          filters: CSV_FILTER,
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        },
      },
    ]);
    expect(s.chosen.has('write', '/home/ann/Documents/vips.csv')).toBe(true);
    expect(s.chosen.has('read', '/home/ann/Documents/vips.csv')).toBe(false);
  });

  it('answers null when the user cancels, and remembers nothing', async () => {
    const s = setup();
    s.answerSave({ canceled: true, filePath: '' });
    expect(await s.invoke(DIALOG_SAVE_CHANNEL, { title: 'Export' })).toEqual({ ok: true, value: null });
    expect(s.chosen.has('write', '')).toBe(false);
  });

  it.each([
    ['a folder in the suggested name', { title: 'x', defaultPath: '/etc/passwd' }],
    ['a climbing name', { title: 'x', defaultPath: '../x.csv' }],
    ['no title', { defaultPath: 'a.csv' }],
    ['an extension with a dot', { title: 'x', filters: [{ name: 'CSV', extensions: ['.csv'] }] }],
    ['an unknown key', { title: 'x', properties: ['openDirectory'] }],
    ['not an object', 'save please'],
  ])('refuses a bad request (%s) without showing a dialog', async (_what, input) => {
    const s = setup();
    expect(await s.invoke(DIALOG_SAVE_CHANNEL, input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(s.shown).toEqual([]);
  });

  it('answers internal when the dialog itself fails', async () => {
    const s = setup();
    s.dialog.showSaveDialog = async () => {
      throw new Error('portal not available');
    };
    expect(await s.invoke(DIALOG_SAVE_CHANNEL, { title: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('portal not available') },
    });
  });
});

describe('dialog:open', () => {
  it('shows the open dialog with the filters and remembers the picked files for reading', async () => {
    const s = setup();
    s.answerOpen({ canceled: false, filePaths: ['/data/a.csv', '/data/b.csv'] });
    const r = await s.invoke(DIALOG_OPEN_CHANNEL, { title: 'Choose CSV', filters: CSV_FILTER, multi: true });
    expect(r).toEqual({ ok: true, value: ['/data/a.csv', '/data/b.csv'] });
    expect(s.shown[0]?.options).toEqual({
      title: 'Choose CSV',
      defaultPath: DOCS,
      filters: CSV_FILTER,
      properties: ['openFile', 'multiSelections'],
    });
    expect(s.chosen.has('read', '/data/b.csv')).toBe(true);
    expect(s.chosen.has('write', '/data/b.csv')).toBe(false);
  });

  it('picks one file unless multi is asked, and answers [] on cancel', async () => {
    const s = setup();
    expect(await s.invoke(DIALOG_OPEN_CHANNEL, { title: 'Choose' })).toEqual({ ok: true, value: [] });
    expect(s.shown[0]?.options.properties).toEqual(['openFile']);
  });
});

describe('dialog senders', () => {
  it.each([
    ['a web page', 'https://evil.example/index.html', 'main'],
    ['another local file', 'file:///tmp/evil.html', 'main'],
    ['no frame', null, 'main'],
    ['no window', APP_URL, 'devtools'],
  ])('refuses %s without showing a dialog', async (_what, url, sender) => {
    const s = setup();
    s.answerOpen({ canceled: false, filePaths: ['/etc/shadow'] });
    for (const channel of [DIALOG_SAVE_CHANNEL, DIALOG_OPEN_CHANNEL]) {
      expect(await s.invoke(channel, { title: 'x' }, url, sender)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(s.shown).toEqual([]);
  });

  it('removes both handlers on dispose', () => {
    const s = setup();
    expect([...s.handlers.keys()].sort()).toEqual([DIALOG_OPEN_CHANNEL, DIALOG_SAVE_CHANNEL]);
    s.dispose();
    expect(s.handlers.size).toBe(0);
  });
});

describe('path-taking API methods accept only dialog-chosen files', () => {
  let dir: string;
  let backend: Backend;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-dialogs-'));
    backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test' });
  });
  afterEach(async () => {
    await backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a CSV picked in the open dialog and refuses every other path', async () => {
    const s = setup();
    registerIpcHandlers(s.ipc, backend.dispatch, appSenderCheck(APP_URL), s.chosen);
    const picked = path.join(dir, 'contacts.csv');
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(picked, 'id,email\n1,a@example.com\n');
    fs.writeFileSync(other, 'id,email\n2,b@example.com\n');

    const before = await s.invoke('imports.preview', { path: picked });
    expect(before).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('open dialog') } });

    s.answerOpen({ canceled: false, filePaths: [picked] });
    await s.invoke(DIALOG_OPEN_CHANNEL, { title: 'Choose a CSV' });
    expect(await s.invoke('imports.preview', { path: picked })).toMatchObject({ ok: true, value: { header: ['id', 'email'] } });
    expect(await s.invoke('imports.preview', { path: other })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The same file spelled another way is the same file; padded with spaces it is not.
    expect(await s.invoke('imports.preview', { path: `${dir}/./contacts.csv` })).toMatchObject({ ok: true });
    expect(await s.invoke('imports.preview', { path: ` ${picked}` })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A file picked to read cannot be overwritten by an export.
    expect(await s.invoke('segmentFiles.export', { all: true, path: picked })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('save dialog') },
    });
    expect(fs.readFileSync(picked, 'utf8')).toBe('id,email\n1,a@example.com\n');
  });

  it('writes a segment file only where the save dialog said, and still serves text without a path', async () => {
    const s = setup();
    registerIpcHandlers(s.ipc, backend.dispatch, appSenderCheck(APP_URL), s.chosen);
    const created = await backend.dispatch('segments.create', { name: 'Handed on', type: 'static' });
    expect(created.ok).toBe(true);
    const target = path.join(dir, 'handed-on.segment.json');

    expect(await s.invoke('segmentFiles.export', { all: true, path: target })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fs.existsSync(target)).toBe(false);

    s.answerSave({ canceled: false, filePath: target });
    expect(await s.invoke(DIALOG_SAVE_CHANNEL, { title: 'Export', defaultPath: 'handed-on.segment.json' })).toEqual({
      ok: true,
      value: target,
    });
    expect(await s.invoke('segmentFiles.export', { all: true, path: target })).toMatchObject({
      ok: true,
      value: { path: target, segmentCount: 1 },
    });
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toMatchObject({ formatVersion: expect.any(Number) });
    // Text in, text out: no file involved, nothing to guard.
    expect(await s.invoke('segmentFiles.export', { all: true })).toMatchObject({ ok: true, value: { text: expect.any(String) } });
    // A written file is not thereby readable by the read methods.
    expect(await s.invoke('segmentFiles.inspect', { path: target })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lets every method without a path through unchanged', async () => {
    const s = setup();
    registerIpcHandlers(s.ipc, backend.dispatch, appSenderCheck(APP_URL), s.chosen);
    expect(await s.invoke('segments.list', {})).toEqual({ ok: true, value: [] });
  });
});
