/**
 * Child process of killConverge.test.ts: opens the backend on an existing database and puts one
 * segment live with its stored definition. The parent SIGKILLs it at a random moment.
 */
import { createBackend } from '../../electron/backend/index.js';

const [dbPath, segmentId] = process.argv.slice(2);
if (!dbPath || !segmentId) throw new Error('usage: killGoLiveChild DB SEGMENT');

async function main(): Promise<void> {
  const backend = await createBackend({ dbPath: dbPath as string, host: 'test' });
  const r = await backend.dispatch('segments.goLive', { id: segmentId as string });
  process.stdout.write(r.ok ? 'done\n' : `failed ${JSON.stringify(r.error)}\n`);
  await backend.close();
}

void main();
