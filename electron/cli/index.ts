/**
 * `segment-studio` entry point: picks the subcommand from the table in commands/index.ts, parses its
 * flags with util.parseArgs (strict: unknown flags are errors), and maps outcomes to exit codes:
 * 0 success, 1 the operation failed (message on stderr), 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { ApiFailure } from '../../shared/api/result.js';
import { CliUsageError, OutputClosed, type CliIo, type CliValues } from './command.js';
import { COMMANDS } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';

/**
 * Whether the reader of stdout went away (`segment-studio segment members … | head`). Node reports a
 * closed pipe as an asynchronous EPIPE 'error' on process.stdout; without a listener that is an
 * uncaught exception with a stack trace. One listener here serves every command: it notes the close,
 * and the next `out` throws OutputClosed, which main turns into a quiet exit 0 (the command's
 * `finally` blocks still close the database).
 */
let stdoutClosed = false;
process.stdout.on('error', () => {
  // EPIPE, or a write after the stream was destroyed by it: either way nobody reads any more.
  stdoutClosed = true;
});

const defaultIo: CliIo = {
  out: (l) => {
    if (stdoutClosed || process.stdout.destroyed) throw new OutputClosed();
    process.stdout.write(`${l}\n`);
  },
  err: (l) => process.stderr.write(`${l}\n`),
};

/** A segment id (a UUID) inside an issue path. */
const ID_IN_PATH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Runs the CLI with the arguments after the program name; resolves with the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp(COMMANDS));
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`segment-studio: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    return 2;
  }
  let values: CliValues;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args: rest,
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([k, o]) => [
            k,
            { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) },
          ]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: command.positionals === true,
    });
    values = parsed.values as CliValues;
    positionals = parsed.positionals;
  } catch (e) {
    io.err(`segment-studio ${name}: ${e instanceof Error ? e.message : String(e)}`);
    io.err(`Run "segment-studio ${name} --help" for usage.`);
    return 2;
  }
  if (values['help']) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    for (const [k, o] of Object.entries(command.options))
      if (o.required && values[k] === undefined) throw new CliUsageError(`--${k} is required.`);
    return await command.run(values, io, positionals);
  } catch (e) {
    if (e instanceof OutputClosed) return 0;
    if (e instanceof CliUsageError) {
      io.err(`segment-studio ${name}: ${e.message}`);
      io.err(`Run "segment-studio ${name} --help" for usage.`);
      return 2;
    }
    if (e instanceof ApiFailure) {
      io.err(`segment-studio ${name}: ${e.message}`);
      for (const i of e.issues ?? []) {
        if (i.message === e.message || e.message.includes(i.message)) continue;
        // Paths like `dependants.<id>` point the app's UI at a row; a person reads the message (it names the segment).
        io.err(ID_IN_PATH.test(i.path) ? `  ${i.message}` : `  ${i.path}: ${i.message}`);
      }
      return 1;
    }
    io.err(`segment-studio ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`segment-studio: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
