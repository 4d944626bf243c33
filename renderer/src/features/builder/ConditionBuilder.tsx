/**
 * The visual rows-and-groups builder (react-querybuilder with the MUI controls) for one condition
 * tree: a profile block's root, or an interaction block's filter (`restricted`).
 *
 * State: RQB edits its own query (it keeps unchanged nodes identical, so 500-row trees stay fast);
 * every edit is converted to our AST and passed up. A new tree from outside (the query text view,
 * a discard) replaces the RQB query; our own emitted tree coming back as the prop does not.
 */
import Box from '@mui/material/Box';
import { QueryBuilderMaterial } from '@react-querybuilder/material';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { QueryBuilder, type Field, type FullField, type Path, type RuleGroupType, type RuleType } from 'react-querybuilder';
import type { GroupNode } from '../../../../shared/segments/ast';
import type { RuleOperator } from '../../../../shared/segments/ast';
import { operatorArity } from '../../../../shared/segments/operators';
import { astGroupToRqb, normalizePayload, rqbToAstGroup, type RqbGroup } from './astRqb';
import { operatorsFor, scopeAtPath, type BuilderContextValue } from './builderContext';
import type { CatalogIndex } from './catalogIndex';
import { ActionButton, OperatorSelect, ShiftButtons } from './BuilderActions';
import { FieldSelector, GroupHeader, RuleRow } from './BuilderControls';
import { RuleValueEditor } from './RuleValueEditor';

export interface ConditionBuilderProps {
  root: GroupNode;
  onChange: (root: GroupNode) => void;
  index: CatalogIndex;
  /** Entity (or interaction type) the root's rules read. */
  scope: string;
  restricted?: boolean;
  issues: ReadonlyMap<string, readonly string[]>;
  readOnly?: boolean;
}

const translations = {
  addRule: { label: 'Add row', title: 'Add a row' },
  addGroup: { label: 'Add group', title: 'Add a group of rows' },
  removeRule: { label: '✕', title: 'Remove this row' },
  removeGroup: { label: '✕', title: 'Remove this group' },
  cloneRule: { label: '⧉', title: 'Copy this row' },
  cloneRuleGroup: { label: '⧉', title: 'Copy this group' },
  shiftActionUp: { label: '˄', title: 'Move up' },
  shiftActionDown: { label: '˅', title: 'Move down' },
  notToggle: { label: 'Not', title: 'Negate this group' },
};

const controlElements = {
  fieldSelector: FieldSelector,
  valueEditor: RuleValueEditor,
  rule: RuleRow,
  ruleGroupHeaderElements: GroupHeader,
  actionElement: ActionButton,
  shiftActions: ShiftButtons,
  operatorSelector: OperatorSelect,
};

export function ConditionBuilder({ root, onChange, index, scope, restricted = false, issues, readOnly = false }: ConditionBuilderProps) {
  const [query, setQuery] = useState<RuleGroupType>(() => astGroupToRqb(root, scope));
  // The tree RQB's query stands for. Our own edits come back as the same object and change nothing;
  // any other tree replaces the query (adjusting state during render, React's documented pattern).
  const [shown, setShown] = useState<GroupNode>(root);
  if (root !== shown) {
    setShown(root);
    setQuery(astGroupToRqb(root, scope));
  }

  const fields = useMemo<FullField[]>(() => index.builderFields(scope).map((f) => ({ name: f.name, value: f.value, label: f.label })) as FullField[], [index, scope]);
  const context = useMemo<BuilderContextValue>(() => ({ index, rootScope: scope, restricted, issues, readOnly }), [index, scope, restricted, issues, readOnly]);

  const getOperators = useCallback((field: string) => operatorsFor(index.field(field), restricted), [index, restricted]);
  const getDefaultValue = useCallback((rule: RuleType) => normalizePayload(rule.operator, {}), []);

  // A new row starts on the first field of the entity its group reads, with that field's first operator.
  const onAddRule = useCallback(
    (rule: RuleType, parentPath: Path, q: RuleGroupType): RuleType => {
      const groupScope = scopeAtPath(q, parentPath, scope);
      const first = index.builderFields(groupScope)[0];
      if (!first) return rule;
      const op = operatorsFor(first.field, restricted)[0]?.name ?? ('eq' as RuleOperator);
      return { ...rule, field: first.name, operator: op, value: normalizePayload(op, {}) };
    },
    [index, scope, restricted],
  );

  // RQB rebuilds every row's `actions` when onQueryChange changes identity, so the handler must be
  // stable even though parents pass a new `onChange` on each render: it calls the latest one.
  const latestOnChange = useRef(onChange);
  useLayoutEffect(() => {
    latestOnChange.current = onChange;
  });
  const handleChange = useCallback((q: RuleGroupType) => {
    setQuery(q);
    const ast = rqbToAstGroup(q, { normalize: true });
    setShown(ast);
    latestOnChange.current(ast);
  }, []);

  return (
    <Box className="segment-builder" sx={builderSx}>
      <QueryBuilderMaterial>
        <QueryBuilder
          query={query as RqbGroup}
          onQueryChange={handleChange}
          fields={fields as Field[]}
          getOperators={getOperators}
          getDefaultValue={getDefaultValue}
          onAddRule={onAddRule}
          controlElements={controlElements}
          translations={translations}
          context={context}
          showNotToggle
          showShiftActions
          showCloneButtons
          resetOnFieldChange
          enableMountQueryChange={false}
          disabled={readOnly}
        />
      </QueryBuilderMaterial>
    </Box>
  );
}

export function payloadNeedsValue(op: RuleOperator): boolean {
  return operatorArity(op) !== 'none';
}

const builderSx = {
  '& .ruleGroup': { border: 1, borderColor: 'divider', borderRadius: 1, p: 1, display: 'flex', flexDirection: 'column', gap: 1, bgcolor: 'background.paper' },
  '& .ruleGroup .ruleGroup': { bgcolor: 'action.hover' },
  '& .ruleGroup-header': { display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' },
  '& .ruleGroup-body': { display: 'flex', flexDirection: 'column', gap: 1, pl: 2 },
  '& .rule': { display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' },
} as const;
