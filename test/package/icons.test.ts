// The committed icons are exactly what scripts/make-icons.mjs draws (so the source and the files cannot
// drift apart), and they have the sizes electron-builder and the OSes expect.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const RESOURCES = path.join(ROOT, 'resources');
let drawn: Record<string, Buffer>;

beforeAll(async () => {
  const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts/make-icons.mjs')).href)) as { makeIcons(): Record<string, Buffer> };
  drawn = mod.makeIcons();
}, 60_000);

/** Width and height of each image in a PNG-entry .ico. */
function icoSizes(buf: Buffer): number[] {
  expect(buf.readUInt16LE(2)).toBe(1);
  const sizes: number[] = [];
  for (let i = 0; i < buf.readUInt16LE(4); i++) {
    const offset = buf.readUInt32LE(6 + 16 * i + 12);
    const length = buf.readUInt32LE(6 + 16 * i + 8);
    const png = PNG.sync.read(buf.subarray(offset, offset + length));
    sizes.push(png.width);
  }
  return sizes;
}

/** Chunk types and PNG widths of an .icns. */
function icnsChunks(buf: Buffer): [string, number][] {
  expect(buf.toString('ascii', 0, 4)).toBe('icns');
  expect(buf.readUInt32BE(4)).toBe(buf.length);
  const chunks: [string, number][] = [];
  for (let at = 8; at < buf.length;) {
    const length = buf.readUInt32BE(at + 4);
    chunks.push([buf.toString('ascii', at, at + 4), PNG.sync.read(buf.subarray(at + 8, at + length)).width]);
    at += length;
  }
  return chunks;
}

describe('icons', () => {
  it('resources/ holds what scripts/make-icons.mjs draws, byte for byte', () => {
    expect(Object.keys(drawn).sort()).toEqual([
      'icon.png',
      'linux/segment-file-256.png',
      'segment-file.icns',
      'segment-file.ico',
      'segment-file.png',
    ]);
    for (const [name, data] of Object.entries(drawn)) {
      const committed = fs.readFileSync(path.join(RESOURCES, name));
      expect(committed.equals(data), `${name} differs: run node scripts/make-icons.mjs`).toBe(true);
    }
  });

  it('the app icon is a 1024² RGBA PNG with transparent corners and an opaque middle', () => {
    const png = PNG.sync.read(fs.readFileSync(path.join(RESOURCES, 'icon.png')));
    expect([png.width, png.height]).toEqual([1024, 1024]);
    const alpha = (x: number, y: number) => png.data[(y * png.width + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(512, 900)).toBe(255);
  });

  it('the segment file icon comes as .ico (16–256 px) and .icns (128–1024 px)', () => {
    expect(icoSizes(fs.readFileSync(path.join(RESOURCES, 'segment-file.ico')))).toEqual([16, 24, 32, 48, 64, 256]);
    expect(icnsChunks(fs.readFileSync(path.join(RESOURCES, 'segment-file.icns')))).toEqual([
      ['ic07', 128],
      ['ic08', 256],
      ['ic09', 512],
      ['ic10', 1024],
    ]);
  });
});
