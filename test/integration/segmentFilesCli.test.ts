import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { main } from '../../electron/cli/index.js';
import type { SegmentFile } from '../../shared/segments/fileFormat.js';
import { createSampleSegments, dumpDb, openTestBackend, type TestBackend } from './segmentFilesFixture.js';

let src: TestBackend;
let dst: TestBackend;

// The CLI opens the database itself: the test backends are closed before it runs and reopened after.
beforeEach(async () => {
  src = await openTestBackend();
  await createSampleSegments(src);
  await src.backend.close();
  dst = await openTestBackend();
  await dst.backend.close();
});
afterEach(() => {
  fs.rmSync(src.dir, { recursive: true, force: true });
  fs.rmSync(dst.dir, { recursive: true, force: true });
});

function readDump(file: string): string {
  const db = openDatabase(file, { readonly: true });
  try {
    return dumpDb(db);
  } finally {
    db.close();
  }
}

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('segment-studio export / import-segments', () => {
  it('exports by name with the segments it uses and imports the file into another database as drafts', async () => {
    const file = path.join(src.dir, 'expo.segment.json');
    const exp = await cli('export', '--db', src.dbPath, '--segment', 'expo AUDIENCE', '--out', file);
    expect(exp.code).toBe(0);
    expect(exp.err[0]).toMatch(/^Wrote 3 segments \(Contacts in Seattle, Newsletter, Expo audience\) to /);
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SegmentFile;
    expect(parsed.segments.map((s) => s.name)).toEqual(['Contacts in Seattle', 'Newsletter', 'Expo audience']);

    const imp = await cli('import-segments', '--db', dst.dbPath, '--file', file);
    expect(imp.code).toBe(0);
    expect(imp.out.map((l) => l.split('\t')[0])).toEqual(['created', 'created', 'created']);
    const again = await cli('import-segments', '--db', dst.dbPath, '--file', file, '--on-conflict', 'skip');
    expect(again.out.map((l) => l.split('\t')[0])).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('prints the file to stdout without --out, exports everything with --all, and leaves members out with --no-members', async () => {
    const r = await cli('export', '--db', src.dbPath, '--all');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out.join('\n')) as SegmentFile).segments).toHaveLength(4);
    expect(r.out.join('\n')).toContain('"members"');
    const bare = await cli('export', '--db', src.dbPath, '--all', '--no-members');
    expect(bare.out.join('\n')).not.toContain('"members"');
  });

  it('refuses a broken file with every problem and its JSON path, exit code 1, nothing written', async () => {
    const file = path.join(dst.dir, 'bad.segment.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        formatVersion: 1,
        catalog: { entities: [], relationships: [], interactionTypes: [] },
        segments: [{ id: 'x', name: '', type: 'odd' }],
      }),
    );
    const before = readDump(dst.dbPath);
    const r = await cli('import-segments', '--db', dst.dbPath, '--file', file);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/refused \(\d+ problems; first at \$\.segments\[0\]\.name/);
    expect(r.err.some((l) => l.startsWith('  $.segments[0].type:'))).toBe(true);
    expect(readDump(dst.dbPath)).toBe(before);
  });

  it('checks usage: a policy it does not know, and neither --segment nor --all', async () => {
    expect((await cli('import-segments', '--db', dst.dbPath, '--file', 'x', '--on-conflict', 'merge')).code).toBe(2);
    expect((await cli('export', '--db', src.dbPath)).code).toBe(2);
    expect((await cli('export', '--db', src.dbPath, '--segment', 'No such thing')).code).toBe(1);
  });

  it('--dry-run reports conflicts and changes nothing', async () => {
    const file = path.join(src.dir, 'all.segment.json');
    await cli('export', '--db', src.dbPath, '--all', '--out', file);
    await cli('import-segments', '--db', dst.dbPath, '--file', file);
    const before = readDump(dst.dbPath);
    const r = await cli('import-segments', '--db', dst.dbPath, '--file', file, '--dry-run');
    expect(r.code).toBe(0);
    expect(readDump(dst.dbPath)).toBe(before);
    expect(r.out.filter((l) => l.startsWith('conflict:'))).toHaveLength(4);
    expect(r.out).toContain('conflict: "Newsletter" exists (static, draft) → would be imported as "Newsletter (2)"');
  });
});
