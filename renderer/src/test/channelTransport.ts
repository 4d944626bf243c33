/**
 * A tiny stand-in backend for component tests of features beyond segments: answers each channel with
 * the handler given (with the real result envelope) and records every call.
 */
import type { ApiTransport } from '../../../shared/api/client';
import { fail, ok, type ApiResult } from '../../../shared/api/result';

export interface ChannelTransport extends ApiTransport {
  calls: { channel: string; input: unknown }[];
}

export function createChannelTransport(handlers: Record<string, (input: never) => unknown>): ChannelTransport {
  const t: ChannelTransport = {
    calls: [],
    async invoke(channel, input): Promise<ApiResult<unknown>> {
      t.calls.push({ channel, input });
      const h = handlers[channel];
      return h ? ok(h(input as never)) : fail('unknown_channel', `"${channel}" is not handled in this test.`);
    },
    subscribe() {
      return () => undefined;
    },
  };
  return t;
}
