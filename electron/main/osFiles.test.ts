import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DROP_FILES_CHANNEL } from '../../shared/api/manifest.js';
import { ChosenPaths } from './chosenPaths.js';
import { registerDropHandler, type DropIpcMainLike } from './drops.js';
import { appSenderCheck, type InvokeEventLike } from './ipc.js';
import { filesFromArgv, openedFileKind, OsFileRouter, type FileOpened } from './osFiles.js';

const APP_URL = 'file:///opt/app/dist/index.html';
let dir: string;
let segmentFile: string;
let csv: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-osfiles-'));
  segmentFile = path.join(dir, 'Seattle VIPs.segment.json');
  csv = path.join(dir, 'contacts.csv');
  fs.writeFileSync(segmentFile, '{}');
  fs.writeFileSync(csv, 'id\n1\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A router over the real ChosenPaths, recording deliveries and log lines. */
function setup() {
  const chosen = new ChosenPaths();
  const logged: string[] = [];
  const router = new OsFileRouter({ trust: (paths) => chosen.add('read', paths), log: (m) => logged.push(m) });
  const delivered: FileOpened[] = [];
  const mayInspect = (p: string) => chosen.check('segmentFiles.inspect', { path: p }) === null;
  return { chosen, router, logged, delivered, mayInspect };
}

describe('files handed over by the OS', () => {
  it('knows segment files and CSVs by name', () => {
    expect(openedFileKind('/a/b.segment.json')).toBe('segmentFile');
    expect(openedFileKind('C:\\a\\B.JSON')).toBe('segmentFile');
    expect(openedFileKind('/a/b.CSV')).toBe('csv');
    expect(openedFileKind('/a/b.txt')).toBeNull();
  });

  it('argv: skips the executable, flags and (unpackaged) the app path; resolves against the working directory', () => {
    const packaged = [
      'C:\\Program Files\\Segment Studio\\Segment Studio.exe',
      '--allow-file-access-from-files',
      'q3.segment.json',
      '-x',
      'notes.txt',
    ];
    expect(filesFromArgv(packaged, { isPackaged: true, cwd: '/home/ana' })).toEqual(['/home/ana/q3.segment.json']);
    const dev = ['/usr/bin/electron', '.', '--inspect', '/tmp/a.segment.json', 'data.csv'];
    expect(filesFromArgv(dev, { isPackaged: false, cwd: '/w' })).toEqual(['/tmp/a.segment.json', '/w/data.csv']);
    expect(filesFromArgv(['/opt/segment-studio'], { isPackaged: true, cwd: '/' })).toEqual([]);
  });

  it('open-file before the page is ready: queued, trusted at once, delivered in order on attach', () => {
    const s = setup();
    expect(s.router.open(segmentFile, 'os')).toBe(true);
    expect(s.router.open(csv, 'os')).toBe(true);
    expect(s.mayInspect(segmentFile)).toBe(true);
    expect(s.delivered).toEqual([]);
    s.router.attach((f) => s.delivered.push(f));
    expect(s.delivered).toEqual([
      { kind: 'segmentFile', path: segmentFile, via: 'os' },
      { kind: 'csv', path: csv, via: 'os' },
    ]);
    expect(s.router.pending).toEqual([]);
  });

  it('a second launch with a file (single-instance forwarding) opens the import dialog of the running page', () => {
    const s = setup();
    s.router.attach((f) => s.delivered.push(f));
    const secondArgv = ['/opt/Segment Studio/segment-studio', '--no-sandbox', 'Seattle VIPs.segment.json'];
    expect(s.router.openArgv(secondArgv, { isPackaged: true, cwd: dir })).toBe(1);
    expect(s.delivered).toEqual([{ kind: 'segmentFile', path: segmentFile, via: 'os' }]);
    expect(s.mayInspect(segmentFile)).toBe(true);
  });

  it('refuses missing files, folders and unknown kinds without trusting them', () => {
    const s = setup();
    s.router.attach((f) => s.delivered.push(f));
    const missing = path.join(dir, 'gone.segment.json');
    const other = path.join(dir, 'notes.txt');
    fs.writeFileSync(other, 'x');
    expect(s.router.open(missing, 'os')).toBe(false);
    expect(s.router.open(other, 'os')).toBe(false);
    const folder = path.join(dir, 'looks-like.csv');
    fs.mkdirSync(folder);
    expect(s.router.open(folder, 'os')).toBe(false);
    expect(s.delivered).toEqual([]);
    expect(s.mayInspect(missing)).toBe(false);
    expect(s.chosen.check('imports.preview', { path: folder })).not.toBeNull();
    expect(s.logged).toEqual([
      expect.stringMatching(/gone\.segment\.json \(os\): no such file/),
      expect.stringMatching(/notes\.txt .*only \.segment\.json and \.csv/),
      expect.stringMatching(/looks-like\.csv \(os\): no such file/),
    ]);
  });

  it('after the window closes, files wait for the next one', () => {
    const s = setup();
    s.router.attach((f) => s.delivered.push(f));
    s.router.detach();
    s.router.open(csv, 'os');
    expect(s.delivered).toEqual([]);
    expect(s.router.pending).toHaveLength(1);
  });
});

describe('files dropped on the window', () => {
  function fakeIpcMain() {
    const listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => void>();
    const ipc: DropIpcMainLike = {
      on: (channel, l) => listeners.set(channel, l),
      removeListener: (channel) => listeners.delete(channel),
    };
    const send = (url: string | null, input: unknown) =>
      listeners.get(DROP_FILES_CHANNEL)?.({ senderFrame: url === null ? null : { url } }, input);
    return { ipc, listeners, send };
  }

  it('routes a dropped CSV to the import wizard and a dropped segment file to the import dialog, trusting both', () => {
    const s = setup();
    const f = fakeIpcMain();
    registerDropHandler(f.ipc, { isTrustedSender: appSenderCheck(APP_URL), router: s.router, log: (m) => s.logged.push(m) });
    s.router.attach((file) => s.delivered.push(file));
    f.send(`${APP_URL}#/segments`, [csv, segmentFile]);
    expect(s.delivered).toEqual([
      { kind: 'csv', path: csv, via: 'drop' },
      { kind: 'segmentFile', path: segmentFile, via: 'drop' },
    ]);
    expect(s.chosen.check('imports.preview', { path: csv })).toBeNull();
  });

  it.each([
    ['a foreign page', 'https://evil.example/', () => [csv]],
    ['no frame', null, () => [csv]],
    ['a relative path', APP_URL, () => ['contacts.csv']],
    ['not a list', APP_URL, () => csv],
    ['an empty list', APP_URL, () => []],
  ])('refuses %s, trusting nothing', (_name, url, input) => {
    const s = setup();
    const f = fakeIpcMain();
    registerDropHandler(f.ipc, { isTrustedSender: appSenderCheck(APP_URL), router: s.router, log: (m) => s.logged.push(m) });
    s.router.attach((file) => s.delivered.push(file));
    f.send(url, input());
    expect(s.delivered).toEqual([]);
    expect(s.chosen.check('imports.preview', { path: csv })).not.toBeNull();
    expect(s.logged).toHaveLength(1);
  });

  it('stops listening when unregistered', () => {
    const s = setup();
    const f = fakeIpcMain();
    const stop = registerDropHandler(f.ipc, { isTrustedSender: appSenderCheck(APP_URL), router: s.router, log: () => {} });
    stop();
    expect(f.listeners.size).toBe(0);
  });
});
