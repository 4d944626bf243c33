import { describe, expect, it } from 'vitest';
import { cursorOf, withNextAfter, type Cursors } from './keysetPages';

describe('keyset pages behind a numbered grid', () => {
  it('starts at the beginning and knows the next page once the current one answered', () => {
    let c: Cursors = [undefined];
    expect(cursorOf(c, 0)).toBeUndefined();
    expect(cursorOf(c, 1)).toBeNull();
    c = withNextAfter(c, 0, 140);
    expect(cursorOf(c, 1)).toBe(140);
    c = withNextAfter(c, 1, 300);
    expect(cursorOf(c, 2)).toBe(300);
    expect(cursorOf(c, 1)).toBe(140);
  });

  it('does not invent a page after the last one, and keeps the same cursors when nothing is new', () => {
    const c: Cursors = [undefined, 10];
    expect(withNextAfter(c, 1, null)).toBe(c);
    expect(withNextAfter(c, 0, 10)).toBe(c);
    expect(cursorOf(c, 2)).toBeNull();
  });
});
