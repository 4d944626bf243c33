import type { Db } from '../../db/connection.js';
import { homeSummary } from '../../home/homeSummary.js';
import type { SegmentService } from '../../segments/segmentService.js';
import type { Handlers } from '../handlers.js';

export function homeHandlers(db: Db, segments: SegmentService, now: () => number): Pick<Handlers, 'home.summary'> {
  return {
    'home.summary': () => homeSummary(db, segments, now()),
  };
}
