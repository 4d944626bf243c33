import type { CliCommand } from './command.js';

const BIN = 'segment-studio';

/** Help for one command, generated from its option declarations. */
export function commandHelp(c: CliCommand): string {
  const lines = [`${c.summary}`, '', 'Usage:', ...c.usage.map((u) => `  ${BIN} ${u}`), '', 'Options:'];
  const entries = Object.entries(c.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
    const notes = [o.required ? 'required' : '', o.multiple ? 'repeatable' : ''].filter((x) => x !== '').join(', ');
    return [flag, `${o.description}${notes ? ` (${notes})` : ''}`] as const;
  });
  entries.push(['-h, --help', 'Show this help.']);
  const width = Math.max(...entries.map(([f]) => f.length)) + 2;
  for (const [f, d] of entries) lines.push(`  ${f.padEnd(width)}${d}`);
  if (c.details) lines.push('', c.details);
  return lines.join('\n');
}

/** The command list. */
export function mainHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Segment Studio on the command line: the same backend as the app, no window.',
    '',
    `Usage: ${BIN} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run "${BIN} <command> --help" for a command's options.`,
  ].join('\n');
}
