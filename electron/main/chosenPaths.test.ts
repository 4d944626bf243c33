import { describe, expect, it } from 'vitest';
import { CONTRACT_PATH_FIELDS } from '../../shared/api/pathPolicy.js';
import { ChosenPaths } from './chosenPaths.js';

describe('ChosenPaths (the Electron path policy)', () => {
  // Derived from the contract: a method that gains a filePath field is in this loop without an edit here.
  const methods = [...CONTRACT_PATH_FIELDS].flatMap(([method, fields]) => fields.map((f) => ({ method, ...f })));

  it('covers every path field of the contract', () => {
    expect(methods.length).toBeGreaterThanOrEqual(6);
  });

  it.each(methods)('$method.$at ($use): accepts only a file chosen for that use', ({ method, at, use }) => {
    const other = use === 'read' ? 'write' : 'read';
    const field = at.join('.');
    const input = (p: unknown) => ({ [field]: p });
    const chosen = new ChosenPaths();
    expect(chosen.check(method, input('/data/picked.file'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden', issues: [{ path: field }] },
    });
    chosen.add(other, ['/data/picked.file']);
    expect(chosen.check(method, input('/data/picked.file'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    chosen.add(use, ['/data/picked.file']);
    expect(chosen.check(method, input('/data/picked.file'))).toBeNull();
    expect(chosen.check(method, input('/data/./picked.file'))).toBeNull();
    for (const bad of ['/etc/passwd', '/data/picked.file ', '', 42, null, ['/data/picked.file']]) {
      expect(chosen.check(method, input(bad))).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });

  it('lets inputs without a path through, and methods without a path field', () => {
    const chosen = new ChosenPaths();
    expect(chosen.check('segmentFiles.inspect', { text: '{}' })).toBeNull();
    expect(chosen.check('segmentFiles.inspect', null)).toBeNull();
    expect(chosen.check('segments.list', { path: '/etc/passwd' })).toBeNull();
  });

  it('names the dialog the file should have come from', () => {
    const chosen = new ChosenPaths();
    expect(chosen.check('imports.preview', { path: '/x.csv' })?.error.message).toContain('open dialog');
    expect(chosen.check('segmentFiles.export', { all: true, path: '/x.json' })?.error.message).toContain('save dialog');
  });
});
