/**
 * The web host's path policy: a client of the browser preview names no file on this computer. Its
 * files arrive through the upload route (files.ts), which answers an opaque handle (`upload:<uuid>`);
 * a reading path field accepts only such a handle, which this policy swaps for the uploaded file
 * before the input reaches the backend. Writing path fields accept nothing: exports come back as text
 * or leave through a download route. Which fields are paths comes from the contract's `filePath`
 * marks (shared/api/filePath.ts).
 */
import crypto from 'node:crypto';
import type { PathPolicy, PathRequest, PathVerdict } from '../../shared/api/pathPolicy.js';
import { shownValue } from '../../shared/api/pathPolicy.js';

/** How every upload handle begins. */
export const UPLOAD_HANDLE_PREFIX = 'upload:';

export class WebPathPolicy implements PathPolicy {
  private readonly uploads = new Map<string, string>();

  /** Registers an uploaded file (a path in the host's own temp folder); returns the handle for clients. */
  register(file: string): string {
    const handle = `${UPLOAD_HANDLE_PREFIX}${crypto.randomUUID()}`;
    this.uploads.set(handle, file);
    return handle;
  }

  decide({ use, value }: PathRequest): PathVerdict {
    if (use === 'write') {
      return {
        ok: false,
        message:
          'the browser preview writes no files on this computer: exports come back as text, members through the download route /files/members-export.',
      };
    }
    if (typeof value === 'string') {
      const file = this.uploads.get(value);
      if (file !== undefined) return { ok: true, path: file };
    }
    return {
      ok: false,
      message: `the browser preview takes no file paths (${shownValue(value)}): upload the file to /files/upload and pass the handle it answers.`,
    };
  }
}
