// Docs stay true: docs/cli.md holds every command's --help text verbatim (a new flag or a changed usage
// line fails here until the docs say it too), every docs/*.md the code or the docs cite exists, and no
// tracked file holds a merge-conflict marker (one reached the README once).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli/commands/index.js';
import { commandHelp, mainHelp } from '../../electron/cli/help.js';

const root = path.resolve(__dirname, '../..');
const doc = fs.readFileSync(path.join(root, 'docs/cli.md'), 'utf8');

describe('docs/cli.md', () => {
  it('holds the command list', () => {
    expect(doc).toContain(`\`\`\`\n${mainHelp(COMMANDS)}\n\`\`\``);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('holds the help of %s verbatim', (name, command) => {
    expect(doc).toContain(`## ${name}\n\n\`\`\`\n${commandHelp(command)}\n\`\`\``);
  });
});

describe('doc citations', () => {
  it('name only docs that exist', () => {
    const tracked = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.md', '*.yml'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const missing: string[] = [];
    for (const file of tracked) {
      if (!fs.existsSync(path.join(root, file))) continue;
      for (const m of fs.readFileSync(path.join(root, file), 'utf8').matchAll(/\bdocs\/[\w./-]+\.md\b/g)) {
        if (!fs.existsSync(path.join(root, m[0]))) missing.push(`${file} cites ${m[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('merge conflicts', () => {
  it('left no conflict markers in any tracked text file', () => {
    const tracked = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.md', '*.yml', '*.json', '*.css', '*.html'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    const marked: string[] = [];
    for (const file of tracked) {
      if (!fs.existsSync(path.join(root, file))) continue;
      const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (/^(<{7} |>{7} |={7}$)/.test(l)) marked.push(`${file}:${i + 1}: ${l}`);
      });
    }
    expect(marked).toEqual([]);
  });
});
