/**
 * Runtime manifest of channels: the allow-list for IPC handlers, the preload bridge and the web host.
 * `manifest.test.ts` proves at type level that it names every method and event of the contract.
 */
import type { EventName, MethodName } from './contract.js';

export const API_METHODS = [
  'app.info',
  'catalog.describe',
  'imports.preview',
  'imports.start',
  'imports.cancel',
  'imports.get',
  'imports.list',
  'imports.errors',
  'imports.errorsCsv',
  'contacts.list',
  'contacts.get',
  'contacts.timeline',
  'contacts.update',
  'segments.list',
  'segments.create',
  'segments.get',
  'segments.update',
  'segments.delete',
  'segments.fromQueryText',
  'segmentFiles.export',
  'segmentFiles.inspect',
  'segmentFiles.import',
  'segments.goLive',
  'segments.stop',
  'segments.previewGoLive',
  'segments.refresh',
  'segments.liveStatus',
  'segments.members',
  'segments.membersAsOf',
  'segments.exportMembers',
  'segments.explain',
  'segments.history',
  'segments.evaluations',
  'segments.insights',
  'staticMembers.add',
  'staticMembers.remove',
  'staticMembers.findByQuery',
  'staticMembers.addByQuery',
  'staticMembers.removeByQuery',
  'contacts.addToStatic',
  'contacts.removeFromStatic',
  'segments.estimate',
  'segments.validate',
  'segments.parseText',
  'segments.printText',
] as const satisfies readonly MethodName[];

export const API_EVENTS = ['segment.changed', 'import.progressed', 'import.finished', 'membership.changed', 'segment.statusChanged', 'membersExport.progressed', 'staticMembers.progressed', 'evaluation.progressed'] as const satisfies readonly EventName[];

/** The one IPC channel on which the Electron main process pushes `{ event, payload }` to the preload. */
export const IPC_EVENT_CHANNEL = 'api:event';

const methodSet: ReadonlySet<string> = new Set(API_METHODS);
const eventSet: ReadonlySet<string> = new Set(API_EVENTS);

export function isMethodName(channel: unknown): channel is MethodName {
  return typeof channel === 'string' && methodSet.has(channel);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
