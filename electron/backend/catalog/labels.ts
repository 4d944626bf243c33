/**
 * Display labels derived from logical names on import: what a marketer reads instead of `emailaddress1`.
 * First a table of well-known Dynamics 365 and HubSpot names (as those products label them), then a
 * general rule: split at `_`, `-`, spaces, camelCase humps and digits, split run-together lower-case words
 * with a small CRM vocabulary (`lifetimevalue` → "Lifetime Value"), `id` becomes "ID". A label is only a
 * suggestion: the catalog view edits it, and an edited label is never derived again.
 */

/** Logical names (lower case) whose label a CRM user knows by heart. */
const KNOWN: Readonly<Record<string, string>> = {
  // Dynamics 365 contact / account
  emailaddress1: 'Email',
  emailaddress2: 'Email Address 2',
  emailaddress3: 'Email Address 3',
  telephone1: 'Business Phone',
  telephone2: 'Home Phone',
  telephone3: 'Telephone 3',
  mobilephone: 'Mobile Phone',
  fax: 'Fax',
  address1_city: 'City',
  address1_country: 'Country',
  address1_county: 'County',
  address1_stateorprovince: 'State/Province',
  address1_postalcode: 'ZIP/Postal Code',
  address1_line1: 'Street 1',
  address1_line2: 'Street 2',
  address1_line3: 'Street 3',
  address1_composite: 'Address',
  parentcustomerid: 'Company',
  parentaccountid: 'Parent Account',
  primarycontactid: 'Primary Contact',
  ownerid: 'Owner',
  createdon: 'Created On',
  modifiedon: 'Modified On',
  createdby: 'Created By',
  modifiedby: 'Modified By',
  birthdate: 'Birthday',
  gendercode: 'Gender',
  familystatuscode: 'Marital Status',
  statecode: 'Status',
  statuscode: 'Status Reason',
  industrycode: 'Industry',
  donotbulkemail: 'Do Not Allow Bulk Emails',
  donotemail: 'Do Not Allow Emails',
  donotphone: 'Do Not Allow Phone Calls',
  donotpostalmail: 'Do Not Allow Mails',
  numberofemployees: 'Employees',
  numberofchildren: 'Number of Children',
  revenue: 'Annual Revenue',
  websiteurl: 'Website',
  accountnumber: 'Account Number',
  preferredcontactmethodcode: 'Preferred Method of Contact',
  // HubSpot contact / company
  email: 'Email',
  phone: 'Phone Number',
  company: 'Company Name',
  lifecyclestage: 'Lifecycle Stage',
  hs_object_id: 'Record ID',
  createdate: 'Create Date',
  lastmodifieddate: 'Last Modified Date',
  hubspot_owner_id: 'Contact Owner',
  associatedcompanyid: 'Associated Company',
  num_employees: 'Number of Employees',
  annualrevenue: 'Annual Revenue',
  zip: 'Postal Code',
  state: 'State/Region',
  hs_lead_status: 'Lead Status',
  website: 'Website URL',
};

/** Words a run-together lower-case name is split into (`favoritepets` → favorite + pets). */
const WORDS = new Set(
  (
    'account accounts activity address age amount annual app area at bank birth birthday body bounce bounced browser bulk business ' +
    'by call campaign campaigns category cell channel child children city clicked click clicks code company contact content count ' +
    'country county created credit currency customer customers date day days delivered department description device direction do ' +
    'donation duration email emails employee employees end event events external favorite favourite fax first form forms from full ' +
    'gender group home household id income industry invoice is item job journey key language last lead level lifetime line link ' +
    'loyalty mail marketing member membership message method middle mobile modified month name number of on open opened opens order ' +
    'orders origin owner page pages paid parent partner payment pet pets phone plan points postal preferred price primary product ' +
    'products purchase purchased rating reason received referral region registered registration revenue sale sales score segment ' +
    'sent session size source stage start state status street subject submitted subscribed subscription tag tags tier time title ' +
    'to total type unsubscribed updated url user value visit visited visits web website year years zip'
  ).split(' '),
);

/** Shown in upper case wherever they appear as a word. */
const ACRONYMS = new Set(['id', 'url', 'ip', 'utm', 'sms', 'vip', 'crm', 'gdpr', 'api', 'uri', 'ltv', 'nps', 'roi', 'kpi']);
/** Kept lower case inside a label ("Number of Children"). */
const SMALL = new Set(['of', 'and', 'or', 'the', 'a', 'per', 'for']);

/** Splits an all-lower-case run into known words (fewest words wins); null when it cannot. */
function splitRun(run: string): string[] | null {
  if (run.length < 4 || WORDS.has(run)) return null;
  // best[i]: the shortest split of run.slice(0, i) into known words.
  const best: (string[] | null)[] = [[]];
  for (let i = 1; i <= run.length; i++) {
    best[i] = null;
    for (let j = Math.max(0, i - 14); j < i; j++) {
      const head = best[j];
      const w = run.slice(j, i);
      if (head && (WORDS.has(w) || ACRONYMS.has(w)) && (!best[i] || head.length + 1 < (best[i] as string[]).length)) best[i] = [...head, w];
    }
  }
  return best[run.length] ?? null;
}

/** Words of one lower-case token: `accountid` → account + id, `lifetimevalue` → lifetime + value. */
function wordsOf(token: string): string[] {
  const split = splitRun(token);
  if (split) return split;
  if (token.length > 2 && token.endsWith('id') && !WORDS.has(token)) return [...wordsOf(token.slice(0, -2)), 'id'];
  return [token];
}

function cap(word: string, first: boolean): string {
  if (ACRONYMS.has(word)) return word.toUpperCase();
  if (!first && SMALL.has(word)) return word;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The display label for a logical name: `emailaddress1` → "Email", `address1_city` → "City",
 * `lifetimevalue` → "Lifetime Value", `accountid` → "Account ID", `EmailSent` → "Email Sent",
 * `visitDuration` → "Visit Duration", `hs_lead_status` → "Lead Status".
 */
export function labelFor(name: string): string {
  const trimmed = name.trim();
  const known = KNOWN[trimmed.toLowerCase()];
  if (known) return known;
  const parts = trimmed
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .split(/[_\s.-]+/)
    .filter((w) => w !== '');
  // HubSpot's internal prefix says nothing to a reader (`hs_email_domain` → "Email Domain").
  if (parts.length > 1 && parts[0] === 'hs') parts.shift();
  // A word written in capitals in the name (`HTMLPage`) stays so.
  const words = parts.flatMap((p) => (/^[A-Z]{2,}$/.test(p) ? [p] : wordsOf(p.toLowerCase())));
  const label = words.map((w, i) => (/^[A-Z]+$/.test(w) ? w : cap(w, i === 0))).join(' ');
  return label === '' ? trimmed : label;
}

/** `label` made unique among `taken` (lower-cased labels): "Email", "Email (2)", … */
export function uniqueLabel(label: string, taken: ReadonlySet<string>): string {
  let out = label;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${label} (${i})`;
  return out;
}

/** Why a label a person typed cannot be used (null: it can). Labels are shown, never parsed. */
export function labelProblem(label: string): string | null {
  const l = label.trim();
  if (l === '') return 'Enter a label';
  if (l.length > 120) return `The label is ${l.length} characters long; use at most 120`;
  if (/\p{Cc}/u.test(l)) return 'The label may not contain control characters (tabs, line breaks)';
  return null;
}
