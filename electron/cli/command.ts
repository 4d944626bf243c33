/**
 * The CLI's command shape. Each subcommand lives in `commands/<name>.ts` and is listed once in
 * `commands/index.ts`; `index.ts` parses arguments with node's util.parseArgs against the command's
 * options and prints `--help` from the same declarations, so every flag is documented.
 */

/** One flag of a command. */
export interface CliOption {
  type: 'string' | 'boolean';
  /** Repeatable (values collected into an array). */
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. FILE, N, COL=ENTITY. */
  arg?: string;
  description: string;
  required?: boolean;
}

/** Parsed flag values (util.parseArgs result). */
export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Where a command writes: results to `out` (stdout), diagnostics and progress to `err` (stderr). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage lines after `segment-studio `, e.g. `init --db FILE [--demo N]`. */
  usage: string[];
  options: Record<string, CliOption>;
  /** Extra help text (examples, defaults). */
  details?: string;
  /** Accepts positional arguments (e.g. `segment go-live --db FILE NAME`); they are passed to `run`. */
  positionals?: boolean;
  /** Returns the exit code. Throw CliUsageError for bad arguments (exit 2). */
  run(values: CliValues, io: CliIo, positionals: string[]): Promise<number>;
}

/** Bad arguments: printed with a hint to `--help`, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The output pipe closed (the reader exited, e.g. `| head`): stop quietly, exit 0. */
export class OutputClosed extends Error {
  constructor() {
    super('output closed');
    this.name = 'OutputClosed';
  }
}

/** Reads a string flag; throws a usage error when a required one is missing. */
export function stringFlag(values: CliValues, name: string, required: true): string;
export function stringFlag(values: CliValues, name: string, required?: false): string | undefined;
export function stringFlag(values: CliValues, name: string, required = false): string | undefined {
  const v = values[name];
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (required) throw new CliUsageError(`--${name} is required.`);
  return undefined;
}

/** Reads a repeatable string flag. */
export function listFlag(values: CliValues, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** Reads a non-negative integer flag. */
export function intFlag(values: CliValues, name: string): number | undefined {
  const v = stringFlag(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CliUsageError(`--${name} must be a whole number (got "${v}").`);
  return Number(v);
}

/** Splits `A=B` flag values. */
export function pairFlag(values: CliValues, name: string): [string, string][] {
  return listFlag(values, name).map((p) => {
    const i = p.indexOf('=');
    if (i <= 0 || i === p.length - 1) throw new CliUsageError(`--${name} expects NAME=VALUE (got "${p}").`);
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  });
}
