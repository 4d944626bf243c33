import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseWebHostArgs } from './args.js';
import { defaultDbPath } from './paths.js';

describe('parseWebHostArgs', () => {
  it('defaults to port 5180 and the per-user database', () => {
    expect(parseWebHostArgs([])).toEqual({ dbPath: defaultDbPath(), port: DEFAULT_PORT, help: false });
    expect(DEFAULT_PORT).toBe(5180);
  });

  it('reads --db and --port', () => {
    expect(parseWebHostArgs(['--db', '/tmp/x.db', '--port', '0'])).toEqual({ dbPath: '/tmp/x.db', port: 0, help: false });
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--port', '-1'], /--port/],
    [['--db', ''], /--db needs a file name/],
    [['--bogus'], /bogus/],
    [['positional'], /positional/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parseWebHostArgs(argv)).toThrow(message);
  });
});

describe('defaultDbPath', () => {
  it('follows each OS convention for per-user data', () => {
    expect(defaultDbPath('linux', {}, '/home/ann')).toBe('/home/ann/.local/share/segment-studio/segment-studio.db');
    expect(defaultDbPath('linux', { XDG_DATA_HOME: '/data' }, '/home/ann')).toBe('/data/segment-studio/segment-studio.db');
    expect(defaultDbPath('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/segment-studio/segment-studio.db');
    expect(defaultDbPath('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      path.join('C:\\Users\\ann\\AppData\\Roaming', 'segment-studio', 'segment-studio.db'),
    );
  });
});
