import type { SegmentService } from '../../segments/segmentService.js';
import type { Handlers } from '../handlers.js';

export function segmentHandlers(
  segments: SegmentService,
): Pick<Handlers, 'segments.list' | 'segments.create' | 'segments.get' | 'segments.update' | 'segments.delete'> {
  return {
    'segments.list': (input) => segments.list(input),
    'segments.create': (input) => segments.create(input),
    'segments.get': (input) => segments.get(input.id),
    'segments.update': (input) => segments.update(input),
    'segments.delete': (input) => segments.delete(input),
  };
}
