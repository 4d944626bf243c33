/**
 * The desktop app's warehouse password store: encrypted with Electron's safeStorage (the OS keychain,
 * DPAPI or the Linux secret service) into `warehouse-secrets.json` in userData, one entry per database
 * file (each database has its own warehouse connection). Plain text never reaches the disk: without an
 * encryption backend (or on Linux's "basic_text" fallback) saving is refused with the way out —
 * SS_WAREHOUSE_PASSWORD, which is also read when nothing is saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { PASSWORD_ENV, type WarehouseSecretStore } from '../backend/warehouse/source/secrets.js';

/** The part of Electron's safeStorage this store uses (tests pass a fake with the same contract). */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

type Entries = Record<string, string>;

function readEntries(file: string): Entries {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

function writeEntries(file: string, entries: Entries): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(entries, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The store for the database at `dbPath`, its entry kept in `file`. */
export function safeStorageSecrets(
  safe: SafeStorageLike,
  file: string,
  dbPath: string,
  env: NodeJS.ProcessEnv = process.env,
): WarehouseSecretStore {
  const key = path.resolve(dbPath);
  return {
    kind: 'safeStorage',
    get() {
      const saved = readEntries(file)[key];
      if (saved !== undefined && safe.isEncryptionAvailable()) {
        try {
          return safe.decryptString(Buffer.from(saved, 'base64'));
        } catch {
          // Encrypted by another user or machine: fall through to the environment.
        }
      }
      return env[PASSWORD_ENV] ?? null;
    },
    set(password) {
      if (!safe.isEncryptionAvailable() || safe.getSelectedStorageBackend?.() === 'basic_text') {
        throw new Error(
          `This computer offers no encrypted password storage, so the password is not saved. Set ${PASSWORD_ENV} before starting the app instead.`,
        );
      }
      const entries = readEntries(file);
      entries[key] = safe.encryptString(password).toString('base64');
      writeEntries(file, entries);
    },
    clear() {
      const entries = readEntries(file);
      if (!(key in entries)) return;
      delete entries[key];
      writeEntries(file, entries);
    },
  };
}
