/**
 * The one typed API: every method (one JSON input, JSON output) and every pushed event.
 * Each domain declares its methods, zod input schemas and events in `contract/<domain>.ts`;
 * this file joins them. The runtime manifest is `manifest.ts`.
 */
import type { z } from 'zod';
import { appInputs, type AppMethods } from './contract/app.js';
import { catalogInputs, type CatalogMethods } from './contract/catalog.js';
import { contactsInputs, type ContactsMethods } from './contract/contacts.js';
import { fieldValuesInputs, type FieldValuesMethods } from './contract/fieldValues.js';
import { homeInputs, type HomeMethods } from './contract/home.js';
import { importsInputs, type ImportsEvents, type ImportsMethods } from './contract/imports.js';
import { segmentsInputs, type SegmentsEvents, type SegmentsMethods } from './contract/segments.js';
import { liveInputs, type LiveEvents, type LiveMethods } from './contract/live.js';
import { engineInputs, type EngineEvents, type EngineMethods } from './contract/engine.js';
import { segmentFilesInputs, type SegmentFilesMethods } from './contract/segmentFiles.js';
import type { DesktopEvents } from './contract/desktop.js';
import { warehouseInputs, type WarehouseEvents, type WarehouseMethods } from './contract/warehouse.js';
import { templatesInputs, type TemplatesEvents, type TemplatesMethods } from './contract/templates.js';
import { splitsInputs, type SplitsMethods } from './contract/splits.js';
import { warehouseSourceInputs, type WarehouseSourceMethods } from './contract/warehouseSource.js';

/** Every method: `{ input, output }` per channel name. */
export interface ApiContract
  extends
    AppMethods,
    CatalogMethods,
    SegmentsMethods,
    LiveMethods,
    EngineMethods,
    ImportsMethods,
    ContactsMethods,
    SegmentFilesMethods,
    HomeMethods,
    WarehouseMethods,
    FieldValuesMethods,
    TemplatesMethods,
    SplitsMethods,
    WarehouseSourceMethods {}

/** Every pushed event: payload per event name (past tense). */
export interface ApiEvents
  extends SegmentsEvents, LiveEvents, EngineEvents, ImportsEvents, DesktopEvents, WarehouseEvents, TemplatesEvents {}

export type MethodName = keyof ApiContract;
export type EventName = keyof ApiEvents;
export type MethodInput<K extends MethodName> = ApiContract[K]['input'];
export type MethodOutput<K extends MethodName> = ApiContract[K]['output'];
export type EventPayload<E extends EventName> = ApiEvents[E];

/** Input schema per method; the backend parses every input with it before a service runs. */
export const inputSchemas: { [K in MethodName]: z.ZodType<MethodInput<K>> } = {
  ...appInputs,
  ...catalogInputs,
  ...importsInputs,
  ...contactsInputs,
  ...segmentsInputs,
  ...liveInputs,
  ...engineInputs,
  ...segmentFilesInputs,
  ...homeInputs,
  ...warehouseInputs,
  ...warehouseSourceInputs,
  ...fieldValuesInputs,
  ...templatesInputs,
  ...splitsInputs,
};

export type { AppInfo } from './contract/app.js';
export type { SplitGroupSummary, SplitSummary } from './contract/splits.js';
export type { AppCommand, OpenedFileKind } from './contract/desktop.js';
