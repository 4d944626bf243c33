// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupNode } from '../../../../shared/segments/ast';
import { CatalogIndex } from './catalogIndex';
import { ConditionBuilder } from './ConditionBuilder';
import { testCatalog } from './testCatalog';

const index = new CatalogIndex(testCatalog);
const noIssues = new Map<string, string[]>();

function Harness(props: {
  initial: GroupNode;
  restricted?: boolean;
  scope?: string;
  issues?: Map<string, string[]>;
  seen: GroupNode[];
  index?: CatalogIndex;
}) {
  const [root, setRoot] = useState(props.initial);
  return (
    <ConditionBuilder
      root={root}
      index={props.index ?? index}
      scope={props.scope ?? 'contact'}
      restricted={props.restricted ?? false}
      issues={props.issues ?? noIssues}
      onChange={(r) => {
        props.seen.push(r);
        setRoot(r);
      }}
    />
  );
}

const cityRule: GroupNode = {
  kind: 'group',
  id: 'g1',
  combinator: 'and',
  children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] }],
};

afterEach(cleanup);

describe('condition builder', () => {
  it('shows a row with its field label, operator label and value chips', () => {
    render(<Harness initial={cityRule} seen={[]} />);
    expect(screen.getByRole('button', { name: 'Field: Address 1: City' })).toBeInTheDocument();
    expect(screen.getByText('Seattle')).toBeInTheDocument();
    expect(screen.getByText('equals')).toBeInTheDocument();
  });

  it('opens the field search with the current field selected, so typing replaces it', async () => {
    render(<Harness initial={cityRule} seen={[]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Field: Address 1: City' }));
    const search = screen.getByRole('combobox', { name: 'Search fields' }) as HTMLInputElement;
    expect(search).toHaveFocus();
    expect(search.value).toBe('Address 1: City');
    expect([search.selectionStart, search.selectionEnd]).toEqual([0, search.value.length]);
    await userEvent.keyboard('Job');
    expect(search).toHaveValue('Job');
  });

  it('adds a value chip on Enter and reports the new tree', async () => {
    const seen: GroupNode[] = [];
    render(<Harness initial={cityRule} seen={seen} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Values' }), 'Redmond{Enter}');
    expect(seen.at(-1)?.children[0]).toEqual({
      kind: 'rule',
      id: 'r1',
      field: 'address1_city',
      operator: 'eq',
      values: ['Seattle', 'Redmond'],
    });
  });

  it('adds a related-entity group labelled with the relationship, whose new rows read the related entity', async () => {
    const seen: GroupNode[] = [];
    render(<Harness initial={cityRule} seen={seen} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add related entity' }));
    const related = seen.at(-1)?.children[1];
    expect(related).toMatchObject({
      kind: 'related',
      relationship: 'contact_account_parentcustomerid',
      direction: 'toReferenced',
      entity: 'account',
      children: [],
    });
    expect(screen.getByText('Company Name (Account)')).toBeInTheDocument();
    const groups = document.querySelectorAll('.ruleGroup .ruleGroup');
    await userEvent.click(within(groups[0] as HTMLElement).getAllByRole('button', { name: /Add row/ })[0]!);
    const relatedAfter = seen.at(-1)?.children[1];
    expect(relatedAfter?.kind === 'related' && relatedAfter.children[0]).toMatchObject({
      kind: 'rule',
      field: 'name',
      operator: 'eq',
      values: [],
    });
  });

  it('shows an N:N group as "Contact <-> Event (via Registration)", whose new rows read the event', async () => {
    const ent = (name: string, label: string) => ({
      name,
      label,
      keyField: 'id',
      displayField: 'name',
      recordCount: 0,
      fields: [{ name: 'name', label: 'Event Name', type: 'text' as const }],
    });
    const rel = (referencingEntity: string, referencedEntity: string, lookupField: string) => ({
      name: `${referencingEntity}_${referencedEntity}_${lookupField}`,
      referencingEntity,
      referencedEntity,
      lookupField,
    });
    const withEvents = new CatalogIndex({
      ...testCatalog,
      entities: [...testCatalog.entities, ent('event', 'Event'), ent('registration', 'Registration')],
      relationships: [...testCatalog.relationships, rel('registration', 'contact', 'contactid'), rel('registration', 'event', 'eventid')],
    });
    const initial: GroupNode = {
      kind: 'group',
      id: 'g1',
      combinator: 'and',
      children: [
        {
          kind: 'related',
          id: 'n1',
          relationship: 'contact_event_via_registration',
          direction: 'manyToMany',
          entity: 'event',
          combinator: 'and',
          children: [],
        },
      ],
    };
    const seen: GroupNode[] = [];
    render(<Harness initial={initial} seen={seen} index={withEvents} />);
    expect(screen.getByText('Contact <-> Event (via Registration)')).toBeInTheDocument();
    const groups = document.querySelectorAll('.ruleGroup .ruleGroup');
    await userEvent.click(within(groups[0] as HTMLElement).getAllByRole('button', { name: /Add row/ })[0]!);
    expect(seen.at(-1)?.children[0]).toMatchObject({
      kind: 'related',
      direction: 'manyToMany',
      children: [{ kind: 'rule', field: 'name' }],
    });
  });

  it('shows validation issues in place on the row they belong to', () => {
    render(<Harness initial={cityRule} seen={[]} issues={new Map([['r1', ['Enter at least one value']]])} />);
    const row = document.querySelector('[data-node-id="r1"]') as HTMLElement;
    expect(within(row).getByRole('alert')).toHaveTextContent('Enter at least one value');
  });

  it('offers relative dates for dates and edits amount and unit', async () => {
    const seen: GroupNode[] = [];
    const g: GroupNode = {
      kind: 'group',
      id: 'g1',
      combinator: 'and',
      children: [{ kind: 'rule', id: 'r1', field: 'createdon', operator: 'inTheLast', amount: 30, unit: 'days' }],
    };
    render(<Harness initial={g} seen={seen} />);
    const amount = screen.getByRole('textbox', { name: 'Amount' });
    await userEvent.clear(amount);
    await userEvent.type(amount, '7');
    expect(seen.at(-1)?.children[0]).toMatchObject({ operator: 'inTheLast', amount: 7, unit: 'days' });
  });

  it('restricted to an interaction filter: no related entities, no text matching, no relative dates', async () => {
    const g: GroupNode = {
      kind: 'group',
      id: 'f1',
      combinator: 'and',
      children: [{ kind: 'rule', id: 'r1', field: 'messageId', operator: 'eq', values: ['m-1'] }],
    };
    render(<Harness initial={g} seen={[]} restricted scope="EmailClicked" />);
    expect(screen.queryByRole('button', { name: 'Add related entity' })).not.toBeInTheDocument();
    const operatorSelect = screen.getByText('equals');
    await userEvent.click(operatorSelect);
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['equals', 'does not equal', 'contains data', 'does not contain data']);
  });

  it('offers choice values from the catalog', async () => {
    const seen: GroupNode[] = [];
    const g: GroupNode = {
      kind: 'group',
      id: 'g1',
      combinator: 'and',
      children: [{ kind: 'rule', id: 'r1', field: 'favoritepets', operator: 'containsAllOf', values: [] }],
    };
    render(<Harness initial={g} seen={seen} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Values' }));
    await userEvent.click(screen.getByRole('option', { name: 'Cats' }));
    expect(seen.at(-1)?.children[0]).toMatchObject({ values: ['Cats'] });
  });

  describe('moving rows', () => {
    // root: [r1 contact city, g2 plain group [r3 job title], a1 related account group [r2 account name]]
    const moving: GroupNode = {
      kind: 'group',
      id: 'root',
      combinator: 'and',
      children: [
        { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
        {
          kind: 'group',
          id: 'g2',
          combinator: 'or',
          children: [{ kind: 'rule', id: 'r3', field: 'jobtitle', operator: 'eq', values: ['CEO'] }],
        },
        {
          kind: 'related',
          id: 'a1',
          relationship: 'contact_account_parentcustomerid',
          direction: 'toReferenced',
          entity: 'account',
          combinator: 'and',
          children: [{ kind: 'rule', id: 'r2', field: 'name', operator: 'eq', values: ['Contoso'] }],
        },
      ],
    };
    const row = (id: string) => document.querySelector(`[data-node-id="${id}"]`) as HTMLElement;
    const ids = (g: GroupNode | undefined): unknown => g?.children.map((c) => (c.kind === 'rule' ? c.id : { [c.id]: ids(c as GroupNode) }));

    /** A native HTML5 drag, as react-dnd's HTML5 backend listens for it. */
    function drag(source: HTMLElement, target: HTMLElement) {
      const data = new Map<string, string>();
      const dataTransfer = {
        dropEffect: 'move',
        effectAllowed: 'all',
        files: [],
        items: [],
        get types() {
          return [...data.keys()];
        },
        setData: (k: string, v: string) => data.set(k, v),
        getData: (k: string) => data.get(k) ?? '',
        clearData: () => data.clear(),
        setDragImage: () => {},
      };
      fireEvent.dragStart(source, { dataTransfer });
      fireEvent.dragEnter(target, { dataTransfer });
      fireEvent.dragOver(target, { dataTransfer });
      fireEvent.drop(target, { dataTransfer });
      fireEvent.dragEnd(source, { dataTransfer });
    }

    it('gives every row and nested group a drag handle', () => {
      render(<Harness initial={moving} seen={[]} />);
      expect(document.querySelectorAll('.rule .queryBuilder-dragHandle')).toHaveLength(3);
      expect(document.querySelectorAll('.ruleGroup .ruleGroup .queryBuilder-dragHandle').length).toBeGreaterThanOrEqual(2);
    });

    it('drags a row into a plain nested group', () => {
      const seen: GroupNode[] = [];
      render(<Harness initial={moving} seen={seen} />);
      const handle = row('r1').querySelector('.queryBuilder-dragHandle') as HTMLElement;
      const groupHeader = row('g2').closest('.ruleGroup-header') as HTMLElement;
      drag(handle, groupHeader);
      expect(ids(seen.at(-1))).toEqual([{ g2: ['r1', 'r3'] }, { a1: ['r2'] }]);
    });

    it('refuses to drop a contact row into the related account group', () => {
      const seen: GroupNode[] = [];
      render(<Harness initial={moving} seen={seen} />);
      const handle = row('r1').querySelector('.queryBuilder-dragHandle') as HTMLElement;
      drag(handle, row('a1').closest('.ruleGroup-header') as HTMLElement);
      drag(handle, row('r2').querySelector('.rule') as HTMLElement);
      expect(seen).toEqual([]);
      // The same gesture onto a contact row is accepted: r1 lands after r3.
      drag(handle, row('r3').querySelector('.rule') as HTMLElement);
      expect(ids(seen.at(-1))).toEqual([{ g2: ['r3', 'r1'] }, { a1: ['r2'] }]);
    });

    it('reorders with the keyboard (move up / down buttons), but never onto another entity', async () => {
      const seen: GroupNode[] = [];
      render(<Harness initial={moving} seen={seen} />);
      // Down from the top: r1 enters the plain group g2.
      await userEvent.click(within(row('r1')).getByRole('button', { name: 'Move rule Address 1: City equals Seattle down' }));
      expect(ids(seen.at(-1))).toEqual([{ g2: ['r1', 'r3'] }, { a1: ['r2'] }]);
      // The account row cannot leave its account group upwards into contact rows.
      const before = seen.length;
      await userEvent.click(within(row('r2')).getByRole('button', { name: 'Move rule Account Name equals Contoso up' }));
      expect(seen.length).toBe(before);
    });

    it('names every row action after its row, and the AND / OR selects', () => {
      render(<Harness initial={moving} seen={[]} />);
      const r1 = within(row('r1'));
      for (const name of ['Remove', 'Copy', 'Move'].map((verb) => `${verb} rule Address 1: City equals Seattle`))
        expect(r1.getAllByRole('button', { name: new RegExp(`^${name}`) }).length).toBeGreaterThan(0);
      expect(screen.getByRole('button', { name: 'Remove group of 1 row' })).toBeInTheDocument();
      expect(screen.getByRole('combobox', { name: 'Combine the rows of this block with' })).toHaveTextContent('AND');
      expect(screen.getAllByRole('combobox', { name: 'Combine the rows of this group with' })).toHaveLength(2);
    });

    it('moves a row from its focused drag handle with the arrow keys, and says so in a polite live region', async () => {
      const seen: GroupNode[] = [];
      render(<Harness initial={moving} seen={seen} />);
      const handle = within(row('r1')).getByRole('button', { name: 'Move rule Address 1: City equals Seattle' });
      expect(handle).toHaveAttribute('tabindex', '0');
      expect(handle).toHaveAccessibleDescription(/arrow/);
      handle.focus();
      await userEvent.keyboard('{ArrowDown}');
      expect(ids(seen.at(-1))).toEqual([{ g2: ['r1', 'r3'] }, { a1: ['r2'] }]);
      const live = screen.getByTestId('builder-announcer');
      expect(live).toHaveAttribute('aria-live', 'polite');
      expect(live).toHaveTextContent('Rule Address 1: City equals Seattle moved down: now 1 of 2 in its group.');
      // Into the account group is refused: said, nothing changes.
      const accountRow = within(row('r2')).getByRole('button', { name: 'Move rule Account Name equals Contoso' });
      accountRow.focus();
      const before = seen.length;
      await userEvent.keyboard('{ArrowUp}');
      expect(seen.length).toBe(before);
      expect(live).toHaveTextContent('Rule Account Name equals Contoso cannot move up.');
    });
  });
});
