/**
 * The warehouse data source (docs/warehouse.md, "Connecting the app"): connection settings for a
 * PostgreSQL database holding the warehouse schema, a connection test, the status, and which segments
 * run there. The password never travels back out and is never stored in the database or settings: the
 * desktop app keeps it with Electron's safeStorage, the web host and CLI read SS_WAREHOUSE_PASSWORD.
 */
import { z } from 'zod';

/** How the connection uses TLS (libpq's names): off, encrypted, or encrypted with a verified certificate. */
export const SSL_MODES = ['disable', 'require', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

const name = (what: string) =>
  z.string().trim().min(1, `Enter the ${what}`).max(63, `The ${what} is at most 63 characters (PostgreSQL's limit)`);

/** Connection settings, validated at the boundary. */
export const warehouseSettingsSchema = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1, 'Enter the server name or address')
    .max(255)
    .regex(/^[A-Za-z0-9._:[\]-]+$/, 'A server name or IP address only (no spaces, no postgres:// prefix)'),
  port: z.number().int('The port is a whole number').min(1, 'The port is 1–65535').max(65535, 'The port is 1–65535'),
  database: name('database name'),
  user: name('user name'),
  /** The PostgreSQL schema holding the warehouse tables (usually `public`). */
  schema: name('schema name').regex(/^[a-z_][a-z0-9_]*$/, 'A schema name in lower case: letters, digits and _'),
  sslMode: z.enum(SSL_MODES),
  /** Longest a warehouse statement may run before PostgreSQL stops it. */
  statementTimeoutSeconds: z.number().int().min(1, 'At least 1 second').max(3600, 'At most 3,600 seconds'),
});
/** Connection settings (no password). */
export type WarehouseSettings = z.infer<typeof warehouseSettingsSchema>;

const password = z.string().max(1000).optional();
const segmentId = z.string().min(1).max(64);

export const warehouseSourceInputs = {
  /** The connection and its health now (connects and checks the schema when configured). */
  'warehouse.status': z.strictObject({}),
  /** Tries settings without saving them: reachable, signed in, and the schema matches this catalog. */
  'warehouse.test': z.strictObject({ settings: warehouseSettingsSchema, password }),
  /**
   * Tests, then saves the settings (and the password, in the host's secret store, when given). Refused
   * with the reason when the warehouse is unreachable or its schema does not match.
   */
  'warehouse.connect': z.strictObject({ settings: warehouseSettingsSchema, password }),
  /** Forgets the connection and its password; warehouse segments run on this computer again. */
  'warehouse.disconnect': z.strictObject({}),
  /** Where a segment's estimates, go-live and refreshes run. */
  'warehouse.setRunOn': z.strictObject({ segmentId, runOn: z.enum(['computer', 'warehouse']) }),
  /** Where a segment runs and how its last warehouse run went. */
  'warehouse.segmentSource': z.strictObject({ segmentId }),
  /**
   * "Read the catalog from the warehouse": adds the connected warehouse's entities, fields, lookups,
   * interaction types and labels to this catalog in one transaction (`warehouse.connect` does it by itself
   * for a fresh database). Refused, naming the table or column, when the schema is not the documented one.
   */
  'warehouse.readCatalog': z.strictObject({}),
};

type In<K extends keyof typeof warehouseSourceInputs> = z.infer<(typeof warehouseSourceInputs)[K]>;

/** The connection's state: not set up, working, unreachable now, or holding a schema this catalog cannot use. */
export type WarehouseState = 'notConfigured' | 'connected' | 'unreachable' | 'schemaMismatch';

/** The warehouse connection as the UI shows it. */
export interface WarehouseStatus {
  state: WarehouseState;
  settings: WarehouseSettings | null;
  /** A short name for people: `database on host`. */
  displayName: string | null;
  /** What went wrong (unreachable, sign-in refused, missing tables…), in words; null when connected. */
  message: string | null;
  /** Where the password is kept on this host. */
  secretStore: 'safeStorage' | 'environment';
  /** Whether a password is available (saved, or in the environment). */
  hasPassword: boolean;
  /** PostgreSQL's version string when connected. */
  serverVersion: string | null;
  /** When the state was checked (ISO). */
  checkedAt: string | null;
}

/** Where one segment runs and its last warehouse run. */
export interface SegmentSource {
  segmentId: string;
  runOn: 'computer' | 'warehouse';
  /** Last successful or failed warehouse run (ISO), null if never. */
  lastRunAt: string | null;
  /** Why the last warehouse run failed (e.g. unreachable); null after a success. */
  lastError: string | null;
  /** Members the warehouse returned last time. */
  lastCount: number | null;
  /** Of those, contacts this computer does not hold (they cannot be paged here). */
  lastUnmatched: number | null;
}

/** What reading the catalog from the warehouse added. */
export interface CatalogFromWarehouse {
  /** `metadata`: the `segment_studio_catalog` table `warehouse push` writes; `introspection`: information_schema only. */
  source: 'metadata' | 'introspection';
  entities: number;
  fields: number;
  interactionTypes: number;
  /** Columns left out, each with why (e.g. a relationship column without a foreign key, when introspecting). */
  skipped: string[];
}

export interface WarehouseSourceMethods {
  'warehouse.readCatalog': { input: In<'warehouse.readCatalog'>; output: CatalogFromWarehouse };
  'warehouse.status': { input: In<'warehouse.status'>; output: WarehouseStatus };
  'warehouse.test': { input: In<'warehouse.test'>; output: WarehouseStatus };
  'warehouse.connect': { input: In<'warehouse.connect'>; output: WarehouseStatus };
  'warehouse.disconnect': { input: In<'warehouse.disconnect'>; output: WarehouseStatus };
  'warehouse.setRunOn': { input: In<'warehouse.setRunOn'>; output: SegmentSource };
  'warehouse.segmentSource': { input: In<'warehouse.segmentSource'>; output: SegmentSource };
}
