import { describe, expect, it } from 'vitest';
import { DROP_FILES_CHANNEL } from '../../shared/api/manifest.js';
import { watchDrops, type DropEventLike } from './drops.js';

/** A stand-in for the window and for webUtils: "files" are objects whose OS path the fake knows. */
function setup() {
  let listener: ((e: DropEventLike) => void) | undefined;
  let capture = false;
  const sent: [string, string[]][] = [];
  const realPaths = new Map<unknown, string>();
  watchDrops(
    {
      addEventListener: (_type, l, o) => {
        listener = l;
        capture = o.capture;
      },
    },
    (f) => realPaths.get(f) ?? '',
    (channel, paths) => sent.push([channel, paths]),
  );
  const fromDisk = (p: string) => {
    const file = { name: p.split('/').pop() };
    realPaths.set(file, p);
    return file;
  };
  const drop = (isTrusted: boolean, files: unknown[] | null) => listener?.({ isTrusted, dataTransfer: files === null ? null : { files } });
  return { sent, drop, fromDisk, capture: () => capture };
}

describe('preload: dropped files', () => {
  it('sends the OS paths of a real drop on the drop channel, in the capture phase', () => {
    const s = setup();
    s.drop(true, [s.fromDisk('/home/ana/contacts.csv'), s.fromDisk('/home/ana/q3.segment.json')]);
    expect(s.sent).toEqual([[DROP_FILES_CHANNEL, ['/home/ana/contacts.csv', '/home/ana/q3.segment.json']]]);
    expect(s.capture()).toBe(true);
  });

  it('ignores synthetic drops, even of files with a path', () => {
    const s = setup();
    s.drop(false, [s.fromDisk('/etc/passwd.csv')]);
    expect(s.sent).toEqual([]);
  });

  it('sends nothing for files the page built (no path) or a drop without files', () => {
    const s = setup();
    s.drop(true, [{ name: 'made-up.csv' }]);
    s.drop(true, null);
    s.drop(true, []);
    expect(s.sent).toEqual([]);
  });
});
