/**
 * Runtime manifest of channels: the allow-list for IPC handlers, the preload bridge and the web host.
 * `manifest.test.ts` proves at type level that it names every method and event of the contract.
 */
import type { EventName, MethodName } from './contract.js';

export const API_METHODS = [
  'app.info',
  'catalog.describe',
  'catalog.lookupRecords',
  'catalog.dropField',
  'catalog.dropEntity',
  'catalog.update',
  'imports.preview',
  'imports.start',
  'imports.cancel',
  'imports.get',
  'imports.list',
  'imports.errors',
  'imports.errorsCsv',
  'imports.undo',
  'imports.savedMapping',
  'contacts.list',
  'contacts.get',
  'contacts.timeline',
  'contacts.update',
  'records.deleteImpact',
  'records.delete',
  'contacts.export',
  'home.summary',
  'fieldValues.suggest',
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
  'exports.cancel',
  'segments.explain',
  'segments.history',
  'segments.evaluations',
  'segments.insights',
  'staticMembers.add',
  'staticMembers.remove',
  'staticMembers.findByQuery',
  'staticMembers.addByQuery',
  'staticMembers.removeByQuery',
  'staticMembers.addContact',
  'staticMembers.removeContact',
  'staticMembers.which',
  'segments.estimate',
  'segments.validate',
  'segments.parseText',
  'segments.printText',
  'segments.exportSql',
  'warehouse.schema',
  'warehouse.push',
  'templates.list',
  'templates.get',
  'templates.create',
  'templates.update',
  'templates.delete',
  'templates.instantiate',
  'splits.create',
  'splits.list',
  'splits.exportMembers',
  'warehouse.status',
  'warehouse.test',
  'warehouse.connect',
  'warehouse.disconnect',
  'warehouse.setRunOn',
  'warehouse.segmentSource',
  'warehouse.readCatalog',
] as const satisfies readonly MethodName[];

export const API_EVENTS = [
  'segment.changed',
  'import.progressed',
  'import.finished',
  'membership.changed',
  'segmentStatus.changed',
  'membersExport.progressed',
  'contactsExport.progressed',
  'staticMembers.progressed',
  'evaluation.progressed',
  'app.commandInvoked',
  'app.fileOpened',
  'warehouse.progressed',
  'template.changed',
] as const satisfies readonly EventName[];

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

/**
 * Native file dialogs (Electron only). Not API methods: the backend never sees them and the web host
 * has none. Main answers them with `electron.dialog` on the asking window and remembers the chosen
 * paths, which are then the only paths the renderer may pass to the path-taking API methods.
 */
export const DIALOG_SAVE_CHANNEL = 'dialog:save';
export const DIALOG_OPEN_CHANNEL = 'dialog:open';

/**
 * Files dropped on the desktop window: the preload sends their paths (`string[]`, from
 * `webUtils.getPathForFile`, in its own handler of a trusted drop event) on this channel. Main checks
 * them, trusts them for reading and answers with an `app.fileOpened` event per file.
 */
export const DROP_FILES_CHANNEL = 'drop:files';

/** One entry of a dialog's file-type list: extensions without dots, e.g. `{ name: 'CSV', extensions: ['csv'] }`. */
export interface DialogFileFilter {
  name: string;
  extensions: string[];
}

/** `dialog:save` input; answers `ApiResult<string | null>` (null: the user cancelled). */
export interface SaveDialogRequest {
  title: string;
  /** A suggested file name (no folders): the dialog opens in the user's documents folder. */
  defaultPath?: string;
  filters?: DialogFileFilter[];
}

/** `dialog:open` input; answers `ApiResult<string[]>` (empty: the user cancelled). */
export interface OpenDialogRequest {
  title: string;
  filters?: DialogFileFilter[];
  /** Allow picking several files. */
  multi?: boolean;
}
