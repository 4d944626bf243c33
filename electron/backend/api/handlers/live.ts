import { ApiFailure } from '../../../../shared/api/result.js';
import type { ExportJobs } from '../../io/export/jobs.js';
import type { LiveService } from '../../live/liveService.js';
import type { Handlers } from '../handlers.js';

type LiveChannels =
  | 'segments.goLive'
  | 'segments.stop'
  | 'segments.previewGoLive'
  | 'segments.refresh'
  | 'segments.liveStatus'
  | 'segments.members'
  | 'segments.membersAsOf'
  | 'segments.exportMembers'
  | 'exports.cancel'
  | 'segments.explain'
  | 'segments.history'
  | 'segments.evaluations'
  | 'segments.insights'
  | 'staticMembers.add'
  | 'staticMembers.remove'
  | 'staticMembers.findByQuery'
  | 'staticMembers.addByQuery'
  | 'staticMembers.removeByQuery'
  | 'staticMembers.addContact'
  | 'staticMembers.removeContact'
  | 'staticMembers.which';

export function liveHandlers(live: LiveService, jobs: ExportJobs): Pick<Handlers, LiveChannels> {
  return {
    'segments.goLive': (input) => live.goLive(input.id, input.definition),
    'segments.stop': (input) => live.stop(input.id, input.force ?? false),
    'segments.previewGoLive': (input) => live.lifecycle.previewGoLive(input.id, input.definition, input.limit ?? 100),
    'segments.refresh': (input) => live.refresh(input.id),
    'segments.liveStatus': (input) => live.liveStatus(input.id),
    'segments.members': (input) => live.reader.membersPage(input),
    'segments.membersAsOf': (input) => live.reader.membersAsOf(input),
    'segments.exportMembers': (input) => live.reader.exportMembers(input, jobs),
    'exports.cancel': (input) => ({ cancelled: jobs.cancel(input.exportId) }),
    'segments.explain': (input) => live.explain(input.id, input.contactKey),
    'segments.history': (input) => live.reader.history(input),
    'segments.evaluations': (input) => live.reader.evaluations(input),
    'segments.insights': (input) => live.insights(input),
    'staticMembers.add': (input) => live.staticMembers.add(input.segmentId, input.contactKeys),
    'staticMembers.remove': (input) => live.staticMembers.remove(input.segmentId, input.contactKeys),
    'staticMembers.findByQuery': (input) => live.staticMembers.find(input.segmentId, input.definition, input.limit ?? 100),
    'staticMembers.addByQuery': (input) => live.staticMembers.addByQuery(input.segmentId, input.definition),
    'staticMembers.removeByQuery': (input) => live.staticMembers.removeByQuery(input.segmentId, input.definition),
    'staticMembers.addContact': (input) =>
      live.staticMembers.add(input.segmentId, [input.contactKey]).then((r) => notUnknown(r, input.contactKey)),
    'staticMembers.removeContact': (input) =>
      live.staticMembers.remove(input.segmentId, [input.contactKey]).then((r) => notUnknown(r, input.contactKey)),
    'staticMembers.which': (input) => ({ rids: live.staticMembers.which(input.segmentId, input.rids) }),
  };
}

/** From a contact record the contact must exist (unlike bulk adds, where unknown keys are only reported). */
function notUnknown<T extends { unknownKeys: string[] }>(r: T, key: string): T {
  if (r.unknownKeys.length > 0) throw new ApiFailure('not_found', `No contact with id "${key}".`);
  return r;
}
