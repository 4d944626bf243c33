/**
 * How a host decides which file paths a caller may hand to the API. The contract marks every path
 * field ({@link filePath} in filePath.ts); this module derives, from the input schemas, which methods
 * take paths and where, and applies a host's {@link PathPolicy} to every path in an input before the
 * input reaches the backend. Policies per host: docs/security.md.
 */
import type { z } from 'zod';
import { inputSchemas } from './contract.js';
import { filePathFields, filePathValues, replaceAt, type FilePathField, type FileUse } from './filePath.js';
import { fail, type ApiError } from './result.js';

/** Path fields per method, for every method whose input has at least one. */
export function pathFieldsOf(schemas: Readonly<Record<string, z.ZodType>>): ReadonlyMap<string, readonly FilePathField[]> {
  const map = new Map<string, readonly FilePathField[]>();
  for (const [method, schema] of Object.entries(schemas)) {
    const fields = filePathFields(schema);
    if (fields.length > 0) map.set(method, fields);
  }
  return map;
}

/** The path fields of the one API contract, derived from its input schemas. */
export const CONTRACT_PATH_FIELDS: ReadonlyMap<string, readonly FilePathField[]> = pathFieldsOf(
  inputSchemas as Readonly<Record<string, z.ZodType>>,
);

/** One path a caller sent, as a policy sees it. */
export interface PathRequest {
  method: string;
  /** Dotted location in the input, e.g. `path`. */
  at: string;
  use: FileUse;
  /** Exactly what the caller sent (a policy must not assume a string). */
  value: unknown;
}

/** A policy's answer: the path to pass on (possibly resolved from a handle), or why not. */
export type PathVerdict = { ok: true; path: string } | { ok: false; message: string };

/** A host's rule for client-supplied paths. */
export interface PathPolicy {
  decide(request: PathRequest): PathVerdict;
}

/** The outcome of applying a policy: the input to dispatch (paths possibly replaced), or a refusal. */
export type PolicyOutcome = { ok: true; input: unknown } | { ok: false; error: ApiError };

/**
 * Applies `policy` to every path in `input` of `method`. The first refused path refuses the call
 * with `forbidden`, naming the field; nothing reaches the backend then.
 */
export function applyPathPolicy(policy: PathPolicy, method: unknown, input: unknown, fields = CONTRACT_PATH_FIELDS): PolicyOutcome {
  const methodFields = typeof method === 'string' ? fields.get(method) : undefined;
  if (!methodFields) return { ok: true, input };
  let result = input;
  for (const found of filePathValues(input, methodFields)) {
    const verdict = policy.decide({ method: method as string, ...found });
    if (!verdict.ok)
      return fail('forbidden', `${String(method)} refused ${found.at}: ${verdict.message}`, [{ path: found.at, message: verdict.message }]);
    if (verdict.path !== found.value) result = replaceAt(result, found.at, verdict.path);
  }
  return { ok: true, input: result };
}

/** Any host's dispatch: channel and input in, result out (extra arguments passed through). */
export type DispatchLike<A extends unknown[], R> = (channel: unknown, input: unknown, ...rest: A) => Promise<R>;

/** `dispatch` with `policy` applied to every call's paths first. */
export function withPathPolicy<A extends unknown[], R>(
  dispatch: DispatchLike<A, R>,
  policy: PathPolicy,
): DispatchLike<A, R | { ok: false; error: ApiError }> {
  return async (channel, input, ...rest) => {
    const outcome = applyPathPolicy(policy, channel, input);
    return outcome.ok ? dispatch(channel, outcome.input, ...rest) : outcome;
  };
}

/** Short, printable form of a refused value for messages (never the whole of a huge string). */
export function shownValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
