/** The contact key index answers every lookup exactly as a Map of the same keys would. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { KeyIndex } from './keyIndex.js';

/** Keys of the shapes that matter: prefix + number (dense or sparse), leading zeros, bare numbers, odd text. */
const keyArb = fc.oneof(
  fc.tuple(fc.constantFrom('C', 'A', 'CUST-', ''), fc.integer({ min: 0, max: 300 })).map(([p, n]) => `${p}${n}`),
  fc.tuple(fc.constantFrom('C', 'X'), fc.integer({ min: 0, max: 2 ** 40 })).map(([p, n]) => `${p}${n}`),
  fc.tuple(fc.constantFrom('C', ''), fc.integer({ min: 0, max: 300 })).map(([p, n]) => `${p}0${n}`),
  fc.constantFrom('C', '', '0', '00', 'C 1', ' C1', 'C1 ', '1C', 'C-1', 'C1.5', 'C１', 'C1234567890123456789'),
  fc.string({ maxLength: 6 }),
);

const lookups = (keys: string[], extra: string[]): string[] => [
  ...keys,
  ...extra,
  ...keys.flatMap((k) => [`${k}0`, `0${k}`, k.slice(0, -1), `${k} `]),
];

describe('KeyIndex', () => {
  it('answers like a Map for keys present and absent', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { maxLength: 60 }), fc.array(keyArb, { maxLength: 30 }), (keys, extra) => {
        const map = new Map(keys.map((k, i) => [k, i + 1] as const));
        const index = new KeyIndex(map);
        for (const k of lookups(keys, extra)) expect(index.get(k), JSON.stringify(k)).toBe(map.get(k));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a dense prefix in an array and still finds a sparse one, many prefixes and rid 0', () => {
    const pairs: [string, number][] = [];
    for (let i = 1; i <= 5000; i++) pairs.push([`C${i}`, i * 3]);
    // Sparse: 10 keys spread over 10^12 numbers (a map, not an array of that span).
    for (let i = 0; i < 10; i++) pairs.push([`S${i * 1e11 + 7}`, 100000 + i]);
    for (let p = 0; p < 12; p++) pairs.push([`P${String.fromCharCode(65 + p)}${p + 1}`, 200000 + p]);
    pairs.push(['Z0', 0]);
    const map = new Map(pairs);
    const index = new KeyIndex(pairs);
    const probe = [...map.keys(), 'C0', 'C5001', 'C-1', 'S7', 'S100000000007', 'S100000000008', 'PA2', 'Z', 'Z00'];
    for (const k of probe) expect(index.get(k), k).toBe(map.get(k));
    // The same key twice in a row (the remembered answer), then another, then back.
    expect([index.get('C10'), index.get('C10'), index.get('C11'), index.get('C10'), index.get('nope'), index.get('nope')]).toEqual([
      30,
      30,
      33,
      30,
      undefined,
      undefined,
    ]);
  });

  it('loads every key of a real table', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE ent_contact (rid INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL)');
    const ins = db.prepare('INSERT INTO ent_contact (key) VALUES (?)');
    for (const k of ['C1', 'C2', 'C10', 'x@example.com', 'C007']) ins.run(k);
    const index = KeyIndex.load(db, 'ent_contact');
    expect(['C1', 'C2', 'C10', 'x@example.com', 'C007', 'C7', 'C3'].map((k) => index.get(k))).toEqual([
      1,
      2,
      3,
      4,
      5,
      undefined,
      undefined,
    ]);
    db.close();
  });
});
