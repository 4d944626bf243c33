/**
 * Where the warehouse password is kept. The backend never stores it: the host injects a store. The
 * desktop app's store (electron/main/warehouseSecrets.ts) encrypts it with Electron's safeStorage; the
 * web host and the CLI read it from the environment (SS_WAREHOUSE_PASSWORD), because a server process has
 * no OS keychain to hand it to.
 */

/** The environment variable the web host and the CLI read the warehouse password from. */
export const PASSWORD_ENV = 'SS_WAREHOUSE_PASSWORD';

/** A host's place for the one warehouse password. */
export interface WarehouseSecretStore {
  kind: 'safeStorage' | 'environment';
  /** The password, or null when none is kept. */
  get(): string | null;
  /** Keeps `password` (encrypted at rest where the host can). Throws with the reason when it cannot. */
  set(password: string): void;
  clear(): void;
}

/**
 * The web host's and CLI's store: SS_WAREHOUSE_PASSWORD, or a password typed in this session (kept in
 * memory only, gone when the process ends — never written anywhere).
 */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): WarehouseSecretStore {
  let session: string | null = null;
  return {
    kind: 'environment',
    get: () => session ?? env[PASSWORD_ENV] ?? null,
    set: (password) => {
      session = password;
    },
    clear: () => {
      session = null;
    },
  };
}
