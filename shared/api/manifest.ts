/**
 * Runtime manifest of channels: the allow-list for IPC handlers, the preload bridge and the web host.
 * `manifest.test.ts` proves at type level that it names every method and event of the contract.
 */
import type { EventName, MethodName } from './contract.js';

export const API_METHODS = [
  'app.info',
  'catalog.describe',
  'segments.list',
  'segments.create',
  'segments.get',
  'segments.update',
  'segments.delete',
] as const satisfies readonly MethodName[];

export const API_EVENTS = ['segment.changed'] as const satisfies readonly EventName[];

const methodSet: ReadonlySet<string> = new Set(API_METHODS);
const eventSet: ReadonlySet<string> = new Set(API_EVENTS);

export function isMethodName(channel: unknown): channel is MethodName {
  return typeof channel === 'string' && methodSet.has(channel);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
