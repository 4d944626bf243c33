/**
 * Custom RQB controls: a searchable field picker with type icons scoped to the rule's entity, a rule
 * row that shows its validation issues in place, and a group header that adds the related-entity
 * picker (`Company (Account)`) and the "Add related entity" action.
 */
import AccountTree from '@mui/icons-material/AccountTree';
import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import Popover from '@mui/material/Popover';
import ArrowDropDown from '@mui/icons-material/ArrowDropDown';
import { RuleDnD } from '@react-querybuilder/dnd';
import { memo, useEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import {
  Rule,
  RuleGroupHeaderComponents,
  type FieldSelectorProps,
  type RuleGroupProps,
  type RuleProps,
  type UseRuleGroup,
} from 'react-querybuilder';
import { fieldScope, relatedInfoOf, type RelatedInfo } from './astRqb';
import { builderContextOf, scopeAtPath } from './builderContext';
import { CollapseButton, SelectBox } from './SelectControls';
import type { BuilderField } from './catalogIndex';
import { FieldTypeIcon, fieldTypeName } from './FieldTypeIcon';
import { handleMoveKey } from './KeyboardMove';
import { nodeName, ruleText } from './nodeNames';

/**
 * The field of a row: a light button with the type icon and label; the searchable list (an MUI
 * Autocomplete, costly to mount) exists only while open, so 500-row definitions stay quick.
 */
export function FieldSelector(props: FieldSelectorProps) {
  const ctx = builderContextOf(props.context);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const scope = fieldScope(props.value ?? '') || ctx.rootScope;
  const current = ctx.index.field(props.value ?? '');
  const options = useMemo(() => ctx.index.builderFields(scope), [ctx.index, scope]);
  const disabled = props.disabled === true || ctx.readOnly;
  return (
    <>
      <Button
        variant="outlined"
        color={current ? 'inherit' : 'error'}
        aria-label={`Field: ${current?.label ?? props.value ?? 'none'}`}
        aria-haspopup="listbox"
        disabled={disabled}
        onClick={(e) => setAnchor(e.currentTarget)}
        startIcon={current ? <FieldTypeIcon type={current.type} /> : undefined}
        endIcon={<ArrowDropDown />}
        sx={{
          width: 260,
          justifyContent: 'space-between',
          textTransform: 'none',
          fontWeight: 400,
          borderColor: 'divider',
          '& .label': { flexGrow: 1, textAlign: 'left', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
        }}
      >
        <span className="label">{current?.label ?? props.value ?? 'Choose a field'}</span>
      </Button>
      {anchor && (
        <FieldPicker
          anchor={anchor}
          options={options}
          current={props.value ?? ''}
          onClose={() => setAnchor(null)}
          onPick={(name) => props.handleOnChange(name)}
        />
      )}
    </>
  );
}

/** The search finds a field by its label or, for those who know their data, by its logical name. */
const filterFields = createFilterOptions<BuilderField>({ stringify: (o) => `${o.label} ${o.field.name}` });

function FieldPicker(props: {
  anchor: HTMLElement;
  options: BuilderField[];
  current: string;
  onClose: () => void;
  onPick: (name: string) => void;
}) {
  // The same option object across re-renders: a new `value` object makes MUI reset the search text to
  // the current field's label while the user types (the row re-renders as suggestions and estimates arrive).
  const { options, current: currentName } = props;
  const current = useMemo(() => options.find((o) => o.name.toLowerCase() === currentName.toLowerCase()) ?? null, [options, currentName]);
  return (
    <Popover open anchorEl={props.anchor} onClose={props.onClose} anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
      <Autocomplete<BuilderField, false, true, false>
        open
        size="small"
        disableClearable
        options={props.options}
        value={current ?? undefined}
        getOptionLabel={(o) => o.label}
        filterOptions={filterFields}
        isOptionEqualToValue={(a, b) => a.name === b.name}
        onChange={(_e, next) => {
          props.onPick(next.name);
          props.onClose();
        }}
        onClose={(_e, reason) => reason !== 'toggleInput' && reason !== 'blur' && props.onClose()}
        renderOption={({ key, ...optionProps }, o) => (
          <li key={key} {...optionProps}>
            <FieldTypeIcon type={o.field.type} decorative sx={{ mr: 1 }} />
            {o.label}
            <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
              {fieldTypeName(o.field.type)}
            </Typography>
          </li>
        )}
        renderInput={(params) => (
          <TextField
            {...params}
            autoFocus
            placeholder="Search fields"
            inputProps={{
              ...params.inputProps,
              'aria-label': 'Search fields',
              // It opens showing the current field: selected, so typing replaces it ("City", not "Contact IDCity").
              onFocus: (e: FocusEvent<HTMLInputElement>) => {
                params.inputProps.onFocus?.(e);
                e.currentTarget.select();
              },
            }}
          />
        )}
        sx={{ width: 320, p: 1 }}
      />
    </Popover>
  );
}

/** Validation messages of one node, shown right under it. */
function NodeIssues({ messages }: { messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <Box role="alert" sx={{ color: 'error.main', fontSize: 13, pl: 1, pb: 0.5 }}>
      {messages.map((m) => (
        <div key={m}>{m}</div>
      ))}
    </Box>
  );
}

/**
 * Memoised like RQB's own Rule, so an edit re-renders only the row that changed. Rows mount their
 * controls, and their drag-and-drop source and target, only once they come near the viewport (a
 * 500-row definition would otherwise mount thousands of inputs and a thousand react-dnd hooks at
 * once); until then a plain-text line of the same height stands in.
 */
export const RuleRow = memo(function RuleRow(props: RuleProps) {
  const ctx = builderContextOf(props.context);
  const messages = ctx.issues.get(props.rule.id ?? '');
  const [near, setNear] = useState(
    () => typeof IntersectionObserver === 'undefined' || props.path.length === 0 || (props.path[props.path.length - 1] ?? 0) < EAGER_ROWS,
  );
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          io.disconnect();
        }
      },
      { rootMargin: '800px 0px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  return (
    <Box
      ref={ref}
      data-node-id={props.rule.id}
      onKeyDown={(e) => handleMoveKey(e, props.rule, props.path, props.actions, props.schema, props.context)}
      sx={messages ? { borderLeft: 3, borderColor: 'error.main', borderRadius: 1 } : undefined}
    >
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        {ctx.selection && near && <SelectBox store={ctx.selection} id={props.rule.id ?? ''} name={nodeName(props.rule, props.path, ctx)} />}
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          {!near ? <RowStandIn rule={props.rule} context={props.context} /> : ctx.dnd ? <RuleDnD {...props} /> : <Rule {...props} />}
        </Box>
      </Box>
      <NodeIssues messages={messages} />
    </Box>
  );
});

/** Rows this early in a group always mount at once (what a user sees first). */
const EAGER_ROWS = 12;

function RowStandIn({ rule, context }: { rule: RuleProps['rule']; context: unknown }) {
  const ctx = builderContextOf(context);
  return (
    <div
      className="rule rule-stand-in"
      style={{ minHeight: 44, display: 'flex', alignItems: 'center', gap: 8, paddingLeft: 28, color: 'inherit', opacity: 0.8 }}
    >
      {ruleText(rule, ctx)}
    </div>
  );
}

type GroupHeaderProps = RuleGroupProps & UseRuleGroup;

function RelationshipPicker({ props, related }: { props: GroupHeaderProps; related: RelatedInfo }) {
  const ctx = builderContextOf(props.context);
  const parentScope = scopeAtPath(props.schema.getQuery(), props.path.slice(0, -1), ctx.rootScope);
  const options = ctx.index.relationshipsFrom(parentScope);
  const key = (r: { relationship: string; direction: string }) => `${r.relationship}|${r.direction}`;
  const known = options.some((o) => key(o) === key(related));
  return (
    <TextField
      select
      size="small"
      label="Related entity"
      value={key(related)}
      disabled={props.disabled === true || ctx.readOnly}
      onChange={(e) => {
        const next = options.find((o) => key(o) === e.target.value);
        if (!next) return;
        props.actions.onPropChange(
          'related' as never,
          { relationship: next.relationship, direction: next.direction, entity: next.entity } satisfies RelatedInfo,
          props.path,
        );
        // Rows of the old entity mean nothing on the new one.
        if (next.entity.toLowerCase() !== related.entity.toLowerCase()) props.actions.onPropChange('rules' as never, [], props.path);
      }}
      sx={{ minWidth: 320 }}
    >
      {!known && <MenuItem value={key(related)}>{ctx.index.relationshipLabel(related.relationship, related.direction)}</MenuItem>}
      {options.map((o) => (
        <MenuItem key={key(o)} value={key(o)}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

export function GroupHeader(props: GroupHeaderProps) {
  const ctx = builderContextOf(props.context);
  const related = relatedInfoOf(props.ruleGroup as never);
  const messages = ctx.issues.get(props.ruleGroup.id ?? '');
  const ownScope = related?.entity ?? scopeAtPath(props.schema.getQuery(), props.path, ctx.rootScope);
  const canRelate = !ctx.restricted && !ctx.readOnly && ctx.index.relationshipsFrom(ownScope).length > 0;
  const addRelated = () => {
    const first = ctx.index.relationshipsFrom(ownScope)[0];
    if (!first) return;
    props.actions.onGroupAdd(
      {
        combinator: 'and',
        rules: [],
        related: { relationship: first.relationship, direction: first.direction, entity: first.entity },
      } as never,
      props.path,
    );
  };
  return (
    <Box
      sx={{ width: '100%' }}
      data-node-id={props.ruleGroup.id}
      onKeyDown={(e) => handleMoveKey(e, props.ruleGroup, props.path, props.actions, props.schema, props.context)}
    >
      {related && (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <AccountTree fontSize="small" color="primary" titleAccess="Related entity" />
          <RelationshipPicker props={props} related={related} />
          <Typography variant="body2" color="text.secondary">
            has at least one record matching:
          </Typography>
        </Stack>
      )}
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        {ctx.selection && props.path.length > 0 && (
          <>
            <SelectBox store={ctx.selection} id={props.ruleGroup.id ?? ''} name={nodeName(props.ruleGroup, props.path, ctx)} />
            <CollapseButton
              store={ctx.selection}
              id={props.ruleGroup.id ?? ''}
              name={nodeName(props.ruleGroup, props.path, ctx)}
              rows={props.ruleGroup.rules.length}
            />
          </>
        )}
        <RuleGroupHeaderComponents {...props} />
        {canRelate && (
          <Button
            size="small"
            variant="outlined"
            startIcon={<AccountTree />}
            onClick={addRelated}
            title="Add rows about a related record (e.g. the contact's account)"
          >
            Add related entity
          </Button>
        )}
      </Stack>
      <NodeIssues messages={messages} />
    </Box>
  );
}
