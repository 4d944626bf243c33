/**
 * Child process for the SIGKILL test: opens the backend on an existing database and starts a go-live
 * (with a new definition) or a manual refresh of one segment, printing "started" just before the
 * membership transaction begins and "done" after it. The parent kills it at a random moment.
 */
import { createBackend } from '../../electron/backend/index.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';

const [dbPath, mode, segmentId, city] = process.argv.slice(2);
if (!dbPath || !mode || !segmentId) throw new Error('usage: liveKillChild DB goLive|refresh SEGMENT [CITY]');

const definition = (c: string): SegmentDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g1',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: [c] }],
      },
    },
  ],
});

async function main(): Promise<void> {
  const backend = await createBackend({ dbPath: dbPath as string, host: 'test' });
  process.stdout.write('started\n');
  const r =
    mode === 'goLive'
      ? await backend.dispatch('segments.goLive', { id: segmentId, definition: definition(city ?? 'B') })
      : await backend.dispatch('segments.refresh', { id: segmentId });
  process.stdout.write(r.ok ? 'done\n' : `failed ${JSON.stringify(r.error)}\n`);
  await backend.close();
}

void main();
