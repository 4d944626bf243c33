/**
 * Drag handles a keyboard can use (WCAG 2.1.1 / 2.5.7): each handle is a focusable button named after
 * its row ("Move rule City equals Seattle"); with focus on it, Up / Down (Alt+Up / Alt+Down too) move the
 * row or group one place, through the same guarded move as the up / down buttons, and a polite live
 * region says where it went ("… moved up: row 1 of 3") or why it did not.
 */
import DragIndicator from '@mui/icons-material/DragIndicator';
import { forwardRef, type KeyboardEvent } from 'react';
import type { DragHandleProps, Path, QueryActions, RuleGroupTypeAny, RuleType } from 'react-querybuilder';
import { isRqbGroup } from './astRqb';
import { builderContextOf } from './builderContext';
import { nodeName, pathOfId } from './nodeNames';

/** The hint every handle points to with aria-describedby (rendered once per builder by ConditionBuilder). */
export const MOVE_HINT = 'Drag, or press Up or Down arrow to move it one place.';

export const DragHandle = forwardRef<HTMLSpanElement, DragHandleProps>(function DragHandle(props, ref) {
  const ctx = builderContextOf(props.context);
  return (
    <span
      {...props.dragHandleAttributes}
      ref={ref}
      className={props.className}
      title={props.title}
      role="button"
      tabIndex={props.disabled ? -1 : 0}
      aria-label={`Move ${nodeName(props.ruleOrGroup, props.path, ctx)}`}
      aria-describedby={ctx.moveHintId}
      aria-keyshortcuts="ArrowUp ArrowDown"
    >
      <DragIndicator fontSize="small" />
    </span>
  );
});

function positionText(query: RuleGroupTypeAny, path: Path): string {
  let group: RuleGroupTypeAny = query;
  for (const i of path.slice(0, -1)) {
    const next = group.rules[i];
    if (!next || typeof next === 'string' || !isRqbGroup(next)) break;
    group = next;
  }
  const items = group.rules.filter((r) => typeof r !== 'string').length;
  const at = (path[path.length - 1] ?? 0) + 1;
  return `${at} of ${items}${path.length > 1 ? ' in its group' : ''}`;
}

/**
 * The keydown of a row's or group's wrapper: acts only on its own drag handle. `announce` speaks through
 * the builder's live region. Returns nothing; a refused move (another entity's group, the first place)
 * is announced too.
 */
export function handleMoveKey(
  e: KeyboardEvent,
  node: RuleGroupTypeAny | RuleType,
  path: Path,
  actions: Pick<QueryActions, 'moveRule'>,
  schema: { getQuery(): RuleGroupTypeAny },
  context: unknown,
): void {
  const target = e.target as HTMLElement;
  if (!target.classList.contains('queryBuilder-dragHandle') || target.closest('[data-node-id]')?.getAttribute('data-node-id') !== node.id)
    return;
  if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
  if (e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  e.stopPropagation();
  const ctx = builderContextOf(context);
  const dir = e.key === 'ArrowUp' ? 'up' : 'down';
  const name = nodeName(node, path, ctx);
  const before = schema.getQuery();
  actions.moveRule(path, dir);
  const after = schema.getQuery();
  const to = node.id ? pathOfId(after, node.id) : null;
  const moved = after !== before && to !== null && to.join('.') !== path.join('.');
  const said = moved && to ? `${capital(name)} moved ${dir}: now ${positionText(after, to)}.` : `${capital(name)} cannot move ${dir}.`;
  ctx.announce?.(said);
  if (moved && node.id) {
    // React may re-insert the moved row's elements, which drops focus: put it back on the same handle.
    const id = node.id;
    requestAnimationFrame(() => {
      const handle = document.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"] .queryBuilder-dragHandle`);
      if (handle && document.activeElement !== handle) handle.focus();
    });
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
