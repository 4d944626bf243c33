/**
 * The files the user picked in a native dialog this session, or that the OS handed to the app
 * (opened with it, dropped on its icon). In Electron the renderer may hand the API's path fields only
 * these files, so a compromised page cannot read or overwrite any other file with the backend's
 * rights: reading fields take files from an open dialog (or the OS), writing fields files from a save
 * dialog. Which fields are paths, and whether they read or write, comes from the contract's
 * `filePath` marks (shared/api/filePath.ts); nothing here lists methods.
 */
import path from 'node:path';
import type { FileUse } from '../../shared/api/filePath.js';
import { applyPathPolicy, shownValue, type PathPolicy, type PathVerdict } from '../../shared/api/pathPolicy.js';
import type { ApiError } from '../../shared/api/result.js';

export type PathUse = FileUse;

const USE_WORDS: Record<PathUse, string> = { read: 'an open', write: 'a save' };

export class ChosenPaths implements PathPolicy {
  private readonly chosen: Record<PathUse, Set<string>> = {
    read: new Set(),
    write: new Set(),
  };

  /** Remembers paths the user picked in an open (`read`) or save (`write`) dialog, or the OS opened (`read`). */
  add(use: PathUse, paths: readonly string[]): void {
    for (const p of paths) this.chosen[use].add(path.resolve(p));
  }

  has(use: PathUse, p: string): boolean {
    return this.chosen[use].has(path.resolve(p));
  }

  /** The policy: a chosen file for its use, spelled exactly (no padding), and nothing else. */
  decide({ use, value }: { use: PathUse; value: unknown }): PathVerdict {
    if (typeof value === 'string' && value.trim() === value && value !== '' && this.has(use, value)) return { ok: true, path: value };
    return {
      ok: false,
      message: `only a file you chose in ${USE_WORDS[use]} dialog of this window may be used here (${shownValue(value)} was not).`,
    };
  }

  /**
   * Null when `input` may go to `channel`; otherwise the `forbidden` refusal. Methods without a path
   * field, and calls that leave their path fields out (text instead of a file), pass.
   */
  check(channel: string, input: unknown): { ok: false; error: ApiError } | null {
    const outcome = applyPathPolicy(this, channel, input);
    return outcome.ok ? null : outcome;
  }
}
