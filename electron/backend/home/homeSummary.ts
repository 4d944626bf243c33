/**
 * The home view's summary: what the database holds (records per entity, interactions per type and
 * period), where it came from (demo data, the newest import) and which segments need attention. Counts
 * come from indexed reads: per-type totals from `contact_type_stats`, periods from the
 * (type_id, ts, contact_rid) index, so the page stays quick on millions of interactions.
 */
import type { HomeAttention, HomeLastImport, HomeSummary } from '../../../shared/api/contract/home.js';
import type { Db } from '../db/connection.js';
import type { SegmentService } from '../segments/segmentService.js';

const DAY = 86_400_000;
/** At most this many segments are listed as needing attention (the rest are counted in the list page). */
const ATTENTION_LIMIT = 20;
const RECENT_LIMIT = 5;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function homeSummary(db: Db, segments: SegmentService, now: number): HomeSummary {
  const entities = (
    db.prepare('SELECT name, label, table_name AS tableName FROM catalog_entities').all() as {
      name: string;
      label: string;
      tableName: string;
    }[]
  )
    .map((e) => ({
      name: e.name,
      label: e.label,
      count: db
        .prepare(`SELECT count(*) FROM "${e.tableName.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number,
    }))
    .sort((a, b) => (a.name === 'contact' ? -1 : b.name === 'contact' ? 1 : a.label.localeCompare(b.label)));

  const types = db.prepare('SELECT id, name, label FROM interaction_types ORDER BY name').all() as {
    id: number;
    name: string;
    label: string;
  }[];
  const totals = db.prepare('SELECT sum(n) AS total, max(last_ts) AS lastTs FROM contact_type_stats WHERE type_id = ?');
  const since = db.prepare('SELECT count(*) FROM interactions WHERE type_id = ? AND ts >= ? AND ts <= ?').pluck();
  const byType = types.map((t) => {
    const s = totals.get(t.id) as { total: number | null; lastTs: number | null };
    return {
      name: t.name,
      label: t.label,
      total: s.total ?? 0,
      last30Days: since.get(t.id, now - 30 * DAY, now) as number,
      last12Months: since.get(t.id, now - 365 * DAY, now) as number,
      lastAt: iso(s.lastTs),
    };
  });

  // A refused import wrote nothing: it is not where the data came from.
  const importCount = db.prepare("SELECT count(*) FROM imports WHERE status <> 'refused'").pluck().get() as number;
  const last = db
    .prepare(
      `SELECT i.file, i.kind, CASE WHEN i.kind = 'interactions' THEN 'Interactions' ELSE coalesce(e.label, i.target) END AS targetLabel,
              i.status, i.finished_at AS finishedAt, i.imported, i.updated, i.skipped
         FROM imports i LEFT JOIN catalog_entities e ON i.kind = 'entity' AND e.name = i.target
        WHERE i.status <> 'refused'
        ORDER BY coalesce(i.finished_at, i.started_at) DESC LIMIT 1`,
    )
    .get() as (Omit<HomeLastImport, 'finishedAt'> & { finishedAt: number | null }) | undefined;
  const demo = db.prepare('SELECT generated_at AS at, contacts FROM demo_runs ORDER BY id DESC LIMIT 1').get() as
    { at: number; contacts: number } | undefined;

  const all = segments.list({});
  return {
    entities,
    interactions: { total: byType.reduce((n, t) => n + t.total, 0), byType },
    imports: { count: importCount, last: last ? { ...last, finishedAt: iso(last.finishedAt) } : null },
    demo: demo ? { generatedAt: new Date(demo.at).toISOString(), contacts: demo.contacts } : null,
    segments: {
      total: all.length,
      live: all.filter((s) => s.status === 'live').length,
      draft: all.filter((s) => s.status === 'draft').length,
      stopped: all.filter((s) => s.status === 'stopped').length,
    },
    attention: attention(db, all),
    recent: all.slice(0, RECENT_LIMIT),
  };
}

/** Frozen segments (a referenced segment was stopped or deleted) first, then stopped ones. */
function attention(db: Db, all: ReturnType<SegmentService['list']>): HomeAttention[] {
  const byId = new Map(all.map((s) => [s.id, s]));
  const marks = db
    .prepare('SELECT segment_id AS segmentId, child_name AS childName, reason FROM segment_attention ORDER BY at DESC')
    .all() as { segmentId: string; childName: string; reason: 'stopped' | 'deleted' }[];
  const out: HomeAttention[] = [];
  const seen = new Set<string>();
  for (const m of marks) {
    const s = byId.get(m.segmentId);
    if (!s || seen.has(s.id)) continue;
    seen.add(s.id);
    out.push({
      id: s.id,
      name: s.name,
      type: s.type,
      status: s.status,
      reason: m.reason === 'stopped' ? 'childStopped' : 'childDeleted',
      message: `Its members are frozen: “${m.childName}”, which it uses, was ${m.reason === 'stopped' ? 'stopped' : 'deleted'}.`,
    });
  }
  for (const s of all) {
    if (s.status !== 'stopped' || seen.has(s.id)) continue;
    out.push({
      id: s.id,
      name: s.name,
      type: s.type,
      status: s.status,
      reason: 'stopped',
      message: 'Stopped: its members no longer follow the data. Edit it or take it live again.',
    });
  }
  return out.slice(0, ATTENTION_LIMIT);
}
