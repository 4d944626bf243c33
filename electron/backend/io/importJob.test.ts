import { describe, expect, it } from 'vitest';
import { importCacheKiB } from './importJob.js';

describe('the page cache an import runs with', () => {
  it('grows with the file between 64 and 256 MiB', () => {
    expect(importCacheKiB(0)).toBe(64 * 1024);
    // 100k interactions, about 5 MB: the floor.
    expect(importCacheKiB(5_000_000)).toBe(64 * 1024);
    expect(importCacheKiB(32 * 1024 * 1024)).toBe(128 * 1024);
    // 1M contacts (~100 MB) and 20M interactions (~1.3 GB): the ceiling, as before.
    expect(importCacheKiB(100_000_000)).toBe(256 * 1024);
    expect(importCacheKiB(1_300_000_000)).toBe(256 * 1024);
  });
});
