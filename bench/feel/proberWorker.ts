/**
 * The API-wait prober (a worker thread of the bench process, so the bench's own work never delays
 * it): on its own WebSocket connection it sends `app.info` — the cheapest call there is — about every
 * 10 ms, one at a time, and records each round trip with the epoch time it was sent. On "stop" it
 * posts the samples back as [sentAt epoch ms, round trip ms] pairs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiClient } from './app.js';

const { port, everyMs } = workerData as { port: number; everyMs: number };

async function main(): Promise<void> {
  const api = await ApiClient.connect(port);
  const samples: [number, number][] = [];
  let stopping = false;
  parentPort?.on('message', (m: string) => {
    if (m === 'stop') stopping = true;
  });
  parentPort?.postMessage({ type: 'ready' });
  while (!stopping) {
    const sentAt = Date.now();
    const a = await api.call('app.info');
    samples.push([sentAt, a.ms]);
    const rest = everyMs - a.ms;
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  api.close();
  parentPort?.postMessage({ type: 'samples', samples });
}

void main();
