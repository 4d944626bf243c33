import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeStorageSecrets, type SafeStorageLike } from './warehouseSecrets.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-wh-secrets-'));
  file = path.join(dir, 'warehouse-secrets.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Electron's safeStorage contract: encryptString → opaque Buffer, decryptString reverses it. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s, 'utf8').reverse().toString('hex')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(4), 'hex').reverse().toString('utf8');
    },
  };
}

describe('warehouse password in safeStorage', () => {
  it('saves it encrypted per database, never in plain text, and reads it back', () => {
    const a = safeStorageSecrets(fakeSafeStorage(), file, path.join(dir, 'a.db'), {});
    const b = safeStorageSecrets(fakeSafeStorage(), file, path.join(dir, 'b.db'), {});
    a.set('s3cret-Å');
    expect(a.get()).toBe('s3cret-Å');
    expect(b.get()).toBeNull();
    expect(fs.readFileSync(file, 'utf8')).not.toContain('s3cret');
    a.clear();
    expect(a.get()).toBeNull();
  });

  it('refuses to save without an encryption backend (or the basic_text fallback) and says what to do', () => {
    for (const safe of [fakeSafeStorage(false), fakeSafeStorage(true, 'basic_text')]) {
      const s = safeStorageSecrets(safe, file, path.join(dir, 'a.db'), {});
      expect(() => s.set('pw')).toThrow(/SS_WAREHOUSE_PASSWORD/);
      expect(fs.existsSync(file)).toBe(false);
    }
  });

  it('falls back to SS_WAREHOUSE_PASSWORD when nothing readable is saved', () => {
    fs.writeFileSync(file, JSON.stringify({ [path.resolve(dir, 'a.db')]: Buffer.from('garbage').toString('base64') }));
    const s = safeStorageSecrets(fakeSafeStorage(), file, path.join(dir, 'a.db'), { SS_WAREHOUSE_PASSWORD: 'from-env' });
    expect(s.get()).toBe('from-env');
  });
});
