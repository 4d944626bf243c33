/**
 * Deterministic demo data: accounts, contacts and two years of interactions with realistic skew
 * (Zipf-like activity and cities, NULLs, mixed case, several countries). Same seed + same end time →
 * the same rows. Writes straight into storage (no CSV round trip) with multi-row prepared INSERTs in
 * 50k-row transactions; `contact_type_stats` is maintained in the same transactions.
 */
import anyAscii from 'any-ascii';
import type { FieldType } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo, type FieldDef } from '../catalog/catalogRepo.js';
import { hasShadow, KEY_COLUMNS, keyCells, pushStored, storedColumnsOf, type StoredScalar } from '../values/storedValue.js';
import { BulkWriter, StatsAccumulator } from './bulk.js';
import { below, normal, permutation, pick, sfc32, zipf, type Rng } from './prng.js';
import {
  CITIES,
  COMPANY_SUFFIX,
  COMPANY_WORDS,
  EVENTS,
  FIRST_NAMES,
  FORMS,
  INDUSTRIES,
  JOB_TITLES,
  LAST_NAMES,
  PAGES,
  PETS,
} from './pools.js';

export interface DemoOptions {
  contacts: number;
  /** Default: contacts / 10 (at least 1). */
  accounts?: number;
  /** Default: 20 per contact. */
  interactions?: number;
  seed?: number;
  /** Interactions span the two years before this instant (epoch ms). Default: now, floored to the day. */
  endMs?: number;
  onProgress?: (phase: 'accounts' | 'contacts' | 'interactions', done: number, total: number) => void;
}

export interface DemoResult {
  contacts: number;
  accounts: number;
  interactions: number;
  ms: number;
}

const DAY = 86_400_000;
const DEFAULT_SEED = 20260101;
const TX_ROWS = 50_000;

const CONTACT_FIELDS: [string, FieldType, string?][] = [
  ['firstname', 'text'],
  ['lastname', 'text'],
  ['fullname', 'text'],
  ['emailaddress1', 'text'],
  ['jobtitle', 'text'],
  ['address1_city', 'text'],
  ['address1_country', 'choice'],
  ['favoritepets', 'multichoice'],
  ['donotbulkemail', 'boolean'],
  ['birthdate', 'date'],
  ['createdon', 'datetime'],
  ['lifetimevalue', 'decimal'],
  ['numberofchildren', 'integer'],
  ['parentcustomerid', 'lookup', 'account'],
];

const ACCOUNT_FIELDS: [string, FieldType][] = [
  ['name', 'text'],
  ['industry', 'choice'],
  ['numberofemployees', 'integer'],
  ['revenue', 'decimal'],
  ['address1_city', 'text'],
  ['address1_country', 'choice'],
];

/** Interaction types, their share of all interactions, whether they are e-mail, and their fields. */
const TYPES: { name: string; share: number; email: boolean; fields: [string, FieldType][] }[] = [
  {
    name: 'EmailSent',
    share: 0.376,
    email: true,
    fields: [
      ['messageId', 'text'],
      ['customerJourneyId', 'text'],
    ],
  },
  {
    name: 'EmailOpened',
    share: 0.169,
    email: true,
    fields: [
      ['messageId', 'text'],
      ['customerJourneyId', 'text'],
    ],
  },
  {
    name: 'EmailClicked',
    share: 0.047,
    email: true,
    fields: [
      ['messageId', 'text'],
      ['customerJourneyId', 'text'],
      ['url', 'text'],
    ],
  },
  {
    name: 'FormSubmitted',
    share: 0.04,
    email: false,
    fields: [
      ['formName', 'text'],
      ['url', 'text'],
    ],
  },
  { name: 'EventRegistration', share: 0.03, email: false, fields: [['eventName', 'text']] },
  {
    name: 'WebsiteVisited',
    share: 0.338,
    email: false,
    fields: [
      ['url', 'text'],
      ['visitDuration', 'integer'],
    ],
  },
];

/** Labels as a CRM would show them (the catalog derives labels from names otherwise). */
const LABELS: Record<string, string> = {
  firstname: 'First Name',
  lastname: 'Last Name',
  fullname: 'Full Name',
  emailaddress1: 'Email',
  jobtitle: 'Job Title',
  address1_city: 'City',
  address1_country: 'Country',
  favoritepets: 'Favorite Pets',
  donotbulkemail: 'Do Not Allow Bulk Emails',
  birthdate: 'Birthday',
  createdon: 'Created On',
  lifetimevalue: 'Lifetime Value',
  numberofchildren: 'Number of Children',
  parentcustomerid: 'Company Name',
  name: 'Account Name',
  numberofemployees: 'Employees',
  revenue: 'Annual Revenue',
  messageId: 'Message ID',
  customerJourneyId: 'Customer Journey ID',
  url: 'URL',
  formName: 'Form Name',
  eventName: 'Event Name',
  visitDuration: 'Visit Duration (s)',
};
const labelOf = (name: string): { label?: string } => (LABELS[name] ? { label: LABELS[name] } : {});

const countries = [...new Set(CITIES.map((c) => c[1]))].sort();

/** Spellings as found in real exports: mostly as typed, sometimes lower or upper case or without accents. */
function messyCase(rng: Rng, s: string): string {
  const x = rng();
  return x < 0.03 ? s.toLowerCase() : x < 0.04 ? s.toUpperCase() : x < 0.05 ? s.normalize('NFKD').replace(/\p{M}/gu, '') : s;
}

function ensureSchema(repo: CatalogRepo): { contact: FieldDef[]; account: FieldDef[] } {
  repo.ensureEntity('account', 'accountid');
  for (const [name, type] of ACCOUNT_FIELDS) {
    const options =
      type === 'choice' ? (name === 'industry' ? [...INDUSTRIES] : countries).map((v) => ({ value: v, label: v })) : undefined;
    repo.addEntityField('account', { name, type, ...labelOf(name), ...(options ? { options } : {}) });
  }
  for (const [name, type, lookupEntity] of CONTACT_FIELDS) {
    const values = name === 'favoritepets' ? [...PETS] : name === 'address1_country' ? countries : null;
    repo.addEntityField('contact', {
      name,
      type,
      ...labelOf(name),
      ...(values ? { options: values.map((v) => ({ value: v, label: v })) } : {}),
      ...(lookupEntity ? { lookupEntity } : {}),
    });
  }
  for (const t of TYPES) {
    repo.ensureInteractionType(t.name);
    for (const [name, type] of t.fields) repo.addInteractionField(t.name, { name, type, ...labelOf(name) });
  }
  const contact = repo.entity('contact')?.fields.filter((f) => f.column !== 'key') ?? [];
  const account = repo.entity('account')?.fields.filter((f) => f.column !== 'key') ?? [];
  return { contact, account };
}

/**
 * An address as a mail system would spell the name: transliterated to ASCII (any-ascii: "Seán" → "sean",
 * "Øster" → "oster"), lower case, without spaces or apostrophes ("O'Brien" → "obrien").
 */
export function emailOf(first: string, last: string): string {
  const part = (s: string): string =>
    anyAscii(s)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '') || 'x';
  return `${part(first)}.${part(last)}@example.com`;
}

/** Appends a value and, for folded fields, its shadow (the one writer, values/storedValue.ts). */
function pushValue(out: StoredScalar[], f: FieldDef, v: StoredScalar): void {
  pushStored(out, f.type, hasShadow(f.type), v);
}

/** Fills the database with demo data. Refuses a database that already has contacts. */
export function generateDemo(db: Db, opts: DemoOptions): DemoResult {
  const started = Date.now();
  const n = opts.contacts;
  const nAcc = opts.accounts ?? Math.max(1, Math.floor(n / 10));
  const nInt = opts.interactions ?? n * 20;
  const endMs = opts.endMs ?? Math.floor(Date.now() / DAY) * DAY;
  const rng = sfc32(opts.seed ?? DEFAULT_SEED);
  const repo = new CatalogRepo(db);
  const existing = db.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
  if (existing > 0) throw new Error(`The database already holds ${existing} contacts; demo data goes only into an empty database.`);
  const fields = db.transaction(() => ensureSchema(repo)).immediate();
  const accountTable = repo.entity('account')?.table ?? 'ent_account';
  const cityZipf = zipf(CITIES.length, 1.1, 2);
  const titleZipf = zipf(JOB_TITLES.length, 0.9, 2);
  const industryZipf = zipf(INDUSTRIES.length, 0.6);

  // Accounts.
  const accW = new BulkWriter(db, accountTable, ['rid', ...KEY_COLUMNS, ...storedColumnsOf(fields.account)]);
  chunked(
    db,
    nAcc,
    (i) => {
      const [city, country] = CITIES[cityZipf(rng)] ?? ['Seattle', 'United States'];
      const name = `${pick(rng, COMPANY_WORDS)} ${pick(rng, COMPANY_SUFFIX)} ${i + 1}`;
      const key = `A${String(i + 1).padStart(7, '0')}`;
      const row: StoredScalar[] = [i + 1, ...keyCells(key)];
      const values: Record<string, string | number | null> = {
        name,
        industry: rng() < 0.05 ? null : (INDUSTRIES[industryZipf(rng)] ?? null),
        numberofemployees: Math.max(1, Math.round(Math.exp(3.5 + 1.6 * normal(rng)))),
        revenue: Math.round(Math.exp(14 + 1.5 * normal(rng))) / 100,
        address1_city: messyCase(rng, city),
        address1_country: country,
      };
      for (const f of fields.account) pushValue(row, f, values[f.name] ?? null);
      accW.add(row);
    },
    () => accW.flush(),
    (d) => opts.onProgress?.('accounts', d, nAcc),
  );

  // Contacts. Activity rank is a random permutation so activity does not follow the id.
  const accountZipf = zipf(nAcc, 0.7, 5);
  const dnb = new Uint8Array(n);
  const conW = new BulkWriter(db, 'ent_contact', ['rid', ...KEY_COLUMNS, ...storedColumnsOf(fields.contact)]);
  chunked(
    db,
    n,
    (i) => {
      const first = pick(rng, FIRST_NAMES);
      const last = pick(rng, LAST_NAMES);
      const [city, country] = CITIES[cityZipf(rng)] ?? ['Seattle', 'United States'];
      const key = `C${String(i + 1).padStart(7, '0')}`;
      const doNot = rng() < 0.06;
      dnb[i] = doNot ? 1 : 0;
      const pets = PETS.filter(() => rng() < 0.3);
      const createdon = endMs - 3 * 365 * DAY + below(rng, 3 * 365 * DAY);
      const by = 1950 + below(rng, 55);
      const values: Record<string, string | number | null> = {
        firstname: first,
        lastname: last,
        fullname: `${first} ${last}`,
        emailaddress1: rng() < 0.05 ? null : messyCase(rng, emailOf(first, last)),
        jobtitle: rng() < 0.15 ? null : messyCase(rng, JOB_TITLES[titleZipf(rng)] ?? 'Consultant'),
        address1_city: rng() < 0.08 ? null : messyCase(rng, city),
        address1_country: rng() < 0.05 ? null : country,
        favoritepets: rng() < 0.4 || pets.length === 0 ? null : JSON.stringify(pets),
        donotbulkemail: doNot ? 1 : 0,
        birthdate:
          rng() < 0.2 ? null : `${by}-${String(1 + below(rng, 12)).padStart(2, '0')}-${String(1 + below(rng, 28)).padStart(2, '0')}`,
        createdon,
        // Log-normal around 400 (about one in five above 1,000), so "City = Seattle and Lifetime Value > 1000"
        // finds a few hundred of 20,000 contacts, as the README and the designer's examples suggest.
        lifetimevalue: rng() < 0.05 ? null : rng() < 0.1 ? 0 : Math.round(Math.exp(6 + 1.2 * normal(rng)) * 100) / 100,
        numberofchildren: rng() < 0.3 ? null : Math.min(6, Math.floor(Math.abs(normal(rng)) * 1.5)),
        parentcustomerid: rng() < 0.15 ? null : accountZipf(rng) + 1,
      };
      const row: StoredScalar[] = [i + 1, ...keyCells(key)];
      for (const f of fields.contact) pushValue(row, f, values[f.name] ?? null);
      conW.add(row);
    },
    () => conW.flush(),
    (d) => opts.onProgress?.('contacts', d, n),
  );

  generateInteractions(db, repo, { n, nInt, endMs, rng, dnb, onProgress: opts.onProgress });
  db.prepare('INSERT INTO demo_runs (generated_at, seed, contacts, accounts, interactions) VALUES (?, ?, ?, ?, ?)').run(
    Date.now(),
    opts.seed ?? DEFAULT_SEED,
    n,
    nAcc,
    nInt,
  );
  return { contacts: n, accounts: nAcc, interactions: nInt, ms: Date.now() - started };
}

/** Runs `each` for 0..total-1 in transactions of TX_ROWS, flushing before each commit. */
function chunked(
  db: Db,
  total: number,
  each: (i: number) => void,
  flush: () => void,
  progress: (done: number) => void,
  onCommit?: () => void,
): number {
  for (let start = 0; start < total; start += TX_ROWS) {
    const end = Math.min(total, start + TX_ROWS);
    db.transaction(() => {
      for (let i = start; i < end; i++) each(i);
      flush();
      onCommit?.();
    }).immediate();
    progress(end);
  }
  return total;
}

interface InteractionGen {
  n: number;
  nInt: number;
  endMs: number;
  rng: Rng;
  dnb: Uint8Array;
  onProgress: DemoOptions['onProgress'];
}

/** Interactions in time order (denser in recent months), contacts drawn Zipf-like through a permutation. */
function generateInteractions(db: Db, repo: CatalogRepo, g: InteractionGen): void {
  if (g.n === 0 || g.nInt === 0) return;
  const types = TYPES.map((t) => {
    const def = repo.interactionType(t.name);
    if (!def) throw new Error(`Interaction type ${t.name} missing`);
    return { ...t, def };
  });
  const fieldNames = [...new Set(types.flatMap((t) => t.def.fields.map((f) => f.name.toLowerCase())))];
  const fieldDefs = fieldNames.map((nm) => {
    const f = types.flatMap((t) => t.def.fields).find((x) => x.name.toLowerCase() === nm);
    if (!f) throw new Error(`Field ${nm} missing`);
    return f;
  });
  const writer = new BulkWriter(db, 'interactions', ['type_id', 'contact_rid', 'ts', ...storedColumnsOf(fieldDefs)]);
  const stats = new StatsAccumulator(db);
  const perm = permutation(g.rng, g.n);
  const activity = zipf(g.n, 0.8, 100);
  const cumShare: number[] = [];
  types.reduce((acc, t) => (cumShare.push(acc + t.share), acc + t.share), 0);
  const totalShare = cumShare[cumShare.length - 1] ?? 1;
  const nonEmail = types.filter((t) => !t.email);
  const span = 730 * DAY;
  const start = g.endMs - span;
  const journeys = 40;
  const messages = 400;
  const big = g.nInt > 2_000_000;
  // Above a few million rows, building the interaction indexes once at the end is much faster than
  // maintaining them row by row.
  if (big) db.exec('DROP INDEX IF EXISTS interactions_type_ts_contact; DROP INDEX IF EXISTS interactions_contact_type_ts;');
  chunked(
    db,
    g.nInt,
    (i) => {
      // Time: u^0.6 skews towards the end of the span (recent months are busier), monotone in i.
      const ts = start + Math.floor(Math.pow((i + g.rng()) / g.nInt, 0.6) * span);
      const contactIdx = perm[activity(g.rng)] ?? 0;
      const x = g.rng() * totalShare;
      let t = types[cumShare.findIndex((c) => x < c)] ?? types[0];
      if (t && t.email && g.dnb[contactIdx]) t = pick(g.rng, nonEmail);
      if (!t) return;
      const msg = below(g.rng, messages);
      const values: Record<string, string | number | null> = {
        messageid: t.email ? `MSG-${String(msg).padStart(4, '0')}` : null,
        customerjourneyid: t.email ? `CJ-${String(msg % journeys).padStart(3, '0')}` : null,
        url:
          t.name === 'EmailSent' || t.name === 'EmailOpened' || t.name === 'EventRegistration'
            ? null
            : `https://www.example.com${pick(g.rng, PAGES)}`,
        formname: t.name === 'FormSubmitted' ? pick(g.rng, FORMS) : null,
        eventname: t.name === 'EventRegistration' ? pick(g.rng, EVENTS) : null,
        visitduration: t.name === 'WebsiteVisited' ? Math.max(1, Math.round(Math.exp(4 + normal(g.rng)))) : null,
      };
      const row: (string | number | null)[] = [t.def.id, contactIdx + 1, ts];
      for (const f of fieldDefs) pushValue(row, f, values[f.name.toLowerCase()] ?? null);
      writer.add(row);
      stats.add(contactIdx + 1, t.def.id, ts);
    },
    () => writer.flush(),
    (d) => g.onProgress?.('interactions', d, g.nInt),
    () => stats.flush(),
  );
  if (big) {
    db.exec(
      'CREATE INDEX IF NOT EXISTS interactions_type_ts_contact ON interactions(type_id, ts, contact_rid); CREATE INDEX IF NOT EXISTS interactions_contact_type_ts ON interactions(contact_rid, type_id, ts);',
    );
  }
}
