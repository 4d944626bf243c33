import { spawn } from 'node:child_process';
import path from 'node:path';

/** A built web host as its own process on `dbPath`: the web form of "launch the app" and "quit it". */
export interface WebHostProcess {
  url: string;
  /** Stops the host the way Ctrl+C does; resolves with its exit code once the process is gone. */
  quit(): Promise<number | null>;
}

export async function launchWebHost(dbPath: string, port: number): Promise<WebHostProcess> {
  const root = path.join(__dirname, '..', '..', '..');
  const child = spawn(
    process.execPath,
    [path.join(root, 'dist-electron/electron/webhost/index.js'), '--db', dbPath, '--port', String(port)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running at')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`The web host exited (${String(code)}) before it was ready: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    quit: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
