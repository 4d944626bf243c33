/**
 * The built-in templates (F19): audiences a marketer moving from Dynamics 365 looks for first. They use
 * the demo catalog's names (contact fields, the account relationship, e-mail and event interactions);
 * against another catalog a template that needs something missing is shown unavailable, with the reason
 * (templates.ts unavailableReason). Ids are `builtin:<key>` and stable: files and tests name them.
 */
import type { SegmentTemplate } from '../models/template.js';
import type { Block, ConditionNode, DynamicDefinition, InteractionBlock } from './ast.js';

const dynamic = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });
const contacts = (id: string, children: ConditionNode[], combine: Block['combine'] = 'union'): Block => ({
  kind: 'profile',
  id,
  combine,
  entity: 'contact',
  root: { kind: 'group', id: `${id}g`, combinator: 'and', children },
});
const interaction = (id: string, combine: Block['combine'], type: string, rest: Partial<InteractionBlock>): InteractionBlock => ({
  kind: 'interaction',
  id,
  combine,
  interactionType: type,
  count: { op: 'atLeast', value: 1 },
  window: { kind: 'lifetime' },
  ...rest,
});

/** Birthdays next month: the anniversary month of the birth date is next month, any year (segment's zone). */
const birthdayNextMonth: ConditionNode = {
  kind: 'rule',
  id: 'bday',
  field: 'birthdate',
  operator: 'anniversaryInMonth',
  amount: 1,
  unit: 'months',
};

const builtIn = (key: string, name: string, description: string, labels: string[], definition: DynamicDefinition): SegmentTemplate => ({
  id: `builtin:${key}`,
  name,
  description,
  labels,
  active: true,
  builtIn: true,
  definition,
  createdAt: null,
  modifiedAt: null,
});

export const BUILT_IN_TEMPLATES: readonly SegmentTemplate[] = [
  builtIn(
    're-engagement',
    'Re-engagement: opened nothing lately',
    'Contacts who were sent e-mails but opened none in the last N days. Use it for a win-back campaign.',
    ['E-mail', 'Engagement'],
    dynamic(
      interaction('b1', 'union', 'EmailSent', {}),
      interaction('b2', 'except', 'EmailOpened', {
        window: { kind: 'last', amount: 90, unit: 'days' },
        parameter: { help: 'How many days without an opened e-mail? (e.g. 90)' },
      }),
    ),
  ),
  builtIn(
    'new-this-month',
    'New contacts this month',
    'Contacts created in the current calendar month (in the segment’s time zone). A welcome series audience.',
    ['Lifecycle'],
    dynamic(contacts('b1', [{ kind: 'rule', id: 'created', field: 'createdon', operator: 'ago', amount: 0, unit: 'months' }])),
  ),
  builtIn(
    'high-value-city',
    'High-value contacts in a city',
    'Contacts in one city whose lifetime value is above an amount you choose. For local events and VIP offers.',
    ['Value', 'Location'],
    dynamic(
      contacts('b1', [
        { kind: 'rule', id: 'city', field: 'address1_city', operator: 'eq', parameter: { help: 'Which city? (e.g. Seattle)' } },
        { kind: 'rule', id: 'ltv', field: 'lifetimevalue', operator: 'gt', parameter: { help: 'Lifetime value above … (e.g. 1000)' } },
      ]),
    ),
  ),
  builtIn(
    'event-no-click',
    'Registered for an event, no e-mail clicked since',
    'Contacts who registered for an event and clicked no e-mail in the last N days (choose N as the days since ' +
      'registration closed: a window per contact’s own registration date is not in the query language).',
    ['Events', 'E-mail', 'Engagement'],
    dynamic(
      interaction('b1', 'union', 'EventRegistration', {
        filter: {
          kind: 'group',
          id: 'b1f',
          combinator: 'and',
          children: [
            { kind: 'rule', id: 'event', field: 'eventName', operator: 'eq', parameter: { help: 'Which event? (e.g. Spring Expo)' } },
          ],
        },
      }),
      interaction('b2', 'except', 'EmailClicked', {
        window: { kind: 'last', amount: 30, unit: 'days' },
        parameter: { help: 'Days since the registration (no click in that time)' },
      }),
    ),
  ),
  builtIn(
    'birthdays-next-month',
    'Birthdays next month',
    'Contacts whose birthday falls in next calendar month, whatever the year (in the segment’s time zone).',
    ['Lifecycle', 'Dates'],
    dynamic(contacts('b1', [birthdayNextMonth])),
  ),
  builtIn(
    'account-industry',
    'Contacts of accounts in an industry',
    'Contacts whose company (account) is in the industry you choose. For B2B campaigns by sector.',
    ['Accounts', 'B2B'],
    dynamic(
      contacts('b1', [
        {
          kind: 'related',
          id: 'acct',
          relationship: 'contact_account_parentcustomerid',
          direction: 'toReferenced',
          entity: 'account',
          combinator: 'and',
          children: [
            { kind: 'rule', id: 'industry', field: 'industry', operator: 'eq', parameter: { help: 'Which industry? (e.g. Retail)' } },
          ],
        },
      ]),
    ),
  ),
];

/** The built-in template with `id`, if any. */
export function builtInTemplate(id: string): SegmentTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id);
}
