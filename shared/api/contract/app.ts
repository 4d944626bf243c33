import { z } from 'zod';

/** What `app.info` returns. */
export interface AppInfo {
  name: string;
  version: string;
  /** Where the database file lives (path on disk). */
  databasePath: string;
  /** Schema version after migrations. */
  schemaVersion: number;
  /** Which host runs the backend. */
  host: 'electron' | 'web' | 'cli' | 'test';
}

export const appInputs = {
  /** Application and database facts. */
  'app.info': z.strictObject({}),
};

export interface AppMethods {
  'app.info': { input: z.infer<(typeof appInputs)['app.info']>; output: AppInfo };
}
