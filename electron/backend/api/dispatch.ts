import type { z } from 'zod';
import { inputSchemas, type MethodName } from '../../../shared/api/contract.js';
import { isMethodName } from '../../../shared/api/manifest.js';
import { ApiFailure, fail, ok, type ApiIssue, type ApiResult } from '../../../shared/api/result.js';
import type { HandlerContext, Handlers } from './handlers.js';

/** Turns zod issues into API issues with dotted paths and plain messages. */
export function zodIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
}

export type Dispatch = (channel: unknown, input: unknown, ctx?: Partial<HandlerContext>) => Promise<ApiResult<unknown>>;

/**
 * The single entry point of every host: checks the channel against the manifest, parses the input
 * with its schema, runs the handler and wraps the outcome in the result envelope. Nothing throws out.
 */
export function createDispatch(handlers: Handlers, defaults: HandlerContext, log: (err: unknown) => void = () => {}): Dispatch {
  return async (channel, input, ctx) => {
    if (!isMethodName(channel)) return fail('unknown_channel', `"${String(channel)}" is not an API method.`);
    const parsed = (inputSchemas[channel] as z.ZodType).safeParse(input ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const first = issues[0];
      return fail('invalid_input', `Invalid input to ${channel}: ${first ? `${first.path}: ${first.message}` : 'malformed'}.`, issues);
    }
    try {
      const handler = handlers[channel as MethodName] as (i: unknown, c: HandlerContext) => unknown;
      return ok(await handler(parsed.data, { ...defaults, ...ctx }));
    } catch (err) {
      if (err instanceof ApiFailure) return { ok: false, error: err.toError() };
      log(err);
      const message = err instanceof Error ? err.message : String(err);
      return fail('internal', `${channel} failed: ${message}`);
    }
  };
}
