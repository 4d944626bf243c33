import ContentCopy from '@mui/icons-material/ContentCopy';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import OpenInNew from '@mui/icons-material/OpenInNew';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import {
  memo,
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { SegmentSummary } from '../../../../shared/models/segment';
import { StatusChip } from '../../components/StatusChip';
import { formatCount, formatDateTime, TYPE_LABELS } from './segmentLabels';
import type { SegmentColumn, SegmentSort } from './segmentListView';

/** What a row's action menu offers besides opening. */
export type SegmentRowAction = 'duplicate' | 'delete';

interface Props {
  segments: SegmentSummary[];
  onOpen?: (segment: SegmentSummary) => void;
  /** The sort the rows arrive in (sorting is the page's); shown on the headers with aria-sort. */
  sort?: SegmentSort;
  onSort?: (column: SegmentColumn) => void;
  /** Row action menu (Open, Duplicate, Delete); without it no menu is shown. */
  onAction?: (action: SegmentRowAction, segment: SegmentSummary) => void;
}

const HEADERS: { column: SegmentColumn; label: string; align?: 'right' }[] = [
  { column: 'name', label: 'Name' },
  { column: 'type', label: 'Type' },
  { column: 'status', label: 'Status' },
  { column: 'members', label: 'Members', align: 'right' },
  { column: 'lastEvaluated', label: 'Last evaluated' },
  { column: 'modified', label: 'Modified' },
];

type RowMenuHandler = (segment: SegmentSummary, anchor: HTMLElement) => void;

/** Rows mounted at once; the rest follow in chunks of this size, one per task (docs/ui-performance.md). */
export const ROW_CHUNK = 100;

/**
 * The segments list: name, type, status, members, last evaluated, modified; sortable headers and a
 * per-row action menu. Keyboard: Tab reaches a row, arrow keys / Home / End move between rows, Enter
 * opens the segment, the "⋮" button (or Shift+F10 / the context-menu key on a row) opens its actions.
 *
 * Built for a thousand segments (docs/ui-performance.md): the table re-renders only when its rows
 * change (not on every key typed in the page's search box), a new list renders in the background
 * (`useDeferredValue`, so typing interrupts it), each row re-renders only when its own data changes,
 * and when many rows arrive at once the first {@link ROW_CHUNK} paint at once and the rest are
 * appended in interruptible chunks.
 */
export const SegmentsTable = memo(
  function SegmentsTable({ segments, onOpen, sort, onSort, onAction }: Props) {
    const latestOpen = useRef(onOpen);
    const latestAction = useRef(onAction);
    const latestSort = useRef(onSort);
    useLayoutEffect(() => {
      latestOpen.current = onOpen;
      latestAction.current = onAction;
      latestSort.current = onSort;
    });
    const open = useCallback((s: SegmentSummary) => latestOpen.current?.(s), []);
    const shown = useDeferredValue(segments);
    const byId = useMemo(() => new Map(shown.map((s) => [s.id, s])), [shown]);

    // Rows already on screen stay; many new ones are appended a chunk at a time.
    const [limit, setLimit] = useState(ROW_CHUNK);
    const [previous, setPrevious] = useState(shown);
    if (previous !== shown) {
      setPrevious(shown);
      if (shown.length > previous.length + ROW_CHUNK) setLimit(Math.max(ROW_CHUNK, Math.min(limit, previous.length)));
    }
    useEffect(() => {
      if (limit >= shown.length) return;
      const t = setTimeout(() => startTransition(() => setLimit((l) => l + ROW_CHUNK)), 0);
      return () => clearTimeout(t);
    }, [limit, shown.length]);

    // One menu for the whole table; a row only says which segment and where.
    const [menu, setMenu] = useState<{ segment: SegmentSummary; anchor: HTMLElement } | null>(null);
    const openMenu = useCallback<RowMenuHandler>((segment, anchor) => setMenu({ segment, anchor }), []);
    const act = (action: SegmentRowAction | 'open') => {
      if (!menu) return;
      const { segment } = menu;
      setMenu(null);
      if (action === 'open') latestOpen.current?.(segment);
      else latestAction.current?.(action, segment);
    };

    // Keyboard on the rows, delegated to the body: no handler per row.
    const onRowKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
      const row = e.target as HTMLElement;
      if (row.tagName !== 'TR') return; // keys on the row's menu button are the button's
      const segment = byId.get(row.dataset.id ?? '');
      const move = (to: Element | null | undefined) => {
        if (to instanceof HTMLElement) {
          e.preventDefault();
          to.focus();
        }
      };
      switch (e.key) {
        case 'ArrowDown':
          return move(row.nextElementSibling);
        case 'ArrowUp':
          return move(row.previousElementSibling);
        case 'Home':
          return move(row.parentElement?.firstElementChild);
        case 'End':
          return move(row.parentElement?.lastElementChild);
        case 'Enter':
          if (segment && latestOpen.current) {
            e.preventDefault();
            latestOpen.current(segment);
          }
          return;
        case 'ContextMenu':
        case 'F10':
          if (segment && latestAction.current && (e.key === 'ContextMenu' || e.shiftKey)) {
            e.preventDefault();
            setMenu({ segment, anchor: row.querySelector<HTMLElement>('button[data-row-menu]') ?? row });
          }
          return;
      }
    };

    const clickable = onOpen !== undefined;
    const withMenu = onAction !== undefined;
    return (
      <TableContainer component={Paper} variant="outlined" sx={TABLE_SX}>
        <Table aria-label="Segments" aria-rowcount={shown.length + 1} stickyHeader>
          <TableHead>
            <TableRow>
              {HEADERS.map((h) => {
                const active = sort?.column === h.column;
                return (
                  <TableCell
                    key={h.column}
                    align={h.align}
                    sortDirection={active ? sort.direction : false}
                    aria-sort={sort ? (active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none') : undefined}
                    sx={{ whiteSpace: 'nowrap' }}
                  >
                    {sort ? (
                      <TableSortLabel
                        active={active}
                        direction={active ? sort.direction : 'asc'}
                        onClick={() => latestSort.current?.(h.column)}
                      >
                        {h.label}
                      </TableSortLabel>
                    ) : (
                      h.label
                    )}
                  </TableCell>
                );
              })}
              {withMenu && (
                <TableCell padding="checkbox">
                  <span style={SR_ONLY}>Actions</span>
                </TableCell>
              )}
            </TableRow>
          </TableHead>
          <TableBody onKeyDown={onRowKey}>
            {shown.slice(0, limit).map((s) => (
              <SegmentRow key={s.id} segment={s} onOpen={clickable ? open : undefined} onMenu={withMenu ? openMenu : undefined} />
            ))}
          </TableBody>
        </Table>
        {menu && (
          <Menu
            open
            anchorEl={menu.anchor}
            onClose={() => setMenu(null)}
            // The list takes the focus, not its first item: the Enter that opened the menu (or a second
            // one) must not run an action; an item needs an explicit choice (arrow keys, then Enter).
            disableAutoFocusItem
            slotProps={{ list: { 'aria-label': `Actions for ${menu.segment.name}` } }}
          >
            {clickable && (
              <MenuItem onClick={() => act('open')}>
                <ListItemIcon>
                  <OpenInNew fontSize="small" />
                </ListItemIcon>
                <ListItemText>Open</ListItemText>
              </MenuItem>
            )}
            <MenuItem onClick={() => act('duplicate')}>
              <ListItemIcon>
                <ContentCopy fontSize="small" />
              </ListItemIcon>
              <ListItemText>Duplicate</ListItemText>
            </MenuItem>
            <MenuItem onClick={() => act('delete')} sx={{ color: 'error.main' }}>
              <ListItemIcon>
                <DeleteOutline fontSize="small" color="error" />
              </ListItemIcon>
              <ListItemText>Delete…</ListItemText>
            </MenuItem>
          </Menu>
        )}
      </TableContainer>
    );
  },
  // The page passes new handlers on every render (e.g. each key typed in its search box); the latest are
  // kept in refs, so only the rows, the sort and which features are on matter.
  (a, b) =>
    a.segments === b.segments &&
    a.sort?.column === b.sort?.column &&
    a.sort?.direction === b.sort?.direction &&
    (a.onOpen === undefined) === (b.onOpen === undefined) &&
    (a.onAction === undefined) === (b.onAction === undefined) &&
    (a.onSort === undefined) === (b.onSort === undefined),
);

// The "more" (⋮) icon's path, as @mui/icons-material's MoreVert draws it.
const MORE_VERT =
  'M12 8c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2m0 2c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2m0 6c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2';

// Styled once for the table, not per row.
const TABLE_SX = {
  '& tbody tr:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 },
  '& .segment-row-menu': {
    display: 'inline-flex',
    verticalAlign: 'middle',
    p: 0.5,
    border: 0,
    borderRadius: '50%',
    bgcolor: 'transparent',
    color: 'text.secondary',
    cursor: 'pointer',
    '&:hover': { bgcolor: 'action.hover', color: 'text.primary' },
    '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: 1 },
  },
} as const;

const SR_ONLY = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

const sameRow = (a: SegmentSummary, b: SegmentSummary): boolean =>
  a === b ||
  (a.id === b.id &&
    a.name === b.name &&
    a.type === b.type &&
    a.status === b.status &&
    a.memberCount === b.memberCount &&
    a.lastEvaluatedAt === b.lastEvaluatedAt &&
    a.needsAttention === b.needsAttention &&
    a.modifiedAt === b.modifiedAt);

const SegmentRow = memo(
  function SegmentRow({
    segment: s,
    onOpen,
    onMenu,
  }: {
    segment: SegmentSummary;
    onOpen: ((s: SegmentSummary) => void) | undefined;
    onMenu: RowMenuHandler | undefined;
  }) {
    return (
      <TableRow
        hover
        tabIndex={0}
        data-id={s.id}
        onClick={onOpen ? () => onOpen(s) : undefined}
        sx={onOpen ? { cursor: 'pointer' } : undefined}
      >
        <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
          {s.name}
          {s.needsAttention && (
            // A native tooltip: an MUI Tooltip per row costs too much on a thousand rows.
            <WarningAmberIcon
              color="warning"
              fontSize="inherit"
              sx={{ ml: 0.75, verticalAlign: 'middle' }}
              aria-label="Needs attention"
              titleAccess="A segment this one builds on was stopped or deleted; its membership is frozen."
            />
          )}
        </TableCell>
        <TableCell>{TYPE_LABELS[s.type].label}</TableCell>
        <TableCell>
          <StatusChip status={s.status} variant={s.status === 'live' ? 'filled' : 'outlined'} />
        </TableCell>
        <TableCell align="right">
          {s.memberCount === null ? (
            <span aria-label="Not counted yet" title="Counted once the segment goes live">
              —
            </span>
          ) : (
            formatCount(s.memberCount)
          )}
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>
          {s.lastEvaluatedAt === null ? (
            <span aria-label="Never evaluated" title="Evaluated once the segment goes live">
              —
            </span>
          ) : (
            formatDateTime(s.lastEvaluatedAt)
          )}
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>{formatDateTime(s.modifiedAt)}</TableCell>
        {onMenu && (
          <TableCell padding="checkbox">
            {/* A plain button styled once for the whole table (ROW_MENU_SX): cheaper than an IconButton on a thousand rows. */}
            <button
              type="button"
              className="segment-row-menu"
              data-row-menu=""
              aria-label={`Actions for ${s.name}`}
              aria-haspopup="menu"
              onClick={(e: MouseEvent<HTMLElement>) => {
                e.stopPropagation(); // not the row's click: that opens the segment
                onMenu(s, e.currentTarget);
              }}
            >
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path d={MORE_VERT} fill="currentColor" />
              </svg>
            </button>
          </TableCell>
        )}
      </TableRow>
    );
  },
  (a, b) => sameRow(a.segment, b.segment) && a.onOpen === b.onOpen && a.onMenu === b.onMenu,
);
