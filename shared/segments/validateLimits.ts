/**
 * The size limits of a definition (limits.ts, docs/limits.md) checked without recursion, before the
 * recursive validator, evaluators and compilers ever see the tree: nesting depth, number of condition
 * rows, values per row and per definition. Each problem names the first node over the limit.
 */
import type { ConditionNode, DynamicDefinition, CompoundDefinition, RuleValue } from './ast.js';
import {
  codePointLength,
  loneSurrogateIndex,
  MAX_BLOCKS,
  MAX_CONDITION_DEPTH,
  MAX_CONDITIONS,
  MAX_VALUE_LENGTH,
  MAX_VALUES_PER_CONDITION,
  MAX_VALUES_PER_DEFINITION,
  unitName,
} from './limits.js';
import type { ValidationIssue } from './validate.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Problems of one value that hold whatever the field: unpaired surrogates and over-long text. */
export function valueLimitProblem(v: RuleValue): string | undefined {
  if (typeof v !== 'string') return undefined;
  const lone = loneSurrogateIndex(v);
  if (lone >= 0)
    return `value holds an invalid character ${unitName(v, lone)} (half of a surrogate pair) at character ${codePointLength(v.slice(0, lone)) + 1}`;
  const len = codePointLength(v);
  if (len > MAX_VALUE_LENGTH) return `value is ${fmt(len)} characters long; at most ${fmt(MAX_VALUE_LENGTH)} are allowed`;
  return undefined;
}

/** Size problems of `def` (empty when it is within every limit). Iterative: any depth is safe. */
export function checkLimits(def: DynamicDefinition | CompoundDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const extra = def.blocks[MAX_BLOCKS];
  if (extra)
    issues.push({
      nodeId: extra.id,
      path: `blocks[${MAX_BLOCKS}]`,
      message: `A segment can combine at most ${MAX_BLOCKS} blocks; this is one more`,
    });
  let rules = 0;
  let values = 0;
  const stack: { node: ConditionNode; path: string; depth: number }[] = [];
  def.blocks.forEach((b, i) => {
    if (b.kind === 'profile') stack.push({ node: b.root, path: `blocks[${i}].root`, depth: 1 });
    if (b.kind === 'interaction' && b.filter) stack.push({ node: b.filter, path: `blocks[${i}].filter`, depth: 1 });
  });
  stack.reverse();
  let item = stack.pop();
  while (item) {
    const { node, path, depth } = item;
    if (node.kind === 'rule') {
      rules++;
      const n = node.values?.length ?? 0;
      values += n;
      if (rules === MAX_CONDITIONS + 1)
        issues.push({
          nodeId: node.id,
          path,
          message: `A segment can have at most ${fmt(MAX_CONDITIONS)} conditions; this is one more`,
        });
      if (n > MAX_VALUES_PER_CONDITION) {
        issues.push({
          nodeId: node.id,
          path,
          message: `A condition can have at most ${fmt(MAX_VALUES_PER_CONDITION)} values; this one has ${fmt(n)}`,
        });
      } else if (values > MAX_VALUES_PER_DEFINITION && values - n <= MAX_VALUES_PER_DEFINITION) {
        issues.push({
          nodeId: node.id,
          path,
          message: `A segment can have at most ${fmt(MAX_VALUES_PER_DEFINITION)} values in all its conditions; this condition goes over`,
        });
      }
    } else if (depth > MAX_CONDITION_DEPTH) {
      issues.push({
        nodeId: node.id,
        path,
        message: `Groups are nested too deeply: at most ${MAX_CONDITION_DEPTH} levels of groups inside one another`,
      });
      return issues;
    } else {
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i];
        if (child)
          stack.push({
            node: child,
            path: `${path}.children[${i}]`,
            depth: depth + 1,
          });
      }
    }
    item = stack.pop();
  }
  return issues;
}
