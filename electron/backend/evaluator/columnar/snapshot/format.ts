/**
 * The on-disk format of one columnar snapshot file (docs/performance.md, "Column snapshots"):
 *
 *   0  magic "SSCOLSNP" (8 bytes)
 *   8  format version (u32 LE)
 *  12  meta length in bytes (u32 LE)
 *  16  payload length in bytes (f64 LE, whole number)
 *  24  CRC-32 of meta + payload (u32 LE)
 *  28  reserved (u32, 0)
 *  32  meta: UTF-8 JSON (generation, row count, what the arrays are), padded with spaces to 8 bytes
 *   …  payload: the typed arrays back to back, each starting on an 8-byte boundary
 *
 * A file is accepted only whole: right magic and version, lengths that add up to the file size, and a
 * matching checksum. Anything else (torn, truncated, from another format) is refused with a reason.
 */
import zlib from 'node:zlib';

export const SNAPSHOT_MAGIC = 'SSCOLSNP';
/** Bump when the layout or the meta's meaning changes: older files are then rebuilt, never misread. */
export const SNAPSHOT_FORMAT = 1;
const HEADER = 32;

/** One array of the payload, as stored. */
export type SnapshotArray = Float64Array | Int32Array | Uint32Array;

/** How each payload array is named and typed in the meta. */
interface ArrayEntry {
  name: string;
  type: 'f64' | 'i32' | 'u32';
  length: number;
}

/** A decoded snapshot: its meta (JSON) and its arrays by name (views over one buffer). */
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
  return 'u32';
}

/** CRC-32 over several parts (zlib's, native; Node ≥ 20.15 and every Electron we ship). */
function crcOf(parts: readonly Uint8Array[]): number {
  let crc = 0;
  for (const p of parts) crc = zlib.crc32(p, crc);
  return crc >>> 0;
}

/**
 * The file's bytes as a list of buffers (header, meta, then each array's own memory: no copy of the
 * arrays). `meta` must be JSON-serialisable; `arrays` keep their order.
 */
export function encodeSnapshot(meta: object, arrays: Record<string, SnapshotArray>): Uint8Array[] {
  const entries: ArrayEntry[] = Object.entries(arrays).map(([name, a]) => ({ name, type: typeOf(a), length: a.length }));
  const json = Buffer.from(JSON.stringify({ ...meta, arrays: entries }), 'utf8');
  const metaBuf = Buffer.alloc(pad8(json.length), 0x20);
  json.copy(metaBuf);
  const body: Uint8Array[] = [metaBuf];
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
  const header = Buffer.alloc(HEADER);
  header.write(SNAPSHOT_MAGIC, 0, 'latin1');
  header.writeUInt32LE(SNAPSHOT_FORMAT, 8);
  header.writeUInt32LE(metaBuf.length, 12);
  header.writeDoubleLE(payload, 16);
  header.writeUInt32LE(crcOf(body), 24);
  return [header, ...body];
}

/**
 * Decodes a whole file read into `buf` (one sequential read). The arrays are views over `buf` when it
 * is 8-byte aligned (Buffer pools are not always), else over one aligned copy.
 */
export function decodeSnapshot<M>(buf: Buffer): DecodedSnapshot<M> {
  if (buf.length < HEADER) throw new SnapshotInvalid(`truncated: ${buf.length} bytes, shorter than the header`);
  if (buf.toString('latin1', 0, 8) !== SNAPSHOT_MAGIC) throw new SnapshotInvalid('not a snapshot file (bad magic)');
  const version = buf.readUInt32LE(8);
  if (version !== SNAPSHOT_FORMAT) throw new SnapshotInvalid(`format version ${version}, expected ${SNAPSHOT_FORMAT}`);
  if (buf.readUInt32LE(28) !== 0) throw new SnapshotInvalid('reserved header bytes are not zero');
  const metaLen = buf.readUInt32LE(12);
  const payload = buf.readDoubleLE(16);
  if (HEADER + metaLen + payload !== buf.length)
    throw new SnapshotInvalid(`torn: header says ${HEADER + metaLen + payload} bytes, the file has ${buf.length}`);
  const body = buf.subarray(HEADER);
  if (crcOf([body]) !== buf.readUInt32LE(24)) throw new SnapshotInvalid('checksum mismatch');
  let parsed: M & { arrays?: ArrayEntry[] };
  try {
    parsed = JSON.parse(buf.toString('utf8', HEADER, HEADER + metaLen)) as M & { arrays?: ArrayEntry[] };
  } catch {
    throw new SnapshotInvalid('meta is not JSON');
  }
  const entries = parsed.arrays ?? [];
  let aligned = buf;
  if (buf.byteOffset % 8 !== 0) {
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    aligned = Buffer.from(copy.buffer);
  }
  const base = aligned.byteOffset;
  let at = HEADER + metaLen;
  const arrays = new Map<string, SnapshotArray>();
  for (const e of entries) {
    const bytes = e.length * (e.type === 'f64' ? 8 : 4);
    if (at + bytes > buf.length) throw new SnapshotInvalid(`array ${e.name} runs past the end`);
    const ab = aligned.buffer;
    const a =
      e.type === 'f64'
        ? new Float64Array(ab, base + at, e.length)
        : e.type === 'i32'
          ? new Int32Array(ab, base + at, e.length)
          : new Uint32Array(ab, base + at, e.length);
    arrays.set(e.name, a);
    at += pad8(bytes);
  }
  delete parsed.arrays;
  return { meta: parsed, arrays };
}

/**
 * The meta of a file from its header and meta alone (`read(pos, len)` reads bytes of the file, whose
 * size is `size`): null when the magic, version or lengths do not add up. The checksum is not checked
 * (that needs the whole file): a caller that then uses the file decodes it with `decodeSnapshot`.
 */
export function peekSnapshotMeta<M>(read: (pos: number, len: number) => Buffer, size: number): M | null {
  if (size < HEADER) return null;
  const head = read(0, HEADER);
  if (head.length < HEADER || head.toString('latin1', 0, 8) !== SNAPSHOT_MAGIC || head.readUInt32LE(8) !== SNAPSHOT_FORMAT) return null;
  const metaLen = head.readUInt32LE(12);
  if (HEADER + metaLen + head.readDoubleLE(16) !== size) return null;
  try {
    const meta = JSON.parse(read(HEADER, metaLen).toString('utf8')) as M & { arrays?: unknown };
    delete meta.arrays;
    return meta;
  } catch {
    return null;
  }
}
