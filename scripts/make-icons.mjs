// Draws the app icon and the `.segment.json` document icon from the shapes below (this file is their
// source) and writes them under resources/:
//   icon.png              1024² app icon; electron-builder derives the .ico / .icns / Linux sizes from it
//   segment-file.png      1024² document icon (for docs and Linux)
//   segment-file.ico      16…256 px, PNG-compressed entries (Windows file association)
//   segment-file.icns     128…1024 px PNG entries (macOS file association)
//   linux/segment-file-256.png   the same for Linux's icon theme (the deb installs it as the MIME type's icon)
// Run `node scripts/make-icons.mjs [outDir]`; the output is deterministic, and
// test/package/icons.test.ts checks that the committed files are what this script draws.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const BLUE_TOP = [37, 99, 235];
const BLUE_BOTTOM = [30, 58, 138];
const WHITE = [255, 255, 255];
const ORANGE = [249, 115, 22];
const PAPER = [248, 250, 252];
const FOLD = [203, 213, 225];
const EDGE = [100, 116, 139];

/** Signed distance from (x, y) to a rounded rectangle centred at (cx, cy); negative inside. */
function roundedRect(x, y, cx, cy, halfW, halfH, r) {
  const qx = Math.abs(x - cx) - (halfW - r);
  const qy = Math.abs(y - cy) - (halfH - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Angle of (x, y) around (cx, cy), clockwise from 12 o'clock, in [0, 2π). */
function clockAngle(x, y, cx, cy) {
  const a = Math.atan2(x - cx, -(y - cy));
  return a < 0 ? a + 2 * Math.PI : a;
}

/**
 * The segment motif in the unit square: a ring (the whole audience) with one wedge pulled out and
 * coloured (the segment). Returns a colour or null where the motif leaves the background.
 */
function motif(u, v) {
  const d = Math.hypot(u - 0.5, v - 0.5);
  const a = clockAngle(u, v, 0.5, 0.5);
  const wedge = a > 0.35 * Math.PI && a < 0.85 * Math.PI;
  if (wedge) {
    // The wedge sits a little outward, along its middle angle.
    const mid = 0.6 * Math.PI;
    const du = u - 0.045 * Math.sin(mid);
    const dv = v + 0.045 * Math.cos(mid);
    const dd = Math.hypot(du - 0.5, dv - 0.5);
    const da = clockAngle(du, dv, 0.5, 0.5);
    if (dd < 0.4 && da > 0.37 * Math.PI && da < 0.83 * Math.PI) return ORANGE;
    return null;
  }
  if (d < 0.4 && d > 0.19) return WHITE;
  return null;
}

/** App icon: the motif on a blue rounded square with a transparent margin (macOS grid). */
function appIcon(u, v) {
  if (roundedRect(u, v, 0.5, 0.5, 0.41, 0.41, 0.09) > 0) return null;
  const m = motif((u - 0.5) / 0.72 + 0.5, (v - 0.5) / 0.72 + 0.5);
  if (m) return m;
  const t = (v - 0.09) / 0.82;
  return BLUE_TOP.map((c, i) => Math.round(c + (BLUE_BOTTOM[i] - c) * t));
}

/** Document icon: a page with a folded corner and the motif in blue and orange. */
function documentIcon(u, v) {
  const left = 0.2;
  const right = 0.8;
  const top = 0.08;
  const bottom = 0.92;
  const fold = 0.17;
  if (u < left || u > right || v < top || v > bottom) return null;
  // The folded corner: above the diagonal it is cut away, just below it is the flap.
  const cornerDist = u - (right - fold) - (v - top);
  if (cornerDist > 0) return null;
  if (u > right - fold && v < top + fold && cornerDist > -0.02) return FOLD;
  const edge = Math.min(u - left, right - u, v - top, bottom - v);
  if (edge < 0.012) return EDGE;
  const m = motif((u - 0.5) / 0.5 + 0.5, (v - 0.56) / 0.5 + 0.5);
  if (m === WHITE) return BLUE_TOP;
  if (m) return m;
  return PAPER;
}

/** Renders `shape` at `size`² with 4×4 supersampling (so small sizes stay smooth). */
function render(shape, size) {
  const png = new PNG({ width: size, height: size });
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = shape((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          covered++;
        }
      }
      const o = (y * size + x) * 4;
      if (covered > 0) {
        png.data[o] = Math.round(r / covered);
        png.data[o + 1] = Math.round(g / covered);
        png.data[o + 2] = Math.round(b / covered);
      }
      png.data[o + 3] = Math.round((255 * covered) / (S * S));
    }
  }
  return PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
}

/** A Windows .ico holding PNG images (Vista and later read PNG entries at every size). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

/** A macOS .icns of PNG chunks (ic07 128, ic08 256, ic09 512, ic10 1024 = 512@2x). */
function icns(images) {
  const TYPES = { 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const chunks = images.map(({ size, data }) => {
    const head = Buffer.alloc(8);
    head.write(TYPES[size], 0, 'ascii');
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

/** Every icon file this script makes, by file name. */
export function makeIcons() {
  // Each document size is drawn once (the 256 and 1024 px images are in two files each).
  const drawn = new Map();
  const doc = (size) => {
    if (!drawn.has(size)) drawn.set(size, render(documentIcon, size));
    return { size, data: drawn.get(size) };
  };
  return {
    'icon.png': render(appIcon, 1024),
    'segment-file.png': doc(1024).data,
    'segment-file.ico': ico([16, 24, 32, 48, 64, 256].map(doc)),
    'segment-file.icns': icns([128, 256, 512, 1024].map(doc)),
    'linux/segment-file-256.png': doc(256).data,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? path.join(root, 'resources'));
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, data] of Object.entries(makeIcons())) {
    fs.mkdirSync(path.dirname(path.join(outDir, name)), { recursive: true });
    fs.writeFileSync(path.join(outDir, name), data);
    console.log(`make-icons: ${path.relative(root, path.join(outDir, name))} (${data.length} bytes)`);
  }
}
