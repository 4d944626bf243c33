/**
 * The warehouse data source: the app connected to a PostgreSQL database holding the warehouse schema
 * (docs/warehouse.md). The desktop plans — it validates a definition and compiles it with exportSql —
 * and the warehouse does the work: estimates, go-live and refreshes of segments set to run there.
 *
 * Members of a warehouse segment are written back to `segment_studio_members` in the warehouse (one
 * transaction: the set is replaced atomically, a continuing member keeps its `added_at`) AND pulled into
 * the desktop store through the live service's normal path (the refresher's member source), so the
 * Members view pages them from local SQLite with keyset paging — no warehouse round trip per page, and
 * the last members stay visible when the warehouse is unreachable.
 */
import type { EstimateResult } from '../../../../shared/api/contract/engine.js';
import type { SegmentSource, WarehouseSettings, WarehouseStatus } from '../../../../shared/api/contract/warehouseSource.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import type { Db } from '../../db/connection.js';
import { loadStorageCatalog } from '../../segments/compileCatalog.js';
import type { SegmentService } from '../../segments/segmentService.js';
import { exportSegmentSql } from '../../segments/sql/exportSql.js';
import type { SegmentSource as SqlSegmentSource } from '../../segments/sql/warehouseCompile.js';
import { warehouseSchema } from '../schema.js';
import { pullMemberContacts } from './pullContacts.js';
import { applyWarehouseCatalog, catalogIsEmpty } from './applyCatalog.js';
import { readWarehouseCatalog } from './readCatalog.js';
import type { CatalogFromWarehouse } from '../../../../shared/api/contract/warehouseSource.js';
import { INTROSPECT_SQL, mismatchMessage, schemaProblems, type FoundColumn } from './introspect.js';
import { whereOf, WarehousePool } from './pool.js';
import type { WarehouseSecretStore } from './secrets.js';
import * as repo from './settingsRepo.js';

/** The warehouse table members of warehouse segments are written to. */
export const WRITE_BACK_TABLE = 'segment_studio_members';

export interface WarehouseSourceDeps {
  db: Db;
  segments: SegmentService;
  secrets: WarehouseSecretStore;
  now: () => number;
}

/** A full evaluation of one segment (the live service's member job, with the segment's id). */
export interface WarehouseMembersJob {
  segmentId: string;
  /** A go-live preview: read only, nothing written back nor recorded. */
  preview?: boolean | undefined;
  definition: SegmentDefinition;
  timeZone: string;
  now: number;
}

const KEY_CHUNK = 500;

export class WarehouseSourceService {
  private pool: WarehousePool | null = null;
  /** The schema was checked against this catalog on the current pool. */
  private schemaChecked = false;

  constructor(private readonly deps: WarehouseSourceDeps) {}

  private displayName = (s: WarehouseSettings): string => `${s.database} on ${s.host}`;

  private current(): WarehousePool | null {
    const settings = repo.loadSettings(this.deps.db);
    if (!settings) return null;
    if (!this.pool || JSON.stringify(this.pool.settings) !== JSON.stringify(settings)) {
      void this.pool?.end();
      this.pool = new WarehousePool(settings, this.deps.secrets.get());
      this.schemaChecked = false;
    }
    return this.pool;
  }

  /** Reachable, signed in, schema matching: the status of `pool` now. */
  private async check(pool: WarehousePool): Promise<WarehouseStatus> {
    const base = {
      settings: pool.settings,
      displayName: this.displayName(pool.settings),
      secretStore: this.deps.secrets.kind,
      hasPassword: this.deps.secrets.get() !== null,
      checkedAt: new Date(this.deps.now()).toISOString(),
    };
    let version: string;
    let found: FoundColumn[];
    try {
      version = (await pool.query<{ server_version: string }>('SHOW server_version'))[0]?.server_version ?? '';
      found = await pool.query<FoundColumn>(INTROSPECT_SQL, [pool.settings.schema]);
    } catch (e) {
      return { ...base, state: 'unreachable', message: pool.fail(e).message, serverVersion: null };
    }
    const problems = schemaProblems(warehouseSchema(loadStorageCatalog(this.deps.db)), found);
    if (problems.length > 0)
      return { ...base, state: 'schemaMismatch', message: mismatchMessage(pool.settings.schema, problems), serverVersion: version };
    return { ...base, state: 'connected', message: null, serverVersion: version };
  }

  async status(): Promise<WarehouseStatus> {
    const pool = this.current();
    if (!pool) {
      return {
        state: 'notConfigured',
        settings: null,
        displayName: null,
        message: null,
        secretStore: this.deps.secrets.kind,
        hasPassword: this.deps.secrets.get() !== null,
        serverVersion: null,
        checkedAt: null,
      };
    }
    const s = await this.check(pool);
    this.schemaChecked = s.state === 'connected';
    return s;
  }

  /** Tries settings without saving anything. */
  async test(input: { settings: WarehouseSettings; password?: string | undefined }): Promise<WarehouseStatus> {
    const pool = new WarehousePool(input.settings, input.password ?? this.deps.secrets.get());
    try {
      const s = await this.check(pool);
      return input.password !== undefined ? { ...s, hasPassword: true } : s;
    } finally {
      await pool.end();
    }
  }

  /** Tests, then saves the settings and the password; refused (nothing saved) unless the warehouse is usable. */
  async connect(input: { settings: WarehouseSettings; password?: string | undefined }): Promise<WarehouseStatus> {
    if (catalogIsEmpty(this.deps.db)) {
      // A fresh database: its catalog is the warehouse's (read before the schema check, which needs it).
      const pool = new WarehousePool(input.settings, input.password ?? this.deps.secrets.get());
      try {
        await this.readInto(pool);
      } catch (e) {
        if (e instanceof ApiFailure) throw e; // a schema not in the documented shape: refused by name
        // unreachable, sign-in refused…: the test below says so in words
      } finally {
        await pool.end();
      }
    }
    const tried = await this.test(input);
    if (tried.state !== 'connected') throw new ApiFailure('invalid_state', tried.message ?? 'The warehouse is not usable.');
    if (input.password !== undefined) {
      try {
        this.deps.secrets.set(input.password);
      } catch (e) {
        throw new ApiFailure('invalid_state', e instanceof Error ? e.message : String(e), [{ path: 'password', message: 'Not saved' }]);
      }
    }
    repo.saveSettings(this.deps.db, input.settings, this.deps.now());
    await this.pool?.end(); // a new password or new settings: the next use opens a fresh pool
    this.pool = null;
    return this.status();
  }

  /** Reads the catalog of `pool`'s schema and stores it (one transaction; refused by name, nothing half-written). */
  private async readInto(pool: WarehousePool): Promise<CatalogFromWarehouse> {
    const schema = pool.settings.schema;
    const found = await pool.query<FoundColumn>(INTROSPECT_SQL, [schema]);
    const read = await readWarehouseCatalog((sql, params) => pool.query(sql, params), schema, found);
    const added = applyWarehouseCatalog(this.deps.db, read.catalog, schema, found);
    repo.markCatalogRead(this.deps.db, this.deps.now(), read.source, schema);
    this.schemaChecked = false;
    return { source: read.source, ...added, skipped: read.skipped };
  }

  /** "Read the catalog from the warehouse": adds the connected warehouse's entities, fields and types here. */
  async readCatalog(): Promise<CatalogFromWarehouse> {
    const pool = this.current();
    if (!pool) throw new ApiFailure('invalid_state', 'No warehouse is connected: connect one on the Warehouse page.');
    return this.readInto(pool);
  }

  async disconnect(): Promise<WarehouseStatus> {
    repo.forgetSettings(this.deps.db);
    this.deps.secrets.clear();
    await this.pool?.end();
    this.pool = null;
    return this.status();
  }

  runsOn(segmentId: string | undefined): boolean {
    return segmentId !== undefined && repo.runsOnWarehouse(this.deps.db, segmentId);
  }

  segmentSource(input: { segmentId: string }): SegmentSource {
    this.deps.segments.get(input.segmentId); // not_found for an unknown id
    return repo.segmentSource(this.deps.db, input.segmentId);
  }

  setRunOn(input: { segmentId: string; runOn: 'computer' | 'warehouse' }): SegmentSource {
    const seg = this.deps.segments.get(input.segmentId);
    if (input.runOn === 'warehouse') {
      if (seg.type === 'static')
        throw new ApiFailure('invalid_state', `"${seg.name}" is a static segment: its members are a list kept here, not a query to run.`);
      if (!repo.loadSettings(this.deps.db))
        throw new ApiFailure('invalid_state', 'Connect a warehouse first (Warehouse page), then choose to run segments there.');
    }
    repo.setRunOn(this.deps.db, seg.id, input.runOn === 'warehouse');
    return repo.segmentSource(this.deps.db, seg.id);
  }

  /** A usable pool with a schema that fits this catalog, or a clear failure. */
  private async ready(): Promise<WarehousePool> {
    const pool = this.current();
    if (!pool) throw new ApiFailure('invalid_state', 'No warehouse is connected: connect one on the Warehouse page.');
    if (!this.schemaChecked) {
      const s = await this.check(pool);
      if (s.state !== 'connected') throw new ApiFailure('invalid_state', s.message ?? 'The warehouse is not usable.');
      this.schemaChecked = true;
    }
    return pool;
  }

  /** How a segment block reads another segment: live definitions inline, static members from the pushed table. */
  private reference = (segmentId: string): SqlSegmentSource => {
    const ref = this.deps.segments.get(segmentId);
    return ref.type === 'static' ? { kind: 'stored' } : { kind: 'definition', definition: ref.definition, timeZone: ref.timeZone };
  };

  /** The definition as one SELECT of contact keys in column `k` (the zone applied inside, "now" fixed). */
  private keysSql(definition: SegmentDefinition, timeZone: string, now: number): string {
    const sql = exportSegmentSql(loadStorageCatalog(this.deps.db), {
      definition,
      timeZone,
      dialect: 'postgres',
      now,
      segment: this.reference,
    });
    return `SELECT q.k::text AS k FROM (${sql.replace(/;\s*$/, '')}) AS q(k)`;
  }

  /** The exact member count on the warehouse; a newer estimate of the same segment cancels this one. */
  async estimate(input: { definition: SegmentDefinition; timeZone: string; now: number; segmentId?: string }): Promise<EstimateResult> {
    const pool = await this.ready();
    const started = performance.now();
    const sql = `SELECT count(*)::bigint AS n FROM (${this.keysSql(input.definition, input.timeZone, input.now)}) AS m`;
    const rows = await pool.cancellable<{ n: string }>(`estimate:${input.segmentId ?? 'draft'}`, sql);
    const total = Number(rows[0]?.n ?? 0);
    return {
      total,
      blockCounts: [],
      estimated: true,
      asOf: new Date(input.now).toISOString(),
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      source: 'warehouse',
    };
  }

  /**
   * Runs the segment on the warehouse, replaces its rows in `segment_studio_members` in one transaction,
   * and returns the local row ids of its members (keys this computer does not hold are counted, not kept).
   */
  async members(job: WarehouseMembersJob): Promise<number[]> {
    const { db } = this.deps;
    const at = this.deps.now();
    if (job.preview) {
      const pool = await this.ready();
      const rows = await pool.query<{ k: string }>(this.keysSql(job.definition, job.timeZone, job.now));
      return this.localRids(rows.map((r) => r.k));
    }
    try {
      const pool = await this.ready();
      const name = this.deps.segments.get(job.segmentId).name;
      const sql = this.keysSql(job.definition, job.timeZone, job.now);
      const keys = await pool.transaction(async (c) => {
        await c.query(
          `CREATE TABLE IF NOT EXISTS ${WRITE_BACK_TABLE} (segment_key text NOT NULL, segment_name text NOT NULL, ` +
            'contact_key text NOT NULL, added_at timestamptz NOT NULL, PRIMARY KEY (segment_key, contact_key))',
        );
        await c.query('CREATE TEMP TABLE ss_new (k text PRIMARY KEY) ON COMMIT DROP');
        await c.query(`INSERT INTO ss_new SELECT DISTINCT k FROM (${sql}) AS s WHERE k IS NOT NULL`);
        await c.query(
          `DELETE FROM ${WRITE_BACK_TABLE} m WHERE m.segment_key = $1 AND NOT EXISTS (SELECT 1 FROM ss_new n WHERE n.k = m.contact_key)`,
          [job.segmentId],
        );
        await c.query(`UPDATE ${WRITE_BACK_TABLE} SET segment_name = $2 WHERE segment_key = $1`, [job.segmentId, name]);
        await c.query(
          `INSERT INTO ${WRITE_BACK_TABLE} (segment_key, segment_name, contact_key, added_at) ` +
            'SELECT $1, $2, k, statement_timestamp() FROM ss_new ON CONFLICT DO NOTHING',
          [job.segmentId, name],
        );
        return (await c.query<{ k: string }>('SELECT k FROM ss_new')).rows.map((r) => r.k);
      });
      if (repo.catalogReadFromWarehouse(db)) await pullMemberContacts(db, pool, keys);
      const rids = this.localRids(keys);
      repo.recordRun(db, job.segmentId, at, { count: keys.length, unmatched: keys.length - rids.length });
      return rids;
    } catch (e) {
      const failure = e instanceof ApiFailure ? e : new ApiFailure('internal', e instanceof Error ? e.message : String(e));
      if (repo.runsOnWarehouse(db, job.segmentId)) repo.recordRun(db, job.segmentId, at, { error: failure.message });
      throw failure;
    }
  }

  /** Local row ids of contact keys (in chunks, well under SQLite's parameter limit). */
  private localRids(keys: readonly string[]): number[] {
    const contact = loadStorageCatalog(this.deps.db).entities.get('contact');
    if (!contact) return [];
    const out: number[] = [];
    for (let i = 0; i < keys.length; i += KEY_CHUNK) {
      const chunk = keys.slice(i, i + KEY_CHUNK);
      const rows = this.deps.db
        .prepare(`SELECT rid FROM "${contact.table}" WHERE key IN (${chunk.map(() => '?').join(',')})`)
        .pluck()
        .all(...chunk) as number[];
      out.push(...rows);
    }
    return out;
  }

  /** Where the data lives, for messages. */
  where(): string | null {
    const s = repo.loadSettings(this.deps.db);
    return s ? whereOf(s) : null;
  }

  async close(): Promise<void> {
    await this.pool?.end();
    this.pool = null;
  }
}
