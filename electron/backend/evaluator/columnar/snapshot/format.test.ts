/** The snapshot file format: a whole file decodes to what was written; anything torn or altered is refused. */
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, SnapshotInvalid } from './format.js';

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
