import type { AppInfo, EventPayload } from '../../shared/api/contract.js';
import type { Db } from './db/connection.js';
import { splitsHandlers } from './api/handlers/splits.js';
import { SplitService } from './splits/splitService.js';
import { openDatabase } from './db/connection.js';
import { readPackageFacts } from './appInfo.js';
import { SCHEMA_VERSION } from './db/migrations/index.js';
import { createDispatch, type Dispatch } from './api/dispatch.js';
import type { Handlers } from './api/handlers.js';
import { segmentHandlers } from './api/handlers/segments.js';
import { liveHandlers } from './api/handlers/live.js';
import { assertValid, engineHandlers } from './api/handlers/engine.js';
import { EvaluatorHost } from './evaluator/host.js';
import type { MemberSearchSpec } from './evaluator/columnar/memberSearch.js';
import { LiveService } from './live/liveService.js';
import { createLiveEngine } from './live/liveEngine.js';
import type { WorkerMembersJob } from './live/liveEngine.js';
import { EventBus } from './events.js';
import { SegmentService } from './segments/segmentService.js';
import { catalogHandlers } from './api/handlers/catalog.js';
import { fieldValueHandlers } from './api/handlers/fieldValues.js';
import { homeHandlers } from './api/handlers/home.js';
import { seedDemoData, seedDemoSegments } from './seed.js';
import { DataChangeHub } from './dataChange.js';
import { ImportService } from './io/importService.js';
import { ContactService } from './contacts/contactService.js';
import { importHandlers } from './api/handlers/imports.js';
import { contactHandlers } from './api/handlers/contacts.js';
import { ExportJobs } from './io/export/jobs.js';
import { segmentFileHandlers } from './api/handlers/segmentFiles.js';
import { warehouseHandlers } from './api/handlers/warehouse.js';
import { WarehouseService } from './warehouse/warehouseService.js';
import { SegmentFileService } from './io/segmentFiles/segmentFileService.js';
import { DeletionService } from './contacts/deletionService.js';
import { deletionHandlers } from './api/handlers/deletion.js';
import { templateHandlers } from './api/handlers/templates.js';
import { TemplateService } from './templates/templateService.js';
import { WriterHost } from './db/writer.js';
import type { DynamicDefinition } from '../../shared/segments/ast.js';
import { warehouseSourceHandlers } from './api/handlers/warehouseSource.js';
import { WarehouseSourceService } from './warehouse/source/warehouseSource.js';
import { environmentSecrets, type WarehouseSecretStore } from './warehouse/source/secrets.js';
import { isValidTimeZone } from '../../shared/segments/dates.js';

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
  /**
   * Heavy membership writes on the writer thread (default true for a database file). False writes them
   * on the main connection, as before the writer existed: only `bench/writerLag.ts` does, to compare.
   */
  writerThread?: boolean;
  /** Where the warehouse password is kept (desktop: safeStorage); default: SS_WAREHOUSE_PASSWORD / this session. */
  warehouseSecrets?: WarehouseSecretStore;
}

/** One running backend: the API, its events and the database. Hosts (Electron, web, CLI) wrap it. */
export interface Backend {
  dispatch: Dispatch;
  events: EventBus;
  db: Db;
  /** Every write of contact data reports here after commit; live segments subscribe. */
  dataChanges: DataChangeHub;
  services: {
    segments: SegmentService;
    live: LiveService;
    imports: ImportService;
    contacts: ContactService;
    deletion: DeletionService;
    warehouseSource: WarehouseSourceService;
  };
  /** Segment evaluation on a worker thread (estimate, materialise, member queries). */
  evaluator: EvaluatorHost;
  /** The writer thread of the heavy membership writes (db/writer.ts); absent for an in-memory database. */
  writer?: WriterHost;
  close(): Promise<void>;
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const app = readPackageFacts();
  const db = openDatabase(options.dbPath);
  // What has started so far, stopped again should the start fail after the database opened: the
  // desktop app goes on with another database and the user may move or delete this one.
  const started: Started = {};
  try {
    const backend = assemble(db, app, options, started);
    // The demo segments go live through the real services, so they need the assembled backend.
    if (started.seedSegments) await seedDemoSegments(backend.services);
    return backend;
  } catch (err) {
    started.live?.stopScheduler();
    await started.writer?.close();
    await started.evaluator?.close();
    db.close();
    throw err;
  }
}

/** What has started (stopped again on failure), and whether the demo segments are still to be created. */
interface Started {
  evaluator?: EvaluatorHost;
  writer?: WriterHost;
  live?: LiveService;
  seedSegments?: boolean;
}

function assemble(db: Db, app: ReturnType<typeof readPackageFacts>, options: BackendOptions, started: Started): Backend {
  const events = new EventBus();
  const now = options.now ?? Date.now;
  const actor = options.actor ?? 'local user';
  started.seedSegments = options.seedDemo === true && seedDemoData({ db });
  // The worker starts on first use (the app's, pre-warming, at once); an in-memory database (tests) cannot
  // be shared with it. First of the threads: booting one costs ~100 ms of CPU, and the first estimate after
  // opening waits for this one, not for the writer thread (docs/performance.md, session 9).
  const evaluator = new EvaluatorHost({
    dbPath: options.dbPath,
    events,
    prewarm: options.host === 'electron' || options.host === 'web',
    // Column and log snapshots beside the database: a restart reads them instead of the tables (docs/performance.md).
    snapshots: options.host === 'electron' || options.host === 'web',
    // ... and a background builder writing one for every field and interaction type (evaluator/columnar/snapshot/builder.ts).
    buildSnapshots: options.host === 'electron' || options.host === 'web',
  });
  started.evaluator = evaluator;
  // Heavy writes run on the writer thread (its own connection); an in-memory database has none.
  const writer =
    options.dbPath === ':memory:' || options.writerThread === false ? undefined : new WriterHost(options.dbPath, { checkpointsOf: db });
  if (writer) started.writer = writer;
  const segments = new SegmentService({ db, events, now, actor, writer });
  const dataChanges = new DataChangeHub(options.log);
  const onDataChanged = dataChanges.emit.bind(dataChanges);
  // `live` is created below; an import only asks for it when it ends.
  const imports = new ImportService({
    db,
    events,
    now,
    onDataChanged,
    settled: () => live.whenIdle(),
    cascade: (segmentId, rids) => live.refresher.cascadeFrom(segmentId, rids),
  });
  const contacts = new ContactService({ db, onDataChanged });
  const deletion = new DeletionService({
    db,
    now,
    onDataChanged,
    settled: () => live.whenIdle(),
    importing: () => imports.running(),
    cascade: (segmentId, rids) => live.refresher.cascadeFrom(segmentId, rids),
  });
  // The worker's columnar cache follows every committed change (docs/columnar-engine.md).
  dataChanges.subscribe((change) => evaluator.notifyDataChanged(change));
  // Segments set to run on the warehouse are evaluated there (warehouse/source/); the desktop plans.
  const warehouseSource = new WarehouseSourceService({ db, segments, secrets: options.warehouseSecrets ?? environmentSecrets(), now });
  const live = new LiveService({
    db,
    events,
    now,
    segments,
    engine: createLiveEngine(db),
    // Full evaluations run on the worker's columnar engine (or the warehouse); per-contact re-checks stay here (microseconds each).
    ...(options.dbPath === ':memory:'
      ? {}
      : {
          runOnWorker: ({ segmentId, preview, ...job }: WorkerMembersJob) =>
            segmentId !== undefined && warehouseSource.runsOn(segmentId)
              ? warehouseSource.members({ ...job, segmentId, preview })
              : evaluator.definitionMemberRids(job),
          // Member search of large segments on the worker's columnar cache (live/members.ts).
          membersOnWorker: (definition: DynamicDefinition, search?: MemberSearchSpec) =>
            evaluator.definitionMemberRids({ definition, timeZone: 'UTC', now: now(), ...(search ? { search } : {}) }),
        }),
    ...(writer ? { writer } : {}),
  });
  started.live = live;
  // Live membership follows every committed data change; `live.whenIdle()` waits until it is current.
  dataChanges.subscribe((change) => {
    live.onDataChanged(change).catch((err: unknown) => options.log?.(err));
  });
  // A whole re-evaluation written (a go-live's 885k members): the worker loads them before a member search
  // asks (per-contact re-checks, reason 'dataChange', are left to the next search: one load per edit is waste).
  events.onAny((event, payload) => {
    const m = payload as EventPayload<'membership.changed'>;
    if (event === 'membership.changed' && m.reason !== 'dataChange' && m.size > 0) evaluator.warmMembers(m.segmentId);
  });
  // Rows an import committed before a crash may not have reached live segments: re-check them now.
  for (const change of imports.interruptedChanges) dataChanges.emit(change);
  // Long-running hosts re-evaluate relative-date and window segments as time passes.
  if (options.host === 'electron' || options.host === 'web') live.startScheduler();

  // Running exports by caller id, so one can be cancelled between batches (io/export/jobs.ts).
  const exportJobs = new ExportJobs();
  const templates = new TemplateService({ db, events, segments, now });
  const engine = engineHandlers({ db, evaluator: options.dbPath === ':memory:' ? null : evaluator, now });
  const handlers: Handlers = {
    'app.info': () => ({
      name: app.name,
      version: app.version,
      databasePath: options.dbPath,
      schemaVersion: SCHEMA_VERSION,
      host: options.host,
    }),
    ...catalogHandlers(db),
    ...segmentHandlers(segments),
    ...importHandlers(imports),
    ...contactHandlers(contacts, exportJobs, events),
    ...deletionHandlers(deletion),
    ...homeHandlers(db, segments, now),
    ...fieldValueHandlers(db),
    ...segmentFileHandlers(new SegmentFileService({ db, events, now, actor, segments })),
    ...liveHandlers(live, exportJobs),
    ...engine,
    // A segment set to run on the warehouse is estimated there (validated here first, as every estimate).
    'segments.estimate': (input, ctx) => {
      if (!warehouseSource.runsOn(input.segmentId) || !input.segmentId) return engine['segments.estimate'](input, ctx);
      const timeZone = input.timeZone ?? segments.get(input.segmentId).timeZone;
      if (!isValidTimeZone(timeZone)) return engine['segments.estimate'](input, ctx); // the engine's own message
      assertValid(db, input.definition, input.segmentId);
      return warehouseSource.estimate({
        definition: input.definition,
        timeZone,
        now: input.now !== undefined ? Date.parse(input.now) : now(),
        segmentId: input.segmentId,
      });
    },
    ...warehouseSourceHandlers(warehouseSource),
    ...warehouseHandlers(new WarehouseService({ db, events, segments, now })),
    ...templateHandlers(templates),
    ...splitsHandlers(new SplitService({ db, segments, live }), exportJobs),
  };

  return {
    dispatch: createDispatch(handlers, { actor }, options.log),
    events,
    db,
    dataChanges,
    services: { segments, live, imports, contacts, deletion, warehouseSource },
    evaluator,
    ...(writer ? { writer } : {}),
    async close() {
      await imports.stopAll();
      live.stopScheduler();
      await live.whenIdle();
      await writer?.close();
      await evaluator.close();
      await warehouseSource.close();
      db.close();
    },
  };
}
