import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
let dir: string;
let db: string;

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/index.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const lines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-live-cli-'));
  db = path.join(dir, 'app.db');
  expect(cli('init', '--db', db, '--demo', '200').code).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('segment CLI', () => {
  it('creates, takes live, lists, explains, follows an import, stops and answers "as of"', () => {
    const created = cli(
      'segment',
      'create',
      '--db',
      db,
      '--name',
      'Seattle people',
      '--query',
      "PROFILE(contact).FILTER(address1_city == 'Seattle')",
    );
    expect(created.code, created.err).toBe(0);
    const id = lines(created.out)[0] ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const live = cli('segment', 'go-live', '--db', db, 'seattle PEOPLE');
    expect(live.code, live.err).toBe(0);
    expect(live.out).toMatch(/is live: \d+ members/);
    const before = lines(cli('segment', 'members', '--db', db, id).out);
    expect(before.length).toBeGreaterThan(0);

    const list = cli('segment', 'list', '--db', db);
    expect(list.out).toContain(`${id}\tSeattle people\tdynamic\tlive\t${before.length}\t`);

    const explained = cli('segment', 'explain', '--db', db, 'Seattle people', '--contact', before[0] ?? '');
    expect(explained.code).toBe(0);
    expect(explained.out).toContain('is a member');
    expect(explained.out).toMatch(/✓ City eq \["Seattle"\]/); // the catalog label, not the logical name

    // An import that moves one contact to Seattle and adds a new one: members are current when it returns.
    const csv = path.join(dir, 'moves.csv');
    const outsider = lines(cli('eval', '--db', db, '--query', "PROFILE(contact).FILTER(address1_city != 'Seattle')").out)[0] ?? '';
    fs.writeFileSync(csv, `contactid,address1_city\n${outsider},seattle\nNEW-1,SEATTLE\n`);
    const imported = cli('import', '--db', db, '--entity', 'contact', '--file', csv, '--key', 'contactid');
    expect(imported.code, imported.err).toBe(0);
    const after = lines(cli('segment', 'members', '--db', db, id).out);
    expect(after.sort()).toEqual([...before, outsider, 'NEW-1'].sort());

    const stopped = cli('segment', 'stop', '--db', db, id);
    expect(stopped.code).toBe(0);
    expect(lines(cli('segment', 'members', '--db', db, id, '--as-of', '2000-01-01T00:00:00Z').out)).toEqual([]);
    expect(lines(cli('segment', 'members', '--db', db, id, '--as-of', new Date().toISOString()).out).sort()).toEqual(after.sort());
  }, 120_000);

  it('refuses bad requests with a clear message and a non-zero exit', () => {
    const unknown = cli('segment', 'go-live', '--db', db, 'No such segment');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no segment named or with id "No such segment"');
    const noSub = cli('segment', '--db', db);
    expect(noSub.code).toBe(2);
    expect(noSub.err).toContain('give a subcommand');
    const bad = cli('segment', 'create', '--db', db, '--name', 'Broken', '--query', "PROFILE(contact).FILTER(shoe_size == 'x')");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/query:\d+:\d+:/);
    const draft = cli('segment', 'create', '--db', db, '--name', 'Draft only', '--type', 'static');
    expect(draft.code).toBe(0);
    const stopDraft = cli('segment', 'stop', '--db', db, 'Draft only');
    expect(stopDraft.code).toBe(1);
    expect(stopDraft.err).toContain('Only a live segment can be stopped');
  }, 120_000);
});
