/**
 * The web host's path policy: a client of the browser preview names no file on this computer. Its
 * files arrive through the upload route (files.ts), which answers an opaque handle (`upload:<uuid>`);
 * a reading path field accepts only such a handle, which this policy swaps for the uploaded file
 * before the input reaches the backend. Writing path fields accept nothing: exports come back as text
 * or leave through a download route. Which fields are paths comes from the contract's `filePath`
 * marks (shared/api/filePath.ts).
 *
 * Uploads are bounded: a handle (and its file) is forgotten after {@link UPLOAD_LIMITS}.idleMs without
 * use, and past {@link UPLOAD_LIMITS}.maxHandles the least recently used one goes, so a long-running
 * host does not fill the disk with files nobody will import again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { PathPolicy, PathRequest, PathVerdict } from '../../shared/api/pathPolicy.js';
import { shownValue } from '../../shared/api/pathPolicy.js';

/** How every upload handle begins. */
export const UPLOAD_HANDLE_PREFIX = 'upload:';

/**
 * How long an upload stays usable without use (the wizard's preview and import each count as a use),
 * and how many are kept at once.
 */
export const UPLOAD_LIMITS = { idleMs: 60 * 60 * 1000, maxHandles: 16 } as const;

/** Options of {@link WebPathPolicy}; tests pass a clock. */
export interface WebPathPolicyOptions {
  idleMs?: number;
  maxHandles?: number;
  /** Milliseconds since the epoch; Date.now unless given. */
  now?: () => number;
}

export class WebPathPolicy implements PathPolicy {
  /** Handle → uploaded file and when it was last used; in order of last use (oldest first). */
  private readonly uploads = new Map<string, { file: string; used: number }>();
  /** Files of forgotten handles that could not be deleted yet (open elsewhere, on Windows). */
  private readonly leftovers = new Set<string>();
  private readonly idleMs: number;
  private readonly maxHandles: number;
  private readonly now: () => number;

  constructor(options: WebPathPolicyOptions = {}) {
    this.idleMs = options.idleMs ?? UPLOAD_LIMITS.idleMs;
    this.maxHandles = options.maxHandles ?? UPLOAD_LIMITS.maxHandles;
    this.now = options.now ?? Date.now;
  }

  /** Registers an uploaded file (a path in the host's own temp folder); returns the handle for clients. */
  register(file: string): string {
    this.sweep();
    for (const handle of this.uploads.keys()) {
      if (this.uploads.size < this.maxHandles) break;
      this.forget(handle);
    }
    const handle = `${UPLOAD_HANDLE_PREFIX}${crypto.randomUUID()}`;
    this.uploads.set(handle, { file, used: this.now() });
    return handle;
  }

  /** Forgets the handles idle for longer than the limit and deletes their files (the host calls it periodically). */
  sweep(): void {
    const oldest = this.now() - this.idleMs;
    for (const [handle, { used }] of this.uploads) if (used < oldest) this.forget(handle);
    for (const file of this.leftovers) this.remove(file);
  }

  decide({ use, value }: PathRequest): PathVerdict {
    if (use === 'write') {
      return {
        ok: false,
        message:
          'the browser preview writes no files on this computer: exports come back as text, members through the download route /files/members-export.',
      };
    }
    this.sweep();
    if (typeof value === 'string') {
      const upload = this.uploads.get(value);
      if (upload !== undefined) {
        // Move to the end: the map stays in order of last use.
        this.uploads.delete(value);
        this.uploads.set(value, { file: upload.file, used: this.now() });
        return { ok: true, path: upload.file };
      }
      if (value.startsWith(UPLOAD_HANDLE_PREFIX)) {
        return {
          ok: false,
          message:
            `the upload ${shownValue(value)} is unknown or has expired (an upload is kept ${this.idleMs / 60_000} minutes after ` +
            `its last use, at most ${this.maxHandles} at once): upload the file again.`,
        };
      }
    }
    return {
      ok: false,
      message: `the browser preview takes no file paths (${shownValue(value)}): upload the file to /files/upload and pass the handle it answers.`,
    };
  }

  private forget(handle: string): void {
    const upload = this.uploads.get(handle);
    this.uploads.delete(handle);
    if (upload) this.remove(upload.file);
  }

  private remove(file: string): void {
    try {
      fs.rmSync(file, { force: true });
      this.leftovers.delete(file);
    } catch {
      // Still open (Windows refuses to delete an open file): retried at the next sweep; dispose removes the folder.
      this.leftovers.add(file);
    }
  }
}
