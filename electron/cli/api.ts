/**
 * How CLI commands reach the backend: through `dispatch`, the same entry the app's transports use, so
 * input checks, services and messages are the app's. No command runs SQL or reaches into handlers.
 */
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { ParseTextResult } from '../../shared/api/contract/engine.js';
import { ApiFailure } from '../../shared/api/result.js';
import type { Backend } from '../backend/index.js';
import type { CliIo } from './command.js';

/** Calls one API method; a failed result is thrown as the ApiFailure it carries (printed by main). */
export async function call<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new ApiFailure(r.error.code, r.error.message, r.error.issues);
  return r.value as MethodOutput<K>;
}

/** The id of the segment a NAME|ID argument names: an id, or else a name (case-insensitive, trimmed). */
export async function resolveSegment(b: Backend, nameOrId: string): Promise<string> {
  const all = await call(b, 'segments.list', {});
  const wanted = nameOrId.trim().toLowerCase();
  const found = all.find((s) => s.id === nameOrId) ?? all.find((s) => s.name.toLowerCase() === wanted);
  if (!found) throw new ApiFailure('not_found', `no segment named or with id "${nameOrId}".`);
  return found.id;
}

/** Parses segment query text (segments.parseText); prints each error as `query:LINE:COL: message`. */
export async function parseQuery(
  b: Backend,
  text: string,
  io: CliIo,
): Promise<Extract<ParseTextResult, { ok: true }>['definition'] | null> {
  const result = await call(b, 'segments.parseText', { text });
  if (result.ok) return result.definition;
  for (const e of result.errors) io.err(`query:${e.line}:${e.column}: ${e.message}`);
  return null;
}
