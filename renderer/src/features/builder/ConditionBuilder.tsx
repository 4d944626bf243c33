/**
 * The visual rows-and-groups builder (react-querybuilder with the MUI controls) for one condition
 * tree: a profile block's root, or an interaction block's filter (`restricted`).
 *
 * State: RQB edits its own query (it keeps unchanged nodes identical, so 500-row trees stay fast);
 * every edit is converted to our AST and passed up. A new tree from outside (the query text view,
 * a discard) replaces the RQB query; our own emitted tree coming back as the prop does not.
 *
 * Moving: rows and groups are dragged by their handle (@react-querybuilder/dnd over react-dnd's HTML5
 * backend; Alt copies, Ctrl groups with the row dropped on) or shifted with the up / down buttons
 * (keyboard). Every move must keep each row on its entity (scopeGuard.ts): a drop into a related-entity
 * group of another entity is marked not allowed while dragging and refused on drop, and a shift that
 * would cross into such a group does nothing.
 *
 * Group tools (spec F5): rows and groups carry check boxes and groups a collapse chevron (state in a
 * BuilderSelection store, so checking one row re-renders that row only); the toolbar above the tree
 * applies the pure operations of treeOps.ts to the AST and the result replaces RQB's query like a new
 * tree from outside, with an Undo until the next edit.
 */
import Box from '@mui/material/Box';
import { QueryBuilderDnD } from '@react-querybuilder/dnd';
import { MaterialValueSelector, QueryBuilderMaterial } from '@react-querybuilder/material';
import * as ReactDnD from 'react-dnd';
import * as ReactDndHtml5Backend from 'react-dnd-html5-backend';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  QueryBuilder,
  Rule,
  type DraggedItem,
  type Field,
  type FullField,
  type Path,
  type RuleGroupType,
  type RuleGroupTypeAny,
  type CombinatorSelectorProps,
  type RuleType,
} from 'react-querybuilder';
import type { GroupNode } from '../../../../shared/segments/ast';
import type { RuleOperator } from '../../../../shared/segments/ast';
import { astGroupToRqb, normalizePayload, rqbToAstGroup, type RqbGroup } from './astRqb';
import { operatorsFor, scopeAtPath, type BuilderContextValue } from './builderContext';
import type { CatalogIndex } from './catalogIndex';
import { ActionButton, OperatorSelect, ShiftButtons } from './BuilderActions';
import { FieldSelector, GroupHeader, RuleRow } from './BuilderControls';
import { RuleValueEditor } from './RuleValueEditor';
import { DragHandle, MOVE_HINT } from './KeyboardMove';
import { canDropOn, moveKeepsScopes } from './scopeGuard';
import { BuilderSelection } from './builderSelection';
import { GroupToolbar, type ToolNotice } from './GroupToolbar';
import { pruneSelection } from './treeOps';

export interface ConditionBuilderProps {
  root: GroupNode;
  onChange: (root: GroupNode) => void;
  index: CatalogIndex;
  /** Entity (or interaction type) the root's rules read. */
  scope: string;
  restricted?: boolean;
  issues: ReadonlyMap<string, readonly string[]>;
  readOnly?: boolean;
  /** Offer existing values while a text value is typed (needs the app's store: fieldValues.suggest). */
  suggestValues?: boolean;
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
  dragHandle: { label: '⋮⋮', title: 'Drag to move (Alt: copy, Ctrl: group with the row it is dropped on)' },
};

// What QueryBuilderDnD's drag-and-drop row renders inside. Our RuleRow (given to QueryBuilder, which
// overrides the DnD row) mounts that drag-and-drop row only once the row comes near the viewport:
// react-dnd's hooks on every one of 500 rows cost seconds (docs/ui-performance.md).
const dndControlElements = { rule: Rule };

/** react-dnd with the HTML5 backend, as @react-querybuilder/dnd takes them. */
const dnd = { ...ReactDnD, ...ReactDndHtml5Backend };

/** AND / OR of a group: RQB's MUI select, named (it was a combobox without a name, WCAG 4.1.2). */
function CombinatorSelect(props: CombinatorSelectorProps) {
  const label = props.level === 0 ? 'Combine the rows of this block with' : 'Combine the rows of this group with';
  return <MaterialValueSelector {...props} inputProps={{ 'aria-label': label }} />;
}

const controlElements = {
  rule: RuleRow,
  dragHandle: DragHandle,
  combinatorSelector: CombinatorSelect,
  fieldSelector: FieldSelector,
  valueEditor: RuleValueEditor,
  ruleGroupHeaderElements: GroupHeader,
  actionElement: ActionButton,
  shiftActions: ShiftButtons,
  operatorSelector: OperatorSelect,
};

export function ConditionBuilder({
  root,
  onChange,
  index,
  scope,
  restricted = false,
  issues,
  readOnly = false,
  suggestValues = false,
}: ConditionBuilderProps) {
  const [query, setQuery] = useState<RuleGroupType>(() => astGroupToRqb(root, scope));
  // The tree RQB's query stands for. Our own edits come back as the same object and change nothing;
  // any other tree replaces the query (adjusting state during render, React's documented pattern).
  const [shown, setShown] = useState<GroupNode>(root);
  // What the last group tool did (with the tree before it, for Undo); any other edit ends the undo.
  const [notice, setNotice] = useState<ToolNotice | null>(null);
  if (root !== shown) {
    setShown(root);
    setQuery(astGroupToRqb(root, scope));
    setNotice(null);
  }
  // Checked rows and collapsed groups (group tools); ids an edit removed leave the selection.
  const [selection] = useState(() => new BuilderSelection());
  useEffect(() => selection.select(pruneSelection(shown, selection.selected)), [selection, shown]);
  const collapsed = useSyncExternalStore(selection.subscribe, () => selection.collapsed);
  const groupClassname = useCallback((g: RuleGroupTypeAny) => (collapsed.has(g.id ?? '') ? 'collapsed' : ''), [collapsed]);

  const fields = useMemo<FullField[]>(
    () => index.builderFields(scope).map((f) => ({ name: f.name, value: f.value, label: f.label })) as FullField[],
    [index, scope],
  );
  // Keyboard moves are spoken here (a polite live region; the same text twice is still said again).
  const [said, setSaid] = useState('');
  const announce = useCallback((message: string) => setSaid((prev) => (prev === message ? `${message}\u00a0` : message)), []);
  const moveHintId = useId();
  const context = useMemo<BuilderContextValue>(
    () => ({
      index,
      rootScope: scope,
      restricted,
      issues,
      readOnly,
      dnd: !readOnly,
      announce,
      moveHintId,
      suggestValues,
      ...(readOnly ? {} : { selection }),
    }),
    [index, scope, restricted, issues, readOnly, announce, moveHintId, suggestValues, selection],
  );

  const getOperators = useCallback((field: string) => operatorsFor(index.field(field), restricted), [index, restricted]);
  const getDefaultValue = useCallback((rule: RuleType) => normalizePayload(rule.operator, {}), []);

  // A new row starts on the default field of the entity its group reads (its name field, never its key),
  // with that field's first operator.
  const onAddRule = useCallback(
    (rule: RuleType, parentPath: Path, q: RuleGroupType): RuleType => {
      const groupScope = scopeAtPath(q, parentPath, scope);
      const first = index.defaultField(groupScope);
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
  // Moves (drag and drop, copy-drop, group-drop, keyboard shifts) must keep each rule on its entity.
  const queryRef = useRef(query);
  useLayoutEffect(() => {
    queryRef.current = query;
  });
  const keepsScopes = useCallback(
    (_item: unknown, _from: Path, _to: unknown, q: RuleGroupTypeAny, next: RuleGroupTypeAny) => moveKeepsScopes(q, next, scope, index),
    [scope, index],
  );
  const canDrop = useCallback(
    ({ dragging, hovering }: { dragging: DraggedItem; hovering: DraggedItem }) => canDropOn(dragging, hovering, queryRef.current, scope),
    [scope],
  );

  const handleChange = useCallback((q: RuleGroupType) => {
    setQuery(q);
    const ast = rqbToAstGroup(q, { normalize: true });
    setShown(ast);
    setNotice(null);
    latestOnChange.current(ast);
  }, []);

  // A group tool's result (or Undo): the new tree replaces RQB's query and goes up like any edit.
  const applyTool = useCallback(
    (next: GroupNode, what: ToolNotice | null) => {
      setNotice(what);
      if (next === shown) return;
      setQuery(astGroupToRqb(next, scope));
      setShown(next);
      latestOnChange.current(next);
    },
    [shown, scope],
  );

  return (
    <Box className="segment-builder" sx={{ position: 'relative', ...builderSx }}>
      {!readOnly && <GroupToolbar root={shown} selection={selection} notice={notice} onApply={applyTool} announce={announce} />}
      <QueryBuilderMaterial>
        <QueryBuilderDnD dnd={dnd} controlElements={dndControlElements} canDrop={canDrop} enableDragAndDrop={!readOnly}>
          <QueryBuilder
            query={query as RqbGroup}
            onQueryChange={handleChange}
            fields={fields as Field[]}
            getOperators={getOperators}
            getDefaultValue={getDefaultValue}
            onAddRule={onAddRule}
            controlElements={controlElements}
            getRuleGroupClassname={groupClassname}
            translations={translations}
            context={context}
            showNotToggle
            showShiftActions
            showCloneButtons
            resetOnFieldChange
            enableMountQueryChange={false}
            disabled={readOnly}
            onMoveRule={keepsScopes}
            onMoveGroup={keepsScopes}
            onGroupRule={keepsScopes}
            onGroupGroup={keepsScopes}
          />
        </QueryBuilderDnD>
      </QueryBuilderMaterial>
      <Box id={moveHintId} sx={visuallyHidden}>
        {MOVE_HINT}
      </Box>
      {/* aria-live without role="status": a page's own status messages stay the only status role in a region. */}
      <Box aria-live="polite" aria-atomic="true" data-testid="builder-announcer" sx={visuallyHidden}>
        {said}
      </Box>
    </Box>
  );
}

/**
 * Read by screen readers, not shown. Pinned to the start of the positioned builder: left where it falls,
 * the box could stick out past a narrow window's edge and make the page scroll sideways (WCAG 1.4.10).
 */
const visuallyHidden = {
  position: 'absolute',
  top: 0,
  left: 0,
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const builderSx = {
  '& .ruleGroup': {
    border: 1,
    borderColor: 'divider',
    borderRadius: 1,
    p: 1,
    display: 'flex',
    flexDirection: 'column',
    gap: 1,
    bgcolor: 'background.paper',
  },
  '& .ruleGroup .ruleGroup': { bgcolor: 'action.hover' },
  '& .ruleGroup-header': { display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' },
  '& .ruleGroup-body': { display: 'flex', flexDirection: 'column', gap: 1, pl: 2 },
  // A collapsed group keeps its header (and its rows in the definition); only its body is hidden.
  '& .ruleGroup.collapsed > .ruleGroup-body': { display: 'none' },
  '& .rule': { display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' },
  // Drag and drop: a handle that says "grab", the dragged item faded, a dashed line under the place it
  // will land (green when Alt copies, a box when Ctrl groups), and a red outline where it may not go.
  '& .queryBuilder-dragHandle': { cursor: 'grab', color: 'text.secondary', display: 'inline-flex', alignItems: 'center' },
  '& .rule.dndDragging, & .ruleGroup.dndDragging': { opacity: 0.5 },
  '& .rule.dndOver, & .ruleGroup-header.dndOver': { borderBottom: '2px dashed', borderBottomColor: 'primary.main' },
  '& .rule.dndOver.dndCopy, & .ruleGroup-header.dndOver.dndCopy': { borderBottomColor: 'success.main' },
  '& .rule.dndOver.dndGroup': { outline: '2px dashed', outlineColor: 'primary.main', borderBottom: 'none', borderRadius: 1 },
  '& .dndDropNotAllowed, & .dndDropNotAllowed.dndOver': {
    cursor: 'not-allowed',
    outline: '2px dashed',
    outlineColor: 'error.main',
    outlineOffset: '6px',
    borderBottom: 'none',
    borderRadius: 1,
  },
} as const;
