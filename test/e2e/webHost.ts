/**
 * Starts and stops the built web host (dist-electron/electron/webhost/index.js) as a child process on
 * a database file of its own, on a free port (--port 0; the host prints its URL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ENTRY = path.join(__dirname, '..', '..', 'dist-electron', 'electron', 'webhost', 'index.js');

export interface RunningHost {
  url: string;
  dbPath: string;
  /** Stops the host as Ctrl+C or a logout does (SIGTERM); resolves with its exit code once it is gone. */
  stop(): Promise<number | null>;
}

/** Starts the host on `dbPath` (a new file gets the demo data) and resolves with its URL once it listens. */
export function startHost(dbPath: string, timeoutMs = 120_000): Promise<RunningHost> {
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npm run build" before the e2e tests.`);
  const child = spawn(process.execPath, [ENTRY, '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Should the worker end without its fixture teardown (a crash), do not leave the host running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return new Promise<RunningHost>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`The web host did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    let settled = false;
    function fail(err: Error): void {
      if (settled) return; // an exit after start-up is a stop, not a failure
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    }
    const onData = (d: Buffer) => {
      output += d.toString('utf8');
      const url = /running at (http:\/\/\S+?)\/?\s/.exec(output)?.[1];
      if (!url) return;
      settled = true;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining the pipes so a chatty host never blocks on a full one.
      child.stdout?.resume();
      resolve({ url, dbPath, stop: () => stopHost(child) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.once('exit', (code) => fail(new Error(`The web host exited (code ${code}) before it listened:\n${output}`)));
  });
}

/** SIGTERM: the host closes its backend (the WAL checkpointed and removed) and exits with 0. */
function stopHost(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Removes a database file with its WAL and shared-memory files. */
export function removeDb(dbPath: string): void {
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) fs.rmSync(f, { force: true });
}
