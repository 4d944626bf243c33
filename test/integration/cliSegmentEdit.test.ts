// The CLI's segment edits (update, delete, static add|remove), its --json shapes, names instead of
// ids in what a person reads, and a quiet exit when the reader of stdout goes away (a real pipe).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'electron/cli/index.ts');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/;
let dir: string;
let db: string;

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const lines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-cli-edit-'));
  db = path.join(dir, 'app.db');
  // 3000 contacts: `members --json` then writes ~135 KB, more than a pipe buffers, so the EPIPE case
  // really writes into a closed pipe.
  expect(cli('init', '--db', db, '--demo', '3000').code).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('segment update', () => {
  it('changes a draft and says what changed by name; a live segment refuses a new definition with the app message', () => {
    expect(
      cli('segment', 'create', '--db', db, '--name', 'Paris draft', '--query', "PROFILE(contact).FILTER(address1_city == 'Paris')").code,
    ).toBe(0);
    const up = cli(
      'segment',
      'update',
      '--db',
      db,
      'paris draft',
      '--name',
      'Lyon people',
      '--description',
      'Who lives in Lyon',
      '--time-zone',
      'Europe/Paris',
      '--query',
      "PROFILE(contact).FILTER(address1_city == 'Lyon')",
    );
    expect(up, up.err).toMatchObject({ code: 0, err: '' });
    expect(up.out).toBe(
      '"Lyon people" updated: name "Paris draft" → "Lyon people"; description; time zone UTC → Europe/Paris; definition.\n',
    );

    const bad = cli('segment', 'update', '--db', db, 'Lyon people', '--time-zone', 'Mars/Olympus');
    expect(bad).toMatchObject({ code: 1, out: '' });
    expect(bad.err).toContain('Unknown time zone "Mars/Olympus"');
    expect(cli('segment', 'update', '--db', db, 'Lyon people').code).toBe(2);

    expect(cli('segment', 'go-live', '--db', db, 'Lyon people').code).toBe(0);
    const locked = cli('segment', 'update', '--db', db, 'Lyon people', '--query', "PROFILE(contact).FILTER(address1_city == 'Nice')");
    expect(locked).toMatchObject({ code: 1, out: '' });
    expect(locked.err).toContain('can only be changed while the segment is a draft or stopped (it is live). Stop it first.');
    expect(locked.err).not.toMatch(UUID);
  });
});

describe('segment delete, static members, explain and --json', () => {
  it('refuses to delete a segment a live one uses, naming it; --force deletes and freezes the dependant', () => {
    expect(
      cli('segment', 'create', '--db', db, '--name', 'Berlin', '--query', "PROFILE(contact).FILTER(address1_city == 'Berlin')").code,
    ).toBe(0);
    expect(cli('segment', 'go-live', '--db', db, 'Berlin').code).toBe(0);
    expect(cli('segment', 'create', '--db', db, '--name', 'Berlin again', '--query', "SEGMENT('Berlin')").code).toBe(0);
    expect(cli('segment', 'go-live', '--db', db, 'Berlin again').code).toBe(0);

    const someone = lines(cli('segment', 'members', '--db', db, 'Berlin again').out)[0] ?? '';
    const explained = cli('segment', 'explain', '--db', db, 'Berlin again', '--contact', someone);
    expect(explained.code, explained.err).toBe(0);
    expect(explained.out).toContain(`is a member of "Berlin again"`);
    expect(explained.out).toContain('block 1 (segment "Berlin", union): included');
    expect(explained.out).not.toMatch(UUID);
    const asJson = JSON.parse(cli('segment', 'explain', '--db', db, 'Berlin again', '--contact', someone, '--json').out) as {
      segmentName: string;
      member: boolean;
      contact: { key: string };
      blocks: { kind: string; segmentName?: string }[];
    };
    expect(asJson).toMatchObject({ segmentName: 'Berlin again', member: true, contact: { key: someone } });
    expect(asJson.blocks).toEqual([expect.objectContaining({ kind: 'segment', segmentName: 'Berlin' })]);

    const refused = cli('segment', 'delete', '--db', db, 'Berlin');
    expect(refused).toMatchObject({ code: 1, out: '' });
    expect(refused.err).toContain('"Berlin" is used by live segment "Berlin again"');
    expect(refused.err).not.toMatch(UUID);
    expect(cli('segment', 'list', '--db', db).out).toContain('\tBerlin\t');

    const stopRefused = cli('segment', 'stop', '--db', db, 'Berlin');
    expect(stopRefused.code).toBe(1);
    expect(stopRefused.err).toContain('Used by live segment "Berlin again"');
    expect(stopRefused.err).not.toMatch(UUID);
    const stopped = cli('segment', 'stop', '--db', db, 'Berlin', '--force');
    expect(stopped).toMatchObject({ code: 0, err: 'Marked "needs attention" (members frozen): "Berlin again"\n' });

    const forced = cli('segment', 'delete', '--db', db, 'Berlin', '--force');
    expect(forced).toMatchObject({ code: 0, out: '"Berlin" deleted.\n' });
    expect(forced.err).toBe('Marked "needs attention" (members frozen): "Berlin again"\n');
    const list = JSON.parse(cli('segment', 'list', '--db', db, '--json').out) as {
      name: string;
      status: string;
      needsAttention: boolean;
    }[];
    expect(list.map((s) => s.name)).not.toContain('Berlin');
    expect(list.find((s) => s.name === 'Berlin again')).toMatchObject({ status: 'live', needsAttention: true });
  });

  it('adds and removes static members by key, reports unknown keys by key, and lists them as JSON Lines', () => {
    expect(cli('segment', 'create', '--db', db, '--name', 'VIPs', '--type', 'static').code).toBe(0);
    const add = cli('segment', 'static', 'add', '--db', db, 'VIPs', '--key', 'C0000001,C0000002', '--key', 'NOPE-1');
    expect(add).toMatchObject({ code: 1, out: '"VIPs": 2 added, 0 already members, 1 unknown; 2 members now.\n' });
    expect(add.err).toBe('unknown contact key "NOPE-1"\n');
    const again = cli('segment', 'static', 'add', '--db', db, 'VIPs', '--key', 'C0000002', '--key', 'C0000003');
    expect(again).toMatchObject({ code: 0, out: '"VIPs": 1 added, 1 already members, 0 unknown; 3 members now.\n', err: '' });
    const removed = cli('segment', 'static', 'remove', '--db', db, 'VIPs', '--key', 'C0000001');
    expect(removed).toMatchObject({ code: 0, out: '"VIPs": 1 removed, 0 not members, 0 unknown; 2 members now.\n' });
    expect(cli('segment', 'static', 'toss', '--db', db, 'VIPs', '--key', 'C0000001').code).toBe(2);
    expect(cli('segment', 'static', 'add', '--db', db, 'VIPs').code).toBe(2);

    expect(cli('segment', 'go-live', '--db', db, 'VIPs').code).toBe(0);
    const rows = lines(cli('segment', 'members', '--db', db, 'VIPs', '--json').out).map((l) => JSON.parse(l) as unknown);
    expect(rows).toEqual([
      { key: 'C0000002', name: expect.any(String) },
      { key: 'C0000003', name: expect.any(String) },
    ]);
    expect(cli('segment', 'go-live', '--db', db, 'VIPs', '--json').code).toBe(2);
  });

  it('--help lists the new subcommands and flags', () => {
    const help = cli('segment', '--help').out;
    for (const s of ['segment update --db FILE NAME|ID', 'segment delete --db FILE NAME|ID [--force]', 'segment static add|remove'])
      expect(help).toContain(s);
    for (const f of ['--key K', '--json', '--time-zone TZ', '--description TEXT', '--query TEXT', '--force']) expect(help).toContain(f);
  });
});

describe('a closed output pipe', () => {
  it('ends `segment members` quietly with exit 0 when the reader stops after the first line', async () => {
    expect(cli('segment', 'create', '--db', db, '--name', 'Everyone', '--query', "PROFILE(contact).FILTER(firstname != 'zzz')").code).toBe(
      0,
    );
    expect(cli('segment', 'go-live', '--db', db, 'Everyone').out).toContain('3000 members');
    const child = spawn(process.execPath, ['--import', 'tsx', entry, 'segment', 'members', '--db', db, 'Everyone', '--json'], {
      cwd: root,
    });
    let err = '';
    let first = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').once('data', (d: string) => {
      first = d.split('\n')[0] ?? '';
      child.stdout.destroy(); // like `| head -1` exiting
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(JSON.parse(first)).toMatchObject({ key: expect.any(String) });
    expect(err).toBe('');
    expect(code).toBe(0);
  }, 30_000);
});
