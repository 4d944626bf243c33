/**
 * Builds the real backend (electron/backend, in-memory SQLite) for renderer component tests. It lives
 * under test/ because the renderer may not import electron/*: test/renderer/setup.ts hands this factory
 * to renderer/src/test/testBackend.ts, and component tests reach the backend only through the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ImportSummary } from '../../shared/models/import.js';
import { createBackend } from '../../electron/backend/index.js';
import type { RecordingTransport, TestBackend, TestBackendOptions } from '../../renderer/src/test/testBackend.js';

/** The default clock: a known morning, one second on per reading (so stamps differ and sort). */
function steppingClock(): () => number {
  let t = Date.parse('2026-03-02T09:00:00Z');
  return () => (t += 1000);
}

export async function createTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const backend = await createBackend({ dbPath: ':memory:', host: 'test', now: options.now ?? steppingClock() });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-renderer-'));
  let files = 0;
  let closed = false;

  const transport: RecordingTransport = {
    calls: [],
    invoke(channel, input) {
      transport.calls.push({ channel, input });
      return backend.dispatch(channel, input);
    },
    subscribe: (event, listener) => backend.events.onAny((name, payload) => name === event && listener(payload)),
  };

  async function call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
    const r = await backend.dispatch(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value as MethodOutput<K>;
  }

  const writeFile = async (name: string, text: string): Promise<string> => {
    const p = path.join(dir, `${++files}-${name}`);
    await fs.promises.writeFile(p, text, 'utf8');
    return p;
  };

  return {
    transport,
    call,
    async importCsv(csv, importOptions): Promise<ImportSummary> {
      const file = await writeFile('import.csv', csv);
      const { id } = await call('imports.start', { ...importOptions, path: file } as MethodInput<'imports.start'>);
      // The import service's own wait (as the CLI uses): resolves with the summary once the import ended.
      const summary = await backend.services.imports.wait(id);
      if (summary.status !== 'completed') throw new Error(`The seed import ended ${summary.status}: ${JSON.stringify(summary)}`);
      // Live segments follow the imported rows before the test goes on.
      await backend.services.live.whenIdle();
      return summary;
    },
    writeFile,
    readFile: (p) => fs.promises.readFile(p, 'utf8'),
    tempPath: (name) => path.join(dir, `${++files}-${name}`),
    async close() {
      if (closed) return;
      closed = true;
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
