/**
 * The real backend for component tests, reached only through the API (the renderer never imports
 * electron/*). The backend itself is built by test/renderer/backend.ts and handed in by the vitest
 * setup file test/renderer/setup.ts through `provideTestBackend`; component tests ask for one here.
 */
import { afterEach, beforeEach } from 'vitest';
import type { ApiTransport } from '../../../shared/api/client';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { EntityImportOptions, InteractionImportOptions } from '../../../shared/api/contract/imports';
import type { ImportSummary } from '../../../shared/models/import';

/** A transport that records every call the component made, in order (seeding through `call` is not recorded). */
export interface RecordingTransport extends ApiTransport {
  calls: { channel: string; input: unknown }[];
}

/** One running backend on a fresh database, as a component test sees it. */
export interface TestBackend {
  /** What to hand to renderWithProviders: the backend's dispatch and events, every call recorded. */
  transport: RecordingTransport;
  /** Calls the API directly (seeding, checking what was stored); throws with the error on failure. */
  call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>>;
  /** Imports CSV text through the real import service and resolves once the import has finished. */
  importCsv(csv: string, options: Omit<EntityImportOptions, 'path'> | Omit<InteractionImportOptions, 'path'>): Promise<ImportSummary>;
  /** Writes a file into this backend's temp folder and returns its path (for path-based API inputs). */
  writeFile(name: string, text: string): Promise<string>;
  /** Reads a file the backend wrote (exports). */
  readFile(filePath: string): Promise<string>;
  /** A path in the temp folder that does not exist yet. */
  tempPath(name: string): string;
  /** Closes the database; calls after this fail as they would in the app. */
  close(): Promise<void>;
}

export interface TestBackendOptions {
  /** Fixed clock (epoch ms) for everything the backend stamps; default 2026-03-02T09:00:00Z, one second on per read. */
  now?: () => number;
}

export type TestBackendFactory = (options: TestBackendOptions) => Promise<TestBackend>;

let factory: TestBackendFactory | undefined;

/** Called once by the vitest setup file (test/renderer/setup.ts). */
export function provideTestBackend(f: TestBackendFactory): void {
  factory = f;
}

/** Starts a real backend on a fresh in-memory database. Close it when done. */
export function startTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  if (!factory) throw new Error('No test backend: vitest must load test/renderer/setup.ts (see setupFiles in vite.config.mts).');
  return factory(options);
}

/** The backend of the running test; a fresh one (empty database) per test of the calling file. */
export interface BackendPerTest extends TestBackend {
  readonly current: TestBackend;
}

/**
 * Registers beforeEach/afterEach hooks that give every test of the file its own backend (an in-memory
 * database costs a few milliseconds), and returns a handle that always points at the running one.
 */
export function backendPerTest(options: TestBackendOptions = {}): BackendPerTest {
  let current: TestBackend | undefined;
  beforeEach(async () => {
    current = await startTestBackend(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const get = (): TestBackend => {
    if (!current) throw new Error('The test backend runs only inside a test (beforeEach starts it).');
    return current;
  };
  return {
    get current() {
      return get();
    },
    get transport() {
      return get().transport;
    },
    call: (method, input) => get().call(method, input),
    importCsv: (csv, options) => get().importCsv(csv, options),
    writeFile: (name, text) => get().writeFile(name, text),
    readFile: (p) => get().readFile(p),
    tempPath: (name) => get().tempPath(name),
    close: () => get().close(),
  };
}
