/**
 * The background snapshot builder (docs/performance.md, "Column snapshots") through real worker
 * threads on a real database file: after open and after every committed change it writes a current
 * file for every field and interaction type, so a fresh worker's first use of a field no definition
 * ever read is served from a file (no table scan: the worker's load log is the probe), with the
 * reference evaluator's members; a torn file is refused and rebuilt by the next pass.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { EvaluatorHost } from '../../electron/backend/evaluator/host.js';
import { decodeSnapshot } from '../../electron/backend/evaluator/columnar/snapshot/format.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { DynamicDefinition, SegmentDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { loadSnapshotFixtures, SNAPSHOT_DEFS } from './columnSnapshotDefs.js';

const NOW = Date.parse('2025-06-01T00:00:00Z');

let dir: string;
let dbPath: string;
let snapDir: string;
let backend: Backend;

async function load(opts: ImportOptions): Promise<void> {
  const r = await backend.dispatch('imports.start', opts);
  if (!r.ok) throw new Error(r.error.message);
  await backend.services.imports.wait((r.value as { id: string }).id);
}

/** Fields and a type that no definition of SNAPSHOT_DEFS reads: only the builder can have written their files. */
const NEVER_USED: Record<string, SegmentDefinition> = {
  email: profileRule('contact', { field: 'emailaddress1', operator: 'contains', values: ['example'] }),
  children: profileRule('contact', { field: 'numberofchildren', operator: 'gt', values: [1] }),
  visits: {
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'interaction',
        id: 'b1',
        combine: 'union',
        interactionType: 'WebsiteVisited',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'last', amount: 3650, unit: 'days' },
      },
    ],
  },
};

function profileRule(entity: string, rule: { field: string; operator: string; values: unknown[] }): DynamicDefinition {
  return {
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'profile',
        id: 'b1',
        combine: 'union',
        entity,
        root: { kind: 'group', id: 'g', combinator: 'and', children: [{ kind: 'rule', id: 'r', ...rule }] },
      },
    ],
  } as DynamicDefinition;
}

/** A host with the builder on (no quiet time: tests await its passes, never a delay), told about every change. */
function startBuilding(): { host: EvaluatorHost; stop: () => Promise<void> } {
  const host = new EvaluatorHost({ dbPath, snapshots: true, buildSnapshots: true, buildQuietMs: 0 });
  const unsubscribe = backend.dataChanges.subscribe((c) => host.notifyDataChanged(c));
  return {
    host,
    stop: async () => {
      unsubscribe();
      await host.close();
    },
  };
}

/** A fresh worker (no builder): every definition equals the reference; returns its table scans (loads not from a file). */
async function freshWorkerScans(defs: Record<string, SegmentDefinition>): Promise<string[]> {
  const host = new EvaluatorHost({ dbPath, snapshots: true });
  try {
    const data = loadDataset(backend.db);
    for (const [name, def] of Object.entries(defs)) {
      const want = evaluateDefinition(def, data, { now: NOW, timeZone: 'UTC' });
      const got = await host.estimate({ definition: def, timeZone: 'UTC', now: NOW }, name);
      expect({ name, path: got.path, total: got.total, blockCounts: got.blockCounts }).toEqual({
        name,
        path: 'columnar',
        total: want.members.size,
        blockCounts: want.blockCounts,
      });
    }
    return (await host.cacheStats()).loads.map((l) => l.what).filter((w) => !w.includes('(snapshot'));
  } finally {
    await host.close();
  }
}

const files = (): string[] => (fs.existsSync(snapDir) ? fs.readdirSync(snapDir).sort() : []);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-snapbuild-'));
  dbPath = path.join(dir, 'data.db');
  snapDir = `${dbPath}.columns`;
  backend = await createBackend({ dbPath, host: 'test' });
  await loadSnapshotFixtures(backend);
}, 60_000);

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('background snapshot builder', () => {
  it('builds a file for every field and interaction type; a first use of any of them scans no table', async () => {
    expect(files()).toEqual([]);
    const b = startBuilding();
    const status = await b.host.whenSnapshotsBuilt();
    await b.stop();
    expect(status.built).toBeGreaterThan(0);
    const catalog = backend.db.prepare('SELECT count(*) FROM catalog_fields WHERE entity IN (?, ?)').pluck().get('contact', 'account');
    expect(files().filter((f) => f.includes('.col-')).length).toBe(catalog);
    const types = backend.db.prepare('SELECT id FROM interaction_types').pluck().all() as number[];
    expect(types.map((t) => `log-${t}.snap`).filter((f) => !files().includes(f))).toEqual([]);
    expect(files().filter((f) => f.includes('.tmp-'))).toEqual([]);

    expect(await freshWorkerScans({ ...SNAPSHOT_DEFS, ...NEVER_USED })).toEqual([]);
  });

  it('after committed changes (an update, an import of interactions) the next pass brings every file up to date', async () => {
    const b = startBuilding();
    await b.host.whenSnapshotsBuilt();
    const rid = backend.db.prepare("SELECT rid FROM ent_contact WHERE key = 'C1'").pluck().get() as number;
    const r = await backend.dispatch('contacts.update', { rid, values: { address1_city: 'Seattle', emailaddress1: 'x@example.org' } });
    expect(r.ok).toBe(true);
    const csv = path.join(dir, 'more.csv');
    fs.writeFileSync(
      csv,
      'interactionid,interactiontype,contactid,timestamp\nB1,WebsiteVisited,C2,2025-05-01T09:00:00Z\nB2,EmailOpened,C3,2025-05-02T09:00:00Z\n',
    );
    await load({ kind: 'interactions', path: csv });
    const status = await b.host.whenSnapshotsBuilt();
    await b.stop();
    expect(status.scans).toBeGreaterThan(0); // the update made every contact column stale: rebuilt from the table
    // A fresh worker finds every part current: no table scan, and no file refused.
    expect(await freshWorkerScans({ ...SNAPSHOT_DEFS, ...NEVER_USED })).toEqual([]);
  });

  it('a torn file is not taken for current: the next pass rebuilds it whole', async () => {
    const b = startBuilding();
    await b.host.whenSnapshotsBuilt();
    const email = files().find((f) => /^ent-ent_contact\.col-c_emailaddress1\.snap$/.test(f));
    if (!email) throw new Error(`no email column file in ${files().join(', ')}`);
    const file = path.join(snapDir, email);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    // Any committed change starts a pass.
    b.host.notifyDataChanged({ kind: 'profile', entity: 'account', fields: ['industry'], rids: [] });
    await b.host.whenSnapshotsBuilt();
    await b.stop();
    expect(() => decodeSnapshot(fs.readFileSync(file))).not.toThrow();
    expect(await freshWorkerScans(NEVER_USED)).toEqual([]);
  });

  it('a worker starting with files pre-loads, from them, what recently saved segments read, and estimates them once', async () => {
    const b = startBuilding();
    await b.host.whenSnapshotsBuilt();
    await b.stop();
    backend.services.segments.create({
      name: 'recent-email',
      type: 'dynamic',
      definition: NEVER_USED.email as SegmentDefinition,
      timeZone: 'UTC',
    });
    const warm = new EvaluatorHost({ dbPath, snapshots: true, prewarm: true });
    try {
      await warm.whenWarm();
      const loads = (await warm.cacheStats()).loads.map((l) => l.what);
      expect(loads).toContain('contact.emailaddress1 (snapshot +0)');
      expect(loads.filter((w) => !w.includes('(snapshot'))).toEqual([]);
    } finally {
      await warm.close();
    }
  });
});
