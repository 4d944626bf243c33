/**
 * A dictionary of NULL + texts packed for a column file (entitySnapshot.ts): unpacked it is the same
 * values in the same order — Latin-1, any Unicode, lone surrogates, empty texts — and parts that do not
 * fit together are refused (the column is then read from the table). Through the file format too.
 */
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from './format.js';
import { packDict, unpackDict } from './entitySnapshot.js';

const roundTrip = (dict: [null, ...string[]]): unknown => {
  const p = packDict(dict);
  const file = decodeSnapshot<{ dictText: typeof p.meta }>(
    Buffer.concat(encodeSnapshot({ dictText: p.meta }, { dictText: p.text, dictEnds: p.ends })),
  );
  return unpackDict(file.meta.dictText, file.arrays.get('dictText'), file.arrays.get('dictEnds'));
};

describe('packed dictionaries', () => {
  it('round-trips Latin-1 texts in one byte per character', () => {
    const dict: [null, ...string[]] = [null, 'Paris', '', 'Zürich', 'C0000001', 'a b'];
    expect(packDict(dict).meta).toEqual({ encoding: 'latin1', bytes: 22, count: 5 });
    expect(roundTrip(dict)).toEqual(dict);
  });

  it('round-trips any Unicode, including lone surrogates, as UTF-16', () => {
    const dict: [null, ...string[]] = [null, 'Łódź', '東京', '😀', 'x\ud800y', '\udfff', ''];
    expect(packDict(dict).meta.encoding).toBe('utf16le');
    expect(roundTrip(dict)).toEqual(dict);
  });

  it('round-trips a dictionary of NULL alone and a large one', () => {
    expect(roundTrip([null])).toEqual([null]);
    const big: [null, ...string[]] = [null, ...Array.from({ length: 100_000 }, (_, i) => `C${String(i).padStart(7, '0')}`)];
    expect(roundTrip(big)).toEqual(big);
  });

  it('refuses parts that do not fit together', () => {
    const p = packDict([null, 'ab', 'cd']);
    expect(unpackDict(p.meta, p.text, p.ends)).toEqual([null, 'ab', 'cd']);
    expect(unpackDict({ ...p.meta, count: 3 }, p.text, p.ends)).toBeNull();
    expect(unpackDict({ ...p.meta, bytes: 99 }, p.text, p.ends)).toBeNull();
    expect(unpackDict(p.meta, p.text, Uint32Array.from([2, 1]))).toBeNull();
    expect(unpackDict(p.meta, p.text, Uint32Array.from([1, 3]))).toBeNull();
    expect(unpackDict(p.meta, p.text, Int32Array.from([2, 4]))).toBeNull();
    expect(unpackDict(undefined, p.text, p.ends)).toBeNull();
  });
});
