/**
 * The open database of the desktop app, and switching to another without restarting: the new file is
 * checked and locked first, then the old backend closes cleanly (imports stop after their batch, WAL
 * checkpoint), then a backend opens on the new file. A new file that still fails to open brings the
 * previous one back. Recent databases and the last one go to the settings file.
 */
import path from 'node:path';
import type { EventName } from '../../shared/api/contract.js';
import type { Backend } from '../backend/index.js';
import { checkDatabaseFile, toDatabaseOpenError } from '../backend/db/openCheck.js';
import { fail, type ApiResult } from '../../shared/api/result.js';
import { lockDatabase, type DatabaseLock } from './databaseLock.js';
import { withRecent, type SettingsStore } from './settings.js';

export interface OpenDatabase {
  path: string;
  backend: Backend;
}

export interface DatabasesOptions {
  /** Opens a backend on a file (createBackend with the app's options). */
  createBackend: (dbPath: string) => Promise<Backend>;
  settings: SettingsStore;
  log: (message: string) => void;
}

export class Databases {
  private current: (OpenDatabase & { lock: DatabaseLock }) | undefined;
  private closing: Promise<void> | undefined;
  private readonly listeners = new Set<(open: OpenDatabase | undefined) => void>();

  constructor(private readonly o: DatabasesOptions) {}

  /** The open database, if any. */
  get open(): OpenDatabase | undefined {
    return this.current && { path: this.current.path, backend: this.current.backend };
  }

  /** Recent databases, most recent first (File ▸ Open Recent). */
  get recent(): readonly string[] {
    return this.o.settings.value.recentDatabases;
  }

  /** The database to open at start: the last one, else `fallback` (the default file in userData). */
  startPath(fallback: string): string {
    return this.o.settings.value.lastDatabase ?? fallback;
  }

  /** Called after every change of the open database (undefined: closed). Returns the unsubscribe function. */
  onChange(listener: (open: OpenDatabase | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The API of whichever database is open: IPC handlers stay registered across switches. */
  readonly dispatch = (channel: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!this.current || this.closing)
      return Promise.resolve(fail('internal', 'No database is open at the moment (the app is switching databases or quitting).'));
    return this.current.backend.dispatch(channel, input);
  };

  /**
   * Opens `file` (creating it when missing) and makes it the open database, closing the previous one.
   * Throws a DatabaseOpenError when the file cannot be opened; the previous database then stays (or
   * comes back) open.
   */
  async switchTo(file: string): Promise<OpenDatabase> {
    const target = path.resolve(file);
    if (this.current?.path === target) return { path: target, backend: this.current.backend };
    checkDatabaseFile(target);
    const lock = lockDatabase(target);
    const previous = this.current?.path;
    await this.close();
    try {
      await this.start(target, lock);
    } catch (err) {
      lock.release();
      const failure = toDatabaseOpenError(err, target);
      this.o.log(`Could not open ${target}: ${failure.message}`);
      if (previous !== undefined) await this.reopen(previous);
      throw failure;
    }
    this.o.settings.update((s) => ({ ...s, recentDatabases: withRecent(s.recentDatabases, target), lastDatabase: target }));
    return { path: target, backend: this.current!.backend };
  }

  private async start(target: string, lock: DatabaseLock): Promise<void> {
    const backend = await this.o.createBackend(target);
    this.current = { path: target, backend, lock };
    this.o.log(`Opened database ${target}`);
    this.emit();
  }

  private async reopen(previous: string): Promise<void> {
    try {
      await this.start(previous, lockDatabase(previous));
    } catch (err) {
      this.o.log(`Could not reopen ${previous} either: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Closes the open database (waits for running imports' batches and the WAL checkpoint). Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const open = this.current;
    if (!open) return Promise.resolve();
    this.closing = (async () => {
      try {
        await open.backend.close();
        this.o.log(`Closed database ${open.path}`);
      } finally {
        open.lock.release();
        this.current = undefined;
        this.closing = undefined;
        this.emit();
      }
    })();
    return this.closing;
  }

  /** Removes `file` from the recent list (it failed to open), or every entry. */
  forgetRecent(file?: string): void {
    this.o.settings.update((s) => ({
      ...s,
      recentDatabases: file === undefined ? [] : s.recentDatabases.filter((r) => r !== path.resolve(file)),
    }));
  }

  private emit(): void {
    for (const l of this.listeners) l(this.open);
  }
}

/**
 * Forwards the events of whichever database is open to `send` (a window), following switches.
 * Returns the function that stops forwarding.
 */
export function forwardOpenDatabaseEvents(databases: Databases, send: (event: EventName, payload: unknown) => void): () => void {
  let stop = databases.open?.backend.events.onAny(send);
  const off = databases.onChange((open) => {
    stop?.();
    stop = open?.backend.events.onAny(send);
  });
  return () => {
    off();
    stop?.();
  };
}
