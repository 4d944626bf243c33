import { describe, expect, it } from 'vitest';
import type { DynamicDefinition } from '../../../../shared/segments/ast';
import { DEFINITION_KEY, issuesByNode } from './issueMap';

const def: DynamicDefinition = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: { kind: 'group', id: 'g1', combinator: 'and', children: [{ kind: 'rule', id: 'r1', field: 'x', operator: 'eq', values: [] }] },
    },
  ],
};

describe('issues by node', () => {
  it('keys validator issues by their node id and schema issues by the deepest node on their path', () => {
    const map = issuesByNode(def, [
      { path: 'blocks.0.root.children.0', nodeId: 'r1', message: 'Enter a value' },
      { path: 'definition.blocks.0.root.children.0.values', message: 'Too many values' },
      { path: 'definition.blocks.0.root.children.0.values', message: 'Too many values' },
      { path: 'definition.blocks.0', message: 'Bad block' },
      { path: 'name', message: 'Name is required' },
    ]);
    expect(map.get('r1')).toEqual(['Enter a value', 'Too many values']);
    expect(map.get('b1')).toEqual(['Bad block']);
    expect(map.get(DEFINITION_KEY)).toEqual(['Name is required']);
  });
});
