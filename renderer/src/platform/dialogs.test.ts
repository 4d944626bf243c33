import { describe, expect, it } from 'vitest';
import { baseName, bridgeDialogs, type DialogBridge } from './dialogs';

function bridge(saveAnswer: unknown, openAnswer: unknown) {
  const sent: [string, unknown][] = [];
  const b: DialogBridge = {
    saveDialog: async (r) => (sent.push(['save', r]), saveAnswer),
    openDialog: async (r) => (sent.push(['open', r]), openAnswer),
  };
  return { dialogs: bridgeDialogs(b), sent };
}

describe('bridgeDialogs', () => {
  it('passes requests through and unwraps the answers', async () => {
    const b = bridge({ ok: true, value: '/a/b.csv' }, { ok: true, value: ['/x.json'] });
    expect(await b.dialogs.save({ title: 'Save', defaultPath: 'b.csv' })).toBe('/a/b.csv');
    expect(await b.dialogs.open({ title: 'Open' })).toEqual(['/x.json']);
    expect(b.sent).toEqual([
      ['save', { title: 'Save', defaultPath: 'b.csv' }],
      ['open', { title: 'Open' }],
    ]);
  });

  it('answers null / [] for a cancelled dialog', async () => {
    const b = bridge({ ok: true, value: null }, { ok: true, value: [] });
    expect(await b.dialogs.save({ title: 'Save' })).toBeNull();
    expect(await b.dialogs.open({ title: 'Open' })).toEqual([]);
  });

  it('rejects with the host message on a refusal, and on an answer of the wrong shape', async () => {
    const b = bridge({ ok: false, error: { code: 'forbidden', message: 'Not from this page.' } }, { ok: true, value: 'not a list' });
    await expect(b.dialogs.save({ title: 'Save' })).rejects.toThrow('Not from this page.');
    await expect(b.dialogs.open({ title: 'Open' })).rejects.toThrow('The file dialog gave no answer.');
  });

  it('names files from either kind of path', () => {
    expect(baseName('/home/ann/a.csv')).toBe('a.csv');
    expect(baseName('C:\\Users\\ann\\b.segment.json')).toBe('b.segment.json');
  });
});
