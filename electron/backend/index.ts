import type { AppInfo } from '../../shared/api/contract.js';
import type { Db } from './db/connection.js';
import { openDatabase } from './db/connection.js';
import { SCHEMA_VERSION } from './db/migrations/index.js';
import { createDispatch, type Dispatch } from './api/dispatch.js';
import type { Handlers } from './api/handlers.js';
import { segmentHandlers } from './api/handlers/segments.js';
import { EventBus } from './events.js';
import { SegmentService } from './segments/segmentService.js';
import { describeCatalog } from './catalog/describe.js';
import { seedIfEmpty } from './seed.js';

export interface BackendOptions {
  /** SQLite file; created with the schema on first start. */
  dbPath: string;
  host: AppInfo['host'];
  /** Clock (epoch ms); tests pin it. */
  now?: () => number;
  /** Who acts (owner of new segments, transition log). */
  actor?: string;
  /** Fill an empty database with the demo data set (first start of the app). */
  seedDemo?: boolean;
  /** Where unexpected errors go. */
  log?: (err: unknown) => void;
}

/** One running backend: the API, its events and the database. Hosts (Electron, web, CLI) wrap it. */
export interface Backend {
  dispatch: Dispatch;
  events: EventBus;
  db: Db;
  services: { segments: SegmentService };
  close(): Promise<void>;
}

export const APP_NAME = 'Segment Studio';
export const APP_VERSION = '0.1.0';

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const db = openDatabase(options.dbPath);
  const events = new EventBus();
  const now = options.now ?? Date.now;
  const actor = options.actor ?? 'local user';
  const segments = new SegmentService({ db, events, now, actor });
  if (options.seedDemo) seedIfEmpty({ db, segments });

  const handlers: Handlers = {
    'app.info': () => ({ name: APP_NAME, version: APP_VERSION, databasePath: options.dbPath, schemaVersion: SCHEMA_VERSION, host: options.host }),
    'catalog.describe': () => describeCatalog(db),
    ...segmentHandlers(segments),
  };

  return {
    dispatch: createDispatch(handlers, { actor }, options.log),
    events,
    db,
    services: { segments },
    async close() {
      db.close();
    },
  };
}
