/** `npm run preview`: the web host as a program. Wiring only; see server.ts and args.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { parseWebHostArgs, USAGE } from './args.js';
import { fixedClock, startLagProbe } from './benchHooks.js';
import { appWorkerOptions, startEvaluatorEarly, stopEarlyEvaluator } from '../backend/evaluator/earlyStart.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseWebHostArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  // dist-electron/electron/webhost/index.js → dist/
  const distDir = path.resolve(__dirname, '..', '..', '..', 'dist');
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    console.error(`No built renderer in ${distDir}. Run "npm run build" first (or use "npm run preview").`);
    process.exitCode = 1;
    return;
  }
  const isNewDb = !fs.existsSync(args.dbPath);
  // The evaluator worker boots and pre-warms while the rest of the app loads (earlyStart.ts); the
  // backend adopts it. Hence the dynamic import of the server below.
  if (!isNewDb) startEvaluatorEarly(appWorkerOptions(args.dbPath));
  const { startWebHost } = await import('./server.js');
  // Benchmark opt-ins (benchHooks.ts): a standing clock and the event-loop lag probe.
  const now = fixedClock(process.env.SS_NOW);
  if (process.env.SS_LAG_PROBE) startLagProbe(process.env.SS_LAG_PROBE);
  const host = await startWebHost({ dbPath: args.dbPath, port: args.port, distDir, seedDemo: isNewDb, ...(now ? { now } : {}) });
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  // Handlers first: whoever reads the URL may stop the host at once (the e2e setup does), and a SIGTERM
  // that arrived between the print and the handler would kill the host without closing its database.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`Segment Studio is running at ${host.url}`);
  console.log(`Database: ${args.dbPath}${isNewDb ? ' (new, with demo data)' : ''}. Press Ctrl+C to stop.`);
}

main().catch((err: unknown) => {
  void stopEarlyEvaluator();
  const code = (err as { code?: unknown }).code;
  console.error(code === 'EADDRINUSE' ? 'That port is already in use; pick another with --port N.' : err);
  process.exitCode = 1;
});
