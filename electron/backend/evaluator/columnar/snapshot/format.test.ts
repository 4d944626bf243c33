/** The snapshot file format: a whole file decodes to what was written; anything torn or altered is refused. */
import { describe, expect, it } from 'vitest';
import { BLOCK, decodeRanges, decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT, SnapshotInvalid } from './format.js';

const whole = (parts: Uint8Array[]): Buffer => Buffer.concat(parts);

function sample(): Buffer {
  return whole(
    encodeSnapshot(
      { gen: '-42', maxId: 7, dict: [null, 'Paris', 3] },
      { ts: Float64Array.from([1, 2.5, NaN]), contact: Int32Array.from([5, -1, 9]), bits: Uint32Array.from([0xffffffff]) },
    ),
  );
}

describe('snapshot format', () => {
  it('round-trips meta and arrays (NaN, odd lengths, 8-byte alignment)', () => {
    const { meta, arrays } = decodeSnapshot<{ gen: string; maxId: number; dict: unknown[] }>(sample());
    expect(meta).toEqual({ gen: '-42', maxId: 7, dict: [null, 'Paris', 3] });
    expect(Array.from(arrays.get('ts') ?? [])).toEqual([1, 2.5, NaN]);
    expect(Array.from(arrays.get('contact') ?? [])).toEqual([5, -1, 9]);
    expect(Array.from(arrays.get('bits') ?? [])).toEqual([0xffffffff]);
  });

  it('decodes from an unaligned buffer (a copy is made)', () => {
    const buf = sample();
    const shifted = Buffer.alloc(buf.length + 3);
    buf.copy(shifted, 3);
    const { arrays } = decodeSnapshot(shifted.subarray(3));
    expect(Array.from(arrays.get('contact') ?? [])).toEqual([5, -1, 9]);
  });

  it('refuses a truncated file at every length', () => {
    const buf = sample();
    for (let n = 0; n < buf.length; n++) expect(() => decodeSnapshot(buf.subarray(0, n))).toThrow(SnapshotInvalid);
  });

  it('refuses a file with any single byte changed after the header', () => {
    const buf = sample();
    for (let i = 24; i < buf.length; i++) {
      const bad = Buffer.from(buf);
      bad[i] = bad[i]! ^ 0x01;
      expect(() => decodeSnapshot(bad), `byte ${i}`).toThrow(SnapshotInvalid);
    }
  });

  it('refuses another magic or format version, saying which', () => {
    const buf = sample();
    const magic = Buffer.from(buf);
    magic[0] = 0x58;
    expect(() => decodeSnapshot(magic)).toThrow(/bad magic/);
    const version = Buffer.from(buf);
    version.writeUInt32LE(99, 8);
    expect(() => decodeSnapshot(version)).toThrow(/format version 99/);
  });
});

describe('snapshot format: ranges of arrays (block checksums)', () => {
  // 300k f64 + 300k i32: 3.6 MB, four blocks; `a` ends inside block 2, `b` spans blocks 2–3.
  const n = 300_000;
  const a = Float64Array.from({ length: n }, (_, i) => i * 1.5);
  const b = Int32Array.from({ length: n }, (_, i) => n - i);
  const file = whole(encodeSnapshot({ kind: 'big' }, { a, b }));
  /** Reads from `buf`, recording which bytes were asked for. */
  const reader =
    (buf: Buffer, asked: [number, number][] = []) =>
    (pos: number, len: number): Buffer => {
      asked.push([pos, pos + len]);
      return Buffer.from(buf.subarray(pos, pos + len));
    };

  it('gives exactly the ranges asked for, reading only the header, the meta and their blocks', () => {
    const asked: [number, number][] = [];
    const out = decodeRanges<{ kind: string }>(reader(file, asked), file.length, (meta, lengths) => {
      expect(meta).toEqual({ kind: 'big' });
      expect([...lengths]).toEqual([
        ['a', n],
        ['b', n],
      ]);
      return { a: [n - 1000, n], b: [250_000, 250_010] };
    });
    expect(Array.from(out?.arrays.get('a') ?? [])).toEqual(Array.from(a.subarray(n - 1000)));
    expect(Array.from(out?.arrays.get('b') ?? [])).toEqual(Array.from(b.subarray(250_000, 250_010)));
    const payloadRead = asked.slice(2).reduce((s, [from, to]) => s + to - from, 0);
    expect(payloadRead).toBeLessThanOrEqual(2 * BLOCK);
    expect(payloadRead).toBeLessThan(file.length / 2);
  });

  it('an empty range and "nothing wanted" read no payload', () => {
    const asked: [number, number][] = [];
    expect(decodeRanges(reader(file, asked), file.length, () => null)).toBeNull();
    const out = decodeRanges(reader(file, asked), file.length, () => ({ a: [5, 5] }));
    expect(out?.arrays.get('a')?.length).toBe(0);
    expect(asked.every(([from, to]) => to - from < BLOCK)).toBe(true);
  });

  it('refuses a range whose block has a byte changed; a change in a block not read is found by a whole decode', () => {
    const lastByte = Buffer.from(file);
    lastByte[lastByte.length - 1] = lastByte[lastByte.length - 1]! ^ 0x01;
    expect(() => decodeRanges(reader(lastByte), lastByte.length, () => ({ b: [n - 10, n] }))).toThrow(/checksum mismatch in block 3/);
    const early = decodeRanges(reader(lastByte), lastByte.length, () => ({ a: [0, 10] }));
    expect(Array.from(early?.arrays.get('a') ?? [])).toEqual(Array.from(a.subarray(0, 10)));
    expect(() => decodeSnapshot(lastByte)).toThrow(/checksum mismatch in block 3/);
  });

  it('refuses a changed meta, a torn file and an older format before reading any payload', () => {
    const meta = Buffer.from(file);
    meta[40] = meta[40]! ^ 0x01;
    expect(() => decodeRanges(reader(meta), meta.length, () => ({ a: [0, 1] }))).toThrow(/meta checksum mismatch/);
    expect(() => decodeRanges(reader(file), file.length - 1, () => ({ a: [0, 1] }))).toThrow(/^torn/);
    const v1 = Buffer.from(file);
    v1.writeUInt32LE(1, 8);
    expect(() => decodeRanges(reader(v1), v1.length, () => ({ a: [0, 1] }))).toThrow(`format version 1, expected ${SNAPSHOT_FORMAT}`);
    expect(() => decodeSnapshot(v1)).toThrow(`format version 1, expected ${SNAPSHOT_FORMAT}`);
  });

  it('a range outside an array is the caller’s mistake, not a bad file', () => {
    expect(() => decodeRanges(reader(file), file.length, () => ({ a: [0, n + 1] }))).toThrow(RangeError);
    expect(() => decodeRanges(reader(file), file.length, () => ({ c: [0, 1] }))).toThrow(RangeError);
  });
});
