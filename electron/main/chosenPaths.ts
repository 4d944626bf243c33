/**
 * The files the user picked in a native dialog this session. In Electron the renderer may hand the
 * path-taking API methods only these paths, so a compromised page cannot read or overwrite any other
 * file with the backend's rights: reading methods take paths from an open dialog, writing methods
 * paths from a save dialog.
 */
import path from 'node:path';
import type { MethodName } from '../../shared/api/contract.js';
import { fail, type ApiResult } from '../../shared/api/result.js';

export type PathUse = 'read' | 'write';

/** Every API method that takes a file path (`input.path`), and what it does with the file. */
export const PATH_METHODS: Readonly<Partial<Record<MethodName, PathUse>>> = {
  'imports.preview': 'read',
  'imports.start': 'read',
  'segmentFiles.inspect': 'read',
  'segmentFiles.import': 'read',
  'segmentFiles.export': 'write',
  'segments.exportMembers': 'write',
};

const USE_WORDS: Record<PathUse, string> = { read: 'an open', write: 'a save' };

export class ChosenPaths {
  private readonly chosen: Record<PathUse, Set<string>> = { read: new Set(), write: new Set() };

  /** Remembers paths the user picked in an open (`read`) or save (`write`) dialog. */
  add(use: PathUse, paths: readonly string[]): void {
    for (const p of paths) this.chosen[use].add(path.resolve(p));
  }

  has(use: PathUse, p: string): boolean {
    return this.chosen[use].has(path.resolve(p));
  }

  /**
   * Null when `input` may go to `channel`; otherwise the refusal. Methods without a path, and calls
   * of path methods that give text instead of a path, pass.
   */
  check(channel: string, input: unknown): ApiResult<never> | null {
    const use = PATH_METHODS[channel as MethodName];
    if (use === undefined || typeof input !== 'object' || input === null || !('path' in input)) return null;
    const p = (input as { path?: unknown }).path;
    if (p === undefined) return null;
    // Validation would refuse a non-string anyway; refusing here keeps the guard total.
    if (typeof p !== 'string' || p.trim() !== p || !this.has(use, p)) {
      return fail('forbidden', `${channel} may only use a file you chose in ${USE_WORDS[use]} dialog of this window (${String(p).slice(0, 200)} was not).`);
    }
    return null;
  }
}
