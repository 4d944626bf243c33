import type { Db } from './db/connection.js';
import type { LiveService } from './live/liveService.js';
import type { SegmentService } from './segments/segmentService.js';
import { generateDemo } from './demo/generate.js';
import { createDemoSegments } from './demo/story.js';

/** Contacts the app's first start generates, with accounts and 5 interactions each (keeps the first start short). */
export const FIRST_START_CONTACTS = 20_000;

/**
 * First start, part 1: a small deterministic demo data set so a new user sees something. Runs only on an
 * empty database, before the evaluator starts (it reads the data from then on). Returns whether the
 * database has no segments yet, i.e. whether part 2 (`seedDemoSegments`) should run.
 */
export function seedDemoData({ db, demoContacts = FIRST_START_CONTACTS }: { db: Db; demoContacts?: number }): boolean {
  const contacts = db.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
  if (contacts === 0 && demoContacts > 0) generateDemo(db, { contacts: demoContacts, interactions: demoContacts * 5 });
  return (db.prepare('SELECT count(*) FROM segments').pluck().get() as number) === 0;
}

/** First start, part 2: the demo segments (demo/story.ts), the live ones taken live. */
export function seedDemoSegments({ segments, live }: { segments: SegmentService; live: LiveService }): Promise<void> {
  return createDemoSegments(segments, live);
}
