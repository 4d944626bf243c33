/**
 * The on-disk format of one columnar snapshot file (docs/performance.md, "Column snapshots"):
 *
 *   0  magic "SSCOLSNP" (8 bytes)
 *   8  format version (u32 LE)
 *  12  meta length in bytes (u32 LE)
 *  16  payload length in bytes (f64 LE, whole number)
 *  24  CRC-32 of the meta (u32 LE)
 *  28  reserved (u32, 0)
 *  32  meta: UTF-8 JSON (generation, row count, what the arrays are, the payload's block checksums),
 *      padded with spaces to 8 bytes
 *   …  payload: the typed arrays back to back, each starting on an 8-byte boundary
 *
 * The payload is checksummed per block of BLOCK bytes (CRC-32 each, in the meta), so a part of an array
 * can be read and checked without the rest (`decodeRanges`: a window of an interaction log). A file is
 * accepted whole only with the right magic and version, lengths that add up to the file size and every
 * checksum matching; a part only with the meta's and its blocks' checksums matching. Anything else
 * (torn, truncated, from another format) is refused with a reason.
 */
import zlib from 'node:zlib';

export const SNAPSHOT_MAGIC = 'SSCOLSNP';
/**
 * Bump when the layout or the meta's meaning changes: older files are then rebuilt, never misread.
 * 3 (session 10): arrays may be u8 / u16 — a column of small whole numbers or of codes into a small
 * dictionary is stored in 1 or 2 bytes a row instead of 8 or 4 (entitySnapshot.ts).
 */
export const SNAPSHOT_FORMAT = 3;
const HEADER = 32;
/** Bytes of payload per checksum (a ranged read reads whole blocks). */
export const BLOCK = 1 << 20;

/** One array of the payload, as stored. */
export type SnapshotArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** How each payload array is named and typed in the meta. */
interface ArrayEntry {
  name: string;
  type: 'f64' | 'i32' | 'u32' | 'u16' | 'u8';
  length: number;
}

const ELEMENT_BYTES: Record<ArrayEntry['type'], number> = { f64: 8, i32: 4, u32: 4, u16: 2, u8: 1 };

/** A decoded snapshot: its meta (JSON) and its arrays by name (views over one buffer, or per range read). */
export interface DecodedSnapshot<M> {
  meta: M;
  arrays: Map<string, SnapshotArray>;
}

/** A file that is not a whole, valid snapshot (the caller rebuilds from the database). */
export class SnapshotInvalid extends Error {}

const pad8 = (n: number): number => (n + 7) & ~7;

function typeOf(a: SnapshotArray): ArrayEntry['type'] {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint8Array) return 'u8';
  return 'u32';
}

/** CRC-32 over several parts (zlib's, native; Node ≥ 20.15 and every Electron we ship). */
function crcOf(parts: readonly Uint8Array[]): number {
  let crc = 0;
  for (const p of parts) crc = zlib.crc32(p, crc);
  return crc >>> 0;
}

/** CRC-32 of each BLOCK bytes of the parts taken as one byte string (the last block may be shorter). */
function blockCrcs(parts: readonly Uint8Array[]): number[] {
  const out: number[] = [];
  let crc = 0;
  let filled = 0;
  for (const p of parts) {
    for (let at = 0; at < p.byteLength;) {
      const take = Math.min(BLOCK - filled, p.byteLength - at);
      crc = zlib.crc32(p.subarray(at, at + take), crc);
      filled += take;
      at += take;
      if (filled === BLOCK) {
        out.push(crc >>> 0);
        crc = 0;
        filled = 0;
      }
    }
  }
  if (filled > 0) out.push(crc >>> 0);
  return out;
}

/**
 * The file's bytes as a list of buffers (header, meta, then each array's own memory: no copy of the
 * arrays). `meta` must be JSON-serialisable; `arrays` keep their order.
 */
export function encodeSnapshot(meta: object, arrays: Record<string, SnapshotArray>): Uint8Array[] {
  const entries: ArrayEntry[] = Object.entries(arrays).map(([name, a]) => ({ name, type: typeOf(a), length: a.length }));
  const body: Uint8Array[] = [];
  let payload = 0;
  for (const a of Object.values(arrays)) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    body.push(bytes);
    payload += a.byteLength;
    const gap = pad8(a.byteLength) - a.byteLength;
    if (gap > 0) {
      body.push(new Uint8Array(gap));
      payload += gap;
    }
  }
  const json = Buffer.from(JSON.stringify({ ...meta, arrays: entries, blocks: blockCrcs(body) }), 'utf8');
  const metaBuf = Buffer.alloc(pad8(json.length), 0x20);
  json.copy(metaBuf);
  const header = Buffer.alloc(HEADER);
  header.write(SNAPSHOT_MAGIC, 0, 'latin1');
  header.writeUInt32LE(SNAPSHOT_FORMAT, 8);
  header.writeUInt32LE(metaBuf.length, 12);
  header.writeDoubleLE(payload, 16);
  header.writeUInt32LE(crcOf([metaBuf]), 24);
  return [header, metaBuf, ...body];
}

/** The header's lengths and the checked, parsed meta; throws SnapshotInvalid. */
function readHead<M>(
  read: (pos: number, len: number) => Buffer,
  size: number,
): { meta: M & { arrays?: ArrayEntry[]; blocks?: number[] }; metaLen: number } {
  if (size < HEADER) throw new SnapshotInvalid(`truncated: ${size} bytes, shorter than the header`);
  const head = read(0, HEADER);
  if (head.length < HEADER) throw new SnapshotInvalid(`truncated: ${head.length} bytes, shorter than the header`);
  if (head.toString('latin1', 0, 8) !== SNAPSHOT_MAGIC) throw new SnapshotInvalid('not a snapshot file (bad magic)');
  const version = head.readUInt32LE(8);
  if (version !== SNAPSHOT_FORMAT) throw new SnapshotInvalid(`format version ${version}, expected ${SNAPSHOT_FORMAT}`);
  if (head.readUInt32LE(28) !== 0) throw new SnapshotInvalid('reserved header bytes are not zero');
  const metaLen = head.readUInt32LE(12);
  const payload = head.readDoubleLE(16);
  if (HEADER + metaLen + payload !== size)
    throw new SnapshotInvalid(`torn: header says ${HEADER + metaLen + payload} bytes, the file has ${size}`);
  const metaBuf = read(HEADER, metaLen);
  if (metaBuf.length !== metaLen || crcOf([metaBuf]) !== head.readUInt32LE(24)) throw new SnapshotInvalid('meta checksum mismatch');
  let meta: M & { arrays?: ArrayEntry[]; blocks?: number[] };
  try {
    meta = JSON.parse(metaBuf.toString('utf8')) as M & { arrays?: ArrayEntry[]; blocks?: number[] };
  } catch {
    throw new SnapshotInvalid('meta is not JSON');
  }
  const blocks = meta.blocks;
  if (!Array.isArray(blocks) || blocks.length !== Math.ceil(payload / BLOCK)) throw new SnapshotInvalid('bad block checksums');
  return { meta, metaLen };
}

/** Where each array starts (file offset), in the meta's order; throws when one runs past `size`. */
function layout(entries: readonly ArrayEntry[], metaLen: number, size: number): { e: ArrayEntry; at: number; el: number }[] {
  let at = HEADER + metaLen;
  return entries.map((e) => {
    const el = ELEMENT_BYTES[e.type];
    if (el === undefined) throw new SnapshotInvalid(`array ${e.name} has an unknown type`);
    if (!Number.isInteger(e.length) || e.length < 0 || at + e.length * el > size)
      throw new SnapshotInvalid(`array ${e.name} runs past the end`);
    const out = { e, at, el };
    at += pad8(e.length * el);
    return out;
  });
}

function view(type: ArrayEntry['type'], ab: ArrayBufferLike, byteOffset: number, length: number): SnapshotArray {
  switch (type) {
    case 'f64':
      return new Float64Array(ab, byteOffset, length);
    case 'i32':
      return new Int32Array(ab, byteOffset, length);
    case 'u16':
      return new Uint16Array(ab, byteOffset, length);
    case 'u8':
      return new Uint8Array(ab, byteOffset, length);
    default:
      return new Uint32Array(ab, byteOffset, length);
  }
}

/**
 * Decodes a whole file read into `buf` (one sequential read). The arrays are views over `buf` when it
 * is 8-byte aligned (Buffer pools are not always), else over one aligned copy.
 */
export function decodeSnapshot<M>(buf: Buffer): DecodedSnapshot<M> {
  const { meta, metaLen } = readHead<M>((pos, len) => buf.subarray(pos, pos + len), buf.length);
  const blocks = meta.blocks ?? [];
  const start = HEADER + metaLen;
  for (let b = 0; b < blocks.length; b++) {
    if (zlib.crc32(buf.subarray(start + b * BLOCK, Math.min(buf.length, start + (b + 1) * BLOCK))) >>> 0 !== blocks[b])
      throw new SnapshotInvalid(`checksum mismatch in block ${b}`);
  }
  const placed = layout(meta.arrays ?? [], metaLen, buf.length);
  let aligned = buf;
  if (buf.byteOffset % 8 !== 0) {
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    aligned = Buffer.from(copy.buffer);
  }
  const arrays = new Map<string, SnapshotArray>();
  for (const { e, at } of placed) arrays.set(e.name, view(e.type, aligned.buffer, aligned.byteOffset + at, e.length));
  delete meta.arrays;
  delete meta.blocks;
  return { meta, arrays };
}

/**
 * Parts of a file without reading the rest: `read(pos, len)` reads bytes of the file, whose size is
 * `size`; `pick` gets the checked meta and the arrays' lengths and names the element range [from, to)
 * of each array wanted (or null: nothing, the caller reads otherwise). Only the blocks holding those
 * ranges are read, each checked against its checksum; the arrays returned are exactly the ranges.
 */
export function decodeRanges<M>(
  read: (pos: number, len: number) => Buffer,
  size: number,
  pick: (meta: M, lengths: ReadonlyMap<string, number>) => Record<string, [number, number]> | null,
): DecodedSnapshot<M> | null {
  const { meta, metaLen } = readHead<M>(read, size);
  const placed = layout(meta.arrays ?? [], metaLen, size);
  const blocks = meta.blocks ?? [];
  delete meta.arrays;
  delete meta.blocks;
  const wanted = pick(meta, new Map(placed.map((p) => [p.e.name, p.e.length])));
  if (!wanted) return null;
  const start = HEADER + metaLen;
  const arrays = new Map<string, SnapshotArray>();
  for (const [name, [from, to]] of Object.entries(wanted)) {
    const p = placed.find((x) => x.e.name === name);
    if (!p || !(from >= 0 && from <= to && to <= p.e.length)) throw new RangeError(`no range [${from}, ${to}) of array ${name}`);
    if (from === to) {
      arrays.set(name, view(p.e.type, new ArrayBuffer(0), 0, 0));
      continue;
    }
    const lo = p.at + from * p.el;
    const hi = p.at + to * p.el;
    const b0 = Math.floor((lo - start) / BLOCK);
    const b1 = Math.ceil((hi - start) / BLOCK);
    const first = start + b0 * BLOCK;
    const bytes = read(first, Math.min(size, start + b1 * BLOCK) - first);
    for (let b = b0; b < b1; b++) {
      const part = bytes.subarray((b - b0) * BLOCK, (b - b0 + 1) * BLOCK);
      if (zlib.crc32(part) >>> 0 !== blocks[b]) throw new SnapshotInvalid(`checksum mismatch in block ${b}`);
    }
    // `read` gives 8-byte aligned buffers of its own (SnapshotStore: allocUnsafeSlow), else copy once.
    const own = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
    arrays.set(name, view(p.e.type, own.buffer, own.byteOffset + (lo - first), to - from));
  }
  return { meta, arrays };
}

/**
 * The meta of a file from its header and meta alone (`read(pos, len)` reads bytes of the file, whose
 * size is `size`): null when the magic, version, lengths or the meta's checksum do not hold. The
 * payload's checksums are not checked (that needs the whole file): a caller that then uses the file
 * decodes it with `decodeSnapshot` or `decodeRanges`.
 */
export function peekSnapshotMeta<M>(read: (pos: number, len: number) => Buffer, size: number): M | null {
  try {
    const { meta } = readHead<M>(read, size);
    delete meta.arrays;
    delete meta.blocks;
    return meta;
  } catch (err) {
    if (err instanceof SnapshotInvalid) return null;
    throw err;
  }
}
