import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { Db } from './db/connection.js';
import type { SegmentService } from './segments/segmentService.js';
import { generateDemo } from './demo/generate.js';

interface SeedDeps {
  db: Db;
  segments: SegmentService;
  /** Demo contacts to generate when the database has none (default 20,000; 0 = no demo data). */
  demoContacts?: number;
}

/** Contacts the app's first start generates, with accounts and 5 interactions each (keeps the first start short). */
export const FIRST_START_CONTACTS = 20_000;

const DEMO_SEGMENTS: { name: string; type: 'dynamic' | 'static' | 'compound'; description: string; definition?: SegmentDefinition }[] = [
  { name: 'Newsletter subscribers', type: 'static', description: 'Hand-picked contacts who asked for the newsletter.' },
  { name: 'Contacts in Seattle', type: 'dynamic', description: 'Everyone whose city is Seattle.' },
  { name: 'US expo audience', type: 'compound', description: 'Subscribers and Seattle contacts combined.' },
];

/** First start: a small deterministic demo set so a new user sees something. Runs only on an empty database. */
export function seedIfEmpty({ db, segments, demoContacts = FIRST_START_CONTACTS }: SeedDeps): void {
  const contacts = db.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
  if (contacts === 0 && demoContacts > 0) generateDemo(db, { contacts: demoContacts, interactions: demoContacts * 5 });
  const count = (db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n;
  if (count > 0) return;
  for (const s of DEMO_SEGMENTS)
    segments.create({ name: s.name, type: s.type, description: s.description, ...(s.definition ? { definition: s.definition } : {}) });
}
