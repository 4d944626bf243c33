/**
 * `segment update`, `segment delete` and `segment static add|remove`: the edits the app's segment
 * page makes, through the same API methods (segments.update, segments.delete, staticMembers.*), so the
 * lifecycle locks, the dependants check and the messages are the app's. Messages name segments by name.
 */
import type { Backend } from '../../backend/index.js';
import { call, parseQuery } from '../api.js';
import { CliUsageError, listFlag, stringFlag, type CliIo, type CliValues } from '../command.js';

/** `segment update`: changes the given fields; prints what changed, field by field. */
export async function updateSegment(b: Backend, id: string, values: CliValues, io: CliIo): Promise<number> {
  const name = stringFlag(values, 'name');
  const description = typeof values['description'] === 'string' ? values['description'] : undefined;
  const timeZone = stringFlag(values, 'time-zone');
  const query = stringFlag(values, 'query');
  if (name === undefined && description === undefined && timeZone === undefined && query === undefined)
    throw new CliUsageError('segment update needs at least one of --name, --description, --time-zone, --query.');
  const before = await call(b, 'segments.get', { id });
  let definition;
  if (query !== undefined) {
    definition = await parseQuery(b, query, io);
    if (!definition) return 1;
  }
  const after = await call(b, 'segments.update', {
    id,
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
    ...(definition ? { definition } : {}),
  });
  const changes: string[] = [];
  if (after.name !== before.name) changes.push(`name "${before.name}" → "${after.name}"`);
  if (after.description !== before.description) changes.push('description');
  if (after.timeZone !== before.timeZone) changes.push(`time zone ${before.timeZone} → ${after.timeZone}`);
  if (JSON.stringify(after.definition) !== JSON.stringify(before.definition)) changes.push('definition');
  io.out(changes.length === 0 ? `"${after.name}": nothing changed.` : `"${after.name}" updated: ${changes.join('; ')}.`);
  return 0;
}

/**
 * `segment delete`: the app's delete. Refused (exit 1, the app's message naming the live dependants)
 * while live segments use it; with --force they are marked "needs attention" and keep their last
 * members, frozen — and are named on stderr.
 */
export async function deleteSegment(b: Backend, id: string, force: boolean, io: CliIo): Promise<number> {
  const segment = await call(b, 'segments.get', { id });
  const { dependants } = await call(b, 'segments.liveStatus', { id });
  const live = dependants.filter((d) => d.status === 'live');
  await call(b, 'segments.delete', { id, force });
  io.out(`"${segment.name}" deleted.`);
  if (force && live.length > 0) io.err(`Marked "needs attention" (members frozen): ${live.map((d) => `"${d.name}"`).join(', ')}`);
  return 0;
}

/** `segment static add|remove --key K…`: hand-picked members of a static segment, by contact key. */
export async function staticMembers(b: Backend, id: string, action: string | undefined, values: CliValues, io: CliIo): Promise<number> {
  if (action !== 'add' && action !== 'remove')
    throw new CliUsageError(`segment static needs add or remove${action === undefined ? '' : ` (got "${action}")`}.`);
  const keys = listFlag(values, 'key')
    .flatMap((k) => k.split(','))
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (keys.length === 0) throw new CliUsageError('segment static needs --key K (repeatable, or comma-separated).');
  const segment = await call(b, 'segments.get', { id });
  const r = await call(b, action === 'add' ? 'staticMembers.add' : 'staticMembers.remove', { segmentId: id, contactKeys: keys });
  for (const k of r.unknownKeys) io.err(`unknown contact key "${k}"`);
  const verb = action === 'add' ? 'added' : 'removed';
  const already = action === 'add' ? 'already members' : 'not members';
  io.out(`"${segment.name}": ${r.changed} ${verb}, ${r.unchanged} ${already}, ${r.unknownKeys.length} unknown; ${r.size} members now.`);
  return r.unknownKeys.length > 0 ? 1 : 0;
}
