import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/index.js';

const ROOT = path.resolve(__dirname, '../..');
const fx = (name: string): string => path.resolve(__dirname, '../fixtures/csv', name);
let dir: string;
let db: string;

/** In process (same code as the binary, faster): for argument handling and help. */
async function cliInProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) });
  return { code, out, err };
}

/** As a child process, like a user runs it. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-cli-'));
  db = path.join(dir, 'cli.db');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('segment-studio CLI', () => {
  it('init creates a database; import and catalog work on it', () => {
    expect(cli('init', '--db', db)).toMatchObject({ code: 0, out: expect.stringMatching(/is ready/) });
    const acc = cli('import', '--db', db, '--entity', 'account', '--file', fx('accounts.csv'), '--key', 'accountid');
    expect(acc).toMatchObject({ code: 0, out: 'completed: 3 imported, 0 updated, 0 skipped (3 rows in 1 committed batches).\n' });
    const errors = path.join(dir, 'errors.csv');
    const con = cli(
      'import',
      '--db',
      db,
      '--entity',
      'contact',
      '--file',
      fx('contacts.csv'),
      '--key',
      'contactid',
      '--lookup',
      'parentcustomerid=account',
      '--column-type',
      'numberofchildren=integer',
      '--column-type',
      'birthdate=date',
      '--errors',
      errors,
    );
    expect(con.code).toBe(0);
    expect(con.out).toMatch(/completed: 4 imported, 0 updated, 5 skipped/);
    expect(con.err).toMatch(/progress rows=9 bytes=\d+\/\d+/);
    expect(fs.readFileSync(errors, 'utf8').split('\n')[0]).toBe('row,column,value,reason');
    const int = cli('import', '--db', db, '--interactions', '--file', fx('interactions.csv'));
    expect(int.out).toMatch(/completed: 5 imported, 0 updated, 4 skipped/);
    expect(int.err).toMatch(/row 7 column contactid value "C404": unknown contact/);
    const forms = cli(
      'import',
      '--db',
      db,
      '--interactions',
      '--file',
      fx('form-submissions.csv'),
      '--type',
      'FormSubmitted',
      '--timestamp-column',
      'submittedon',
    );
    expect(forms).toMatchObject({ code: 0 });
    const cat = cli('catalog', '--db', db);
    expect(cat.code).toBe(0);
    expect(cat.out).toMatch(/^entity contact \(Contact\) — 4 records, key contactid, shown as fullname$/m);
    expect(cat.out).toMatch(/^ {2}parentcustomerid: lookup → account/m);
    expect(cat.out).toMatch(/^relationship contact_account_parentcustomerid: contact.parentcustomerid → account$/m);
    expect(cat.out).toMatch(/^interaction FormSubmitted \(Form Submitted\) — 3 interactions$/m);
    const json = JSON.parse(cli('catalog', '--db', db, '--json').out) as { entities: { name: string }[] };
    expect(json.entities.map((e) => e.name)).toEqual(['contact', 'account']);
  });

  it('init --demo generates demo data', () => {
    const demo = path.join(dir, 'demo.db');
    const r = cli('init', '--db', demo, '--demo', '300', '--interactions', '3000', '--seed', '7');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/with 300 contacts, 30 accounts and 3000 interactions/);
    const raw = openDatabase(demo, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(3000);
    raw.close();
  });

  it('refuses a bad file with a message on stderr, exit code 1, and writes nothing but the refused import', () => {
    const state = (): unknown => {
      const raw = openDatabase(db, { readonly: true });
      try {
        return {
          fields: raw.prepare('SELECT entity, name FROM catalog_fields ORDER BY entity, name').all(),
          tables: raw.prepare('SELECT name FROM sqlite_master ORDER BY name').pluck().all(),
          mappings: raw.prepare('SELECT count(*) FROM import_mappings').pluck().get(),
          imports: raw.prepare(`SELECT id, status FROM imports WHERE status <> 'refused' ORDER BY id`).all(),
        };
      } finally {
        raw.close();
      }
    };
    const r0 = cli('import', '--db', db, '--entity', 'account', '--file', fx('accounts.csv'), '--key', 'accountid');
    expect(r0.code).toBe(0);
    const before = state();
    const r = cli('import', '--db', db, '--entity', 'contact', '--file', fx('headerless.csv'), '--key', 'contactid');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/segment-studio import: .*headerless.csv: no header row/);
    expect(r.out).toBe('');
    expect(state()).toEqual(before);
    const raw = openDatabase(db, { readonly: true });
    expect(raw.prepare('SELECT status FROM imports WHERE file LIKE ?').pluck().all('%headerless%')).toEqual(['refused']);
    raw.close();
  });

  it('reports bad arguments with exit code 2', async () => {
    expect(await cliInProcess('import', '--db', db, '--file', fx('accounts.csv'), '--key', 'accountid')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--entity is required/),
    });
    expect(await cliInProcess('import', '--db', db, '--bogus')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown option '--bogus'/),
    });
    expect(
      await cliInProcess('import', '--db', db, '--file', fx('accounts.csv'), '--type', 'X', '--entity', 'a', '--key', 'k'),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/add --interactions/) });
    expect(await cliInProcess('catalog', '--db', path.join(dir, 'missing.db'))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no database at/),
    });
    expect(await cliInProcess('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command "frobnicate"/) });
  });

  it('documents every flag in --help', async () => {
    const top = await cliInProcess('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/init\s+Create a database/);
    const help = await cliInProcess('import', '--help');
    expect(help.code).toBe(0);
    for (const flag of [
      '--db FILE',
      '--file F.csv',
      '--entity NAME',
      '--key COL',
      '--lookup COL=ENTITY',
      '--interactions',
      '--type NAME',
      '--type-column COL',
      '--contact-column COL',
      '--timestamp-column COL',
      '--date-format FMT',
      '--errors FILE',
      '--column-type COL=TYPE',
    ]) {
      expect(help.out).toContain(flag);
    }
    expect((await cliInProcess('init', '--help')).out).toContain('--demo N');
  });
});
