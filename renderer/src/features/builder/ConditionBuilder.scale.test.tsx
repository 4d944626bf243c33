// @vitest-environment jsdom
/**
 * Builder at scale in jsdom: a large definition mounts, and one edit re-renders only its row (the
 * rows are memoised; before that, an edit re-rendered every row). jsdom is far slower than a browser,
 * so the default is 100 rows (SCALE_ROWS to change); the 500-row numbers come from Chromium in
 * test/e2e/workspace-scale.spec.ts. Timings are printed, never asserted.
 */
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ConditionNode, GroupNode } from '../../../../shared/segments/ast';
import { renderWithProviders } from '../../test/renderWithProviders';
import { CatalogIndex } from './catalogIndex';
import { ConditionBuilder } from './ConditionBuilder';
import { testCatalog } from './testCatalog';

const index = new CatalogIndex(testCatalog);
const noIssues = new Map<string, string[]>();
const ROWS = Number(process.env.SCALE_ROWS ?? 100);

function bigTree(rows: number): GroupNode {
  const children: ConditionNode[] = [];
  for (let i = 0; i < rows; i++) {
    const kind = i % 5;
    if (kind === 0) children.push({ kind: 'rule', id: `r${i}`, field: 'address1_city', operator: 'eq', values: [`City ${i}`] });
    else if (kind === 1) children.push({ kind: 'rule', id: `r${i}`, field: 'numberofchildren', operator: 'gt', values: [i] });
    else if (kind === 2) children.push({ kind: 'rule', id: `r${i}`, field: 'createdon', operator: 'inTheLast', amount: i, unit: 'days' });
    else if (kind === 3) children.push({ kind: 'rule', id: `r${i}`, field: 'gendercode', operator: 'eq', values: ['Male'] });
    else children.push({ kind: 'rule', id: `r${i}`, field: 'jobtitle', operator: 'containsData' });
  }
  return { kind: 'group', id: 'root', combinator: 'or', children };
}

function Harness({ initial, onEdit }: { initial: GroupNode; onEdit: () => void }) {
  const [root, setRoot] = useState(initial);
  return (
    <ConditionBuilder
      root={root}
      index={index}
      scope="contact"
      issues={noIssues}
      onChange={(r) => {
        setRoot(r);
        onEdit();
      }}
    />
  );
}

describe('builder at scale', () => {
  it('renders a large definition and applies one edit to the right row', { timeout: 600_000 }, () => {
    const tree = bigTree(ROWS);
    let edits = 0;
    const t0 = performance.now();
    renderWithProviders(<Harness initial={tree} onEdit={() => edits++} />);
    const mountMs = performance.now() - t0;
    const amounts = screen.getAllByRole('textbox', { name: 'Amount' });
    expect(document.querySelectorAll('.rule')).toHaveLength(ROWS);

    const t1 = performance.now();
    fireEvent.change(amounts[0]!, { target: { value: '77' } });
    const editMs = performance.now() - t1;
    expect(edits).toBe(1);
    expect((screen.getAllByRole('textbox', { name: 'Amount' })[0] as HTMLInputElement).value).toBe('77');

    console.info(
      `[scale] ${ROWS} rows (jsdom): mount ${mountMs.toFixed(0)} ms, one edit (change → AST → re-render) ${editMs.toFixed(0)} ms`,
    );
  });
});
