/**
 * The demo segments a new database starts with: one story a marketer recognises ("who do we invite to
 * the US expo?"), told with every segment type. Dynamic and static segments feed a compound, all of
 * them live, and one draft shows a segment still being planned. Names and values match the demo data
 * (generate.ts): Seattle is the largest city, about one contact in five has a lifetime value above 1,000,
 * and "Spring Expo" is one of the events contacts registered for.
 */
import type { Block, ConditionNode, DynamicDefinition, InteractionBlock, SegmentDefinition } from '../../../shared/segments/ast.js';
import type { LiveService } from '../live/liveService.js';
import type { SegmentService } from '../segments/segmentService.js';

const profile = (id: string, children: ConditionNode[]): Block => ({
  kind: 'profile',
  id,
  combine: 'union',
  entity: 'contact',
  root: { kind: 'group', id: `${id}g`, combinator: 'and', children },
});
const dynamic = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });
const inSeattle: ConditionNode = { kind: 'rule', id: 'city', field: 'address1_city', operator: 'eq', values: ['Seattle'] };
const interaction = (
  id: string,
  combine: InteractionBlock['combine'],
  type: string,
  window: InteractionBlock['window'],
  filter?: ConditionNode,
): InteractionBlock => ({
  kind: 'interaction',
  id,
  combine,
  interactionType: type,
  ...(filter ? { filter: { kind: 'group', id: `${id}f`, combinator: 'and', children: [filter] } } : {}),
  count: { op: 'atLeast', value: 1 },
  window,
});

/** Who signs up for the newsletter: the static segment is filled once from this query. */
const NEWSLETTER_SIGNUPS = dynamic(
  interaction(
    'b1',
    'union',
    'FormSubmitted',
    { kind: 'lifetime' },
    {
      kind: 'rule',
      id: 'form',
      field: 'formName',
      operator: 'eq',
      values: ['Newsletter signup'],
    },
  ),
);

interface DemoSegment {
  name: string;
  description: string;
  type: SegmentDefinition['kind'];
  /** For compounds: the names of the segments combined, step by step (union first, then the operator). */
  steps?: { combine: 'union' | 'intersect' | 'except'; name: string }[];
  definition?: DynamicDefinition;
  /** Static members: contacts matching this query. */
  members?: DynamicDefinition;
  live: boolean;
}

/** In creation order: a compound's parts come before it. */
export const DEMO_SEGMENTS: readonly DemoSegment[] = [
  {
    name: 'Contacts in Seattle',
    type: 'dynamic',
    description: 'Everyone whose city is Seattle.',
    definition: dynamic(profile('b1', [inSeattle])),
    live: true,
  },
  {
    name: 'Seattle high-value customers',
    type: 'dynamic',
    description: 'Seattle contacts with a lifetime value above 1,000.',
    definition: dynamic(profile('b1', [inSeattle, { kind: 'rule', id: 'ltv', field: 'lifetimevalue', operator: 'gt', values: [1000] }])),
    live: true,
  },
  {
    name: 'Contacts in the United States',
    type: 'dynamic',
    description: 'Everyone whose country is the United States.',
    definition: dynamic(
      profile('b1', [{ kind: 'rule', id: 'country', field: 'address1_country', operator: 'eq', values: ['United States'] }]),
    ),
    live: true,
  },
  {
    name: 'Spring Expo registrants',
    type: 'dynamic',
    description: 'Contacts who registered for the Spring Expo.',
    definition: dynamic(
      interaction(
        'b1',
        'union',
        'EventRegistration',
        { kind: 'lifetime' },
        {
          kind: 'rule',
          id: 'event',
          field: 'eventName',
          operator: 'eq',
          values: ['Spring Expo'],
        },
      ),
    ),
    live: true,
  },
  {
    name: 'Newsletter subscribers',
    type: 'static',
    description: 'Hand-picked contacts who asked for the newsletter (filled from the "Newsletter signup" form).',
    members: NEWSLETTER_SIGNUPS,
    live: true,
  },
  {
    name: 'US expo audience',
    type: 'compound',
    description: 'Spring Expo registrants and newsletter subscribers, in the United States: who to invite to the US expo.',
    steps: [
      { combine: 'union', name: 'Spring Expo registrants' },
      { combine: 'union', name: 'Newsletter subscribers' },
      { combine: 'intersect', name: 'Contacts in the United States' },
    ],
    live: true,
  },
  {
    name: 'Lapsed e-mail openers',
    type: 'dynamic',
    description: 'Opened an e-mail once, but none in the last 6 months. A draft: check the estimate before it goes live.',
    definition: dynamic(
      interaction('b1', 'union', 'EmailOpened', { kind: 'lifetime' }),
      interaction('b2', 'except', 'EmailOpened', { kind: 'last', amount: 6, unit: 'months' }),
    ),
    live: false,
  },
];

/** Creates the demo segments (and takes the live ones live). Runs only when the database has no segments. */
export async function createDemoSegments(segments: SegmentService, live: LiveService): Promise<void> {
  const ids = new Map<string, string>();
  for (const s of DEMO_SEGMENTS) {
    const definition: SegmentDefinition | undefined =
      s.type === 'compound'
        ? {
            kind: 'compound',
            version: 1,
            blocks: (s.steps ?? []).map((step, i) => ({
              kind: 'segment',
              id: `s${i + 1}`,
              combine: step.combine,
              segmentId: ids.get(step.name) ?? step.name,
            })),
          }
        : s.definition;
    const record = segments.create({ name: s.name, type: s.type, description: s.description, ...(definition ? { definition } : {}) });
    ids.set(s.name, record.id);
    if (s.members) await live.staticMembers.addByQuery(record.id, s.members);
    if (s.live) await live.goLive(record.id);
  }
}
