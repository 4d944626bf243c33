/**
 * The worker's member search (evaluator/columnar/memberSearch.ts) gives exactly the members the general
 * evaluation of its definition gives ("segment ∩ (key contains text OR name contains text)",
 * evaluateColumnar.ts — what the worker answered searches with before) and what the folded LIKE means:
 * random names and keys with accents, case, ligatures, LIKE wildcards, the folded text's separator and
 * NULL; random stored members (also rids that are no contact); random terms, blank-padded ones too. Then
 * names are edited on the writing connection and the cache patched (the dictionary grows: its folded
 * text is extended), and contacts are added, and both must still agree. Real SQLite file, two
 * connections (the app's writer and the worker's cache), as in the app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldText, normText } from '../../shared/segments/fold.js';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { deleteStoredMembers, putMemberChunk } from '../../electron/backend/db/memberStore.js';
import { bitsToArray } from '../../electron/backend/evaluator/columnar/bitset.js';
import { ColumnarEngine } from '../../electron/backend/evaluator/columnar/engine.js';
import { evaluateColumnar } from '../../electron/backend/evaluator/columnar/evaluateColumnar.js';
import { foldingColumn } from '../../electron/backend/evaluator/columnar/foldedDict.js';
import { memberSearchDefinition, searchSegmentMembers } from '../../electron/backend/evaluator/columnar/memberSearch.js';
import { compileBlocks } from '../../electron/backend/segments/compile.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { insertRecord, loadDataset, setField } from './liveFixture.js';

const SEG = 'seg-search';
const FIELDS = ['contactid', 'fullname'];
const CTX = { now: 0, timeZone: 'UTC' };

let dir: string;
let main: Db;
let worker: Db;
let engine: ColumnarEngine;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-member-search-columnar-'));
  const file = path.join(dir, 'app.db');
  main = openDatabase(file);
  loadDataset(main, { catalog: fixtureCatalog(), entities: {}, interactions: [], segmentMembers: {} });
  worker = openDatabase(file, { skipMigrations: true });
  engine = new ColumnarEngine(worker);
});

afterAll(() => {
  worker.close();
  main.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const piece = fc.constantFrom('a', 'A', 'é', 'E', 'ß', 'ss', 'Ö', 'o', 'ﬁ', 'fi', 'İ', 'i', '%', '_', ' ', '\u0000', 'Zoë', 'smith', 'x');
const text = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));
const name = fc.oneof(text, fc.constant(null));
const term = fc.oneof(
  text,
  text.map((t) => ` ${t} `),
  fc.constantFrom('a', 'ss', 'SMITH', 'zoe', 'c1', '%', '_'),
);

/** The search three ways: the worker's search, the general evaluation, and the folded LIKE's meaning. */
function agree(search: string, contacts: Map<number, { key: string; name: string | null }>, members: Set<number>): void {
  engine.beginJob();
  const spec = { segmentId: SEG, fields: FIELDS, text: search };
  const got = Array.from(searchSegmentMembers(engine, spec) ?? [-1]);
  const def = memberSearchDefinition(spec);
  const general = bitsToArray(evaluateColumnar(worker, engine, def, CTX, compileBlocks(def, engine.storage, CTX)).members);
  const needle = normText(search);
  const meant = [...members]
    .filter((rid) => {
      const c = contacts.get(rid);
      return c !== undefined && (foldText(c.key).includes(needle) || (c.name !== null && foldText(c.name).includes(needle)));
    })
    .sort((a, b) => a - b);
  expect(got).toEqual(general);
  expect(got).toEqual(meant);
}

describe('member search on the columnar cache', () => {
  it('equals the general evaluation and the folded LIKE, before and after edits and new contacts', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: text, name, member: fc.boolean() }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 5 }),
        fc.array(term, { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ at: fc.nat(), name }), { maxLength: 6 }),
        fc.boolean(),
        (rows, strangers, terms, edits, prewarm) => {
          run++;
          // A fresh table and segment per case; the engine forgets everything it held.
          main.exec('DELETE FROM ent_contact');
          deleteStoredMembers(main, SEG);
          engine.clear();
          const contacts = new Map<number, { key: string; name: string | null }>();
          rows.forEach((r, i) => {
            const rid = i + 1;
            const key = `${r.key}c${run}-${rid}`;
            insertRecord(main, 'contact', rid, key, { contactid: key, fullname: r.name });
            contacts.set(rid, { key, name: r.name });
          });
          // Stored members: some contacts and some rids that are no contact (never found; within the
          // columns' capacity, where a row that was never written has code 0).
          const members = new Set([...rows.flatMap((r, i) => (r.member ? [i + 1] : [])), ...strangers.map((s) => rows.length + 2 + s)]);
          const byChunk = new Map<number, number[]>();
          for (const rid of [...members].sort((a, b) => a - b)) byChunk.set(rid >> 10, [...(byChunk.get(rid >> 10) ?? []), rid]);
          for (const [chunk, rids] of byChunk) putMemberChunk(main, SEG, chunk, rids);
          if (prewarm) {
            // As pre-warm: the columns and their folded text (flat) before the first search.
            const cols = engine.entity('contact');
            for (const f of FIELDS) {
              const field = cols.entity.fields.get(f);
              if (!field) throw new Error(f);
              const col = cols.column(field);
              if (col.kind === 'dict') for (const _ of foldingColumn(col));
            }
          }
          for (const t of terms) agree(t, contacts, members);
          // Edits on the writing connection, then the cache patched as the host's DataChange does.
          const edited = edits.map((e) => ({ rid: (e.at % rows.length) + 1, name: e.name }));
          for (const e of edited) {
            setField(main, 'contact', e.rid, 'fullname', e.name);
            const c = contacts.get(e.rid);
            if (c) c.name = e.name;
          }
          if (edited.length > 0)
            engine.applyChange({ kind: 'profile', entity: 'contact', fields: ['fullname'], rids: edited.map((e) => e.rid) });
          // A new contact that is a member (the entity grows: a new row and new dictionary values).
          const rid = rows.length + 1;
          const key = `new${run}`;
          insertRecord(main, 'contact', rid, key, { contactid: key, fullname: terms[0] ?? null });
          contacts.set(rid, { key, name: terms[0] ?? null });
          engine.applyChange({ kind: 'profile', entity: 'contact', fields: ['contactid', 'fullname'], rids: [rid] });
          putMemberChunk(
            main,
            SEG,
            rid >> 10,
            [...members, rid].filter((r) => r >> 10 === rid >> 10).sort((a, b) => a - b),
          );
          members.add(rid);
          // This test writes chunks directly (no segments row, so no membership token to follow).
          engine.forgetMembers();
          for (const t of terms) agree(t, contacts, members);
        },
      ),
      { numRuns: Number(process.env['SS_DEEP'] ? 300 : 40) },
    );
  });
});
