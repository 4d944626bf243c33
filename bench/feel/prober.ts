/** Starts the API-wait prober (proberWorker.ts) against a running app and collects its samples. */
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface Prober {
  /** Stops probing; resolves with every [sentAt epoch ms, round trip ms] sample. */
  stop(): Promise<[number, number][]>;
}

export async function startProber(port: number, everyMs = 10): Promise<Prober> {
  const worker = new Worker(path.join(__dirname, 'proberWorker.js'), { workerData: { port, everyMs } });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => resolve());
  });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (m: { type: string; samples?: [number, number][] }) => {
          if (m.type !== 'samples') return;
          void worker.terminate();
          resolve(m.samples ?? []);
        });
        worker.postMessage('stop');
      }),
  };
}
