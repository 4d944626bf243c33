// The CLI's imports list / imports undo / delete / catalog drop-field (issue 16), in process through main().
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/index.js';
import { liveCitySegment, openWorld, runImport, type UndoWorld } from './importUndoFixture.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) });
  return { code, out, err };
}

let w: UndoWorld;
beforeEach(async () => {
  w = await openWorld('ss-undo-cli-');
  await runImport(w.backend, {
    kind: 'entity',
    entity: 'contact',
    key: 'contactid',
    path: w.file('base.csv', [
      ['contactid', 'city', 'tier'],
      ['C1', 'Oslo', 'gold'],
      ['C2', 'Bergen', 'silver'],
    ]),
  });
  await liveCitySegment(w.backend, 'Oslo people', 'Oslo');
  // The CLI opens the database itself; the test's backend must not hold it meanwhile.
  await w.backend.close();
});
afterEach(() => {
  fs.rmSync(w.dir, { recursive: true, force: true });
});

describe('imports, delete and catalog drop-field on the command line', () => {
  it('lists imports and undoes one; a second undo is refused with exit 1', async () => {
    const list = await cli('imports', 'list', '--db', w.dbPath, '--json');
    expect(list.code).toBe(0);
    const [first] = JSON.parse(list.out) as { id: string; imported: number }[];
    expect(first?.imported).toBe(2);
    const undo = await cli('imports', 'undo', '--db', w.dbPath, first?.id ?? '');
    expect(undo).toMatchObject({ code: 0 });
    expect(undo.out).toContain('2 removed');
    const again = await cli('imports', 'undo', '--db', w.dbPath, first?.id ?? '');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already undone');
    expect((await cli('imports', 'undo', '--db', w.dbPath)).code).toBe(2);
  });

  it('deletes contacts by key, naming the segments they leave; refuses a used field with the segment name', async () => {
    const del = await cli('delete', '--db', w.dbPath, '--entity', 'contact', '--key', 'C1');
    expect(del.code).toBe(0);
    expect(del.out).toContain('Oslo people');
    const used = await cli('catalog', 'drop-field', '--db', w.dbPath, '--entity', 'contact', 'city');
    expect(used.code).toBe(1);
    expect(used.err).toContain('"Oslo people"');
    const unused = await cli('catalog', 'drop-field', '--db', w.dbPath, '--entity', 'contact', 'tier');
    expect(unused).toMatchObject({ code: 0, out: 'deleted field tier of contact\n' });
  });
});
