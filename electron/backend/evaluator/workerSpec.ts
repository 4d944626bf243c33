/** Where a worker thread's entry file is, and how to run it. */
import path from 'node:path';

/**
 * In dev and tests this module is TypeScript, so the worker is too and runs through tsx; built, it is
 * the compiled .js. On Node 20 `--import tsx` does not reach a worker thread (its module hooks are not
 * applied there: "Unknown file extension .ts"), while tsx's CommonJS hook via `--require` does.
 */
export function workerSpec(name = 'worker'): { file: string; execArgv: string[] } {
  const isTs = __filename.endsWith('.ts');
  return { file: path.join(__dirname, `${name}${isTs ? '.ts' : '.js'}`), execArgv: isTs ? ['--require', 'tsx/cjs'] : [] };
}
