/**
 * An in-memory stand-in for the backend, for component tests only (the e2e and the transport
 * conformance suite use the real backend). It answers the segment channels with the same envelope,
 * error codes and `segment.changed` events; any other channel gets `unknown_channel`.
 */
import type { ApiTransport } from '../../../shared/api/client';
import { fail, ok, type ApiResult } from '../../../shared/api/result';
import type { SegmentRecord, SegmentType } from '../../../shared/models/segment';

export interface FakeTransport extends ApiTransport {
  /** Segments as stored; tests may seed or inspect them. */
  segments: SegmentRecord[];
  /** Every call made, in order. */
  calls: { channel: string; input: unknown }[];
  /** Pushes an event as the backend would (e.g. a change made elsewhere). */
  emit(event: string, payload: unknown): void;
}

export function fakeSegment(name: string, type: SegmentType = 'dynamic', at = '2026-01-05T10:00:00.000Z'): SegmentRecord {
  return {
    id: `seg-${name.toLowerCase().replace(/\W+/g, '-')}`,
    name,
    type,
    status: 'draft',
    memberCount: null,
    lastEvaluatedAt: null,
    needsAttention: false,
    createdAt: at,
    modifiedAt: at,
    description: '',
    timeZone: 'UTC',
    owner: 'local user',
    definition: { kind: type, version: 1, blocks: [] } as unknown as SegmentRecord['definition'],
    hasBeenLive: false,
  };
}

export function createFakeTransport(initial: SegmentRecord[] = []): FakeTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: FakeTransport = {
    segments: [...initial],
    calls: [],
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    async invoke(channel, input): Promise<ApiResult<unknown>> {
      transport.calls.push({ channel, input });
      const args = (input ?? {}) as { id?: string; name?: string; type?: SegmentType; search?: string };
      switch (channel) {
        case 'segments.list': {
          const q = args.search?.toLowerCase() ?? '';
          return ok(transport.segments.filter((s) => s.name.toLowerCase().includes(q)));
        }
        case 'segments.get': {
          const s = transport.segments.find((x) => x.id === args.id);
          return s ? ok(s) : fail('not_found', `No segment with id ${String(args.id)}.`);
        }
        case 'segments.create': {
          const name = args.name?.trim() ?? '';
          if (!name) return fail('invalid_input', 'Invalid input to segments.create: name: Name is required.', [{ path: 'name', message: 'Name is required' }]);
          if (transport.segments.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
            return fail('conflict', `A segment named “${name}” already exists. Choose another name.`);
          }
          const created = fakeSegment(name, args.type ?? 'dynamic', '2026-01-06T09:30:00.000Z');
          transport.segments.push(created);
          queueMicrotask(() => transport.emit('segment.changed', { id: created.id, change: 'created' }));
          return ok(created);
        }
        default:
          return fail('unknown_channel', `"${channel}" is not an API method.`);
      }
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  return transport;
}
