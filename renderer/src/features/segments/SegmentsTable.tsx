import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { memo, startTransition, useCallback, useDeferredValue, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SegmentSummary } from '../../../../shared/models/segment';
import { formatCount, formatDateTime, STATUS_LABELS, TYPE_LABELS } from './segmentLabels';

interface Props {
  segments: SegmentSummary[];
  onOpen?: (segment: SegmentSummary) => void;
}

/** Rows mounted at once; the rest follow in chunks of this size, one per task (docs/ui-performance.md). */
export const ROW_CHUNK = 100;

/**
 * The segments list: name, type, status, members, modified.
 *
 * Built for a thousand segments (docs/ui-performance.md): the table re-renders only when its rows
 * change (not on every key typed in the page's search box), a new list renders in the background
 * (`useDeferredValue`, so typing interrupts it), each row re-renders only when its own data changes,
 * and when many rows arrive at once the first {@link ROW_CHUNK} paint at once and the rest are
 * appended in interruptible chunks.
 */
export const SegmentsTable = memo(
  function SegmentsTable({ segments, onOpen }: Props) {
    const latestOpen = useRef(onOpen);
    useLayoutEffect(() => {
      latestOpen.current = onOpen;
    });
    const open = useCallback((s: SegmentSummary) => latestOpen.current?.(s), []);
    const shown = useDeferredValue(segments);

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

    const clickable = onOpen !== undefined;
    return (
      <TableContainer component={Paper} variant="outlined">
        <Table aria-label="Segments" aria-rowcount={shown.length + 1} stickyHeader>
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Members</TableCell>
              <TableCell>Modified</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.slice(0, limit).map((s) => (
              <SegmentRow key={s.id} segment={s} onOpen={clickable ? open : undefined} />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    );
  },
  // The page passes a new `onOpen` on every render (e.g. each key typed in its search box); the latest is
  // kept in a ref, so only the rows and whether they open anything matter.
  (a, b) => a.segments === b.segments && (a.onOpen === undefined) === (b.onOpen === undefined),
);

const sameRow = (a: SegmentSummary, b: SegmentSummary): boolean =>
  a === b ||
  (a.id === b.id && a.name === b.name && a.type === b.type && a.status === b.status && a.memberCount === b.memberCount && a.needsAttention === b.needsAttention && a.modifiedAt === b.modifiedAt);

const SegmentRow = memo(
  function SegmentRow({ segment: s, onOpen }: { segment: SegmentSummary; onOpen: ((s: SegmentSummary) => void) | undefined }) {
    return (
      <TableRow hover onClick={onOpen ? () => onOpen(s) : undefined} sx={onOpen ? { cursor: 'pointer' } : undefined}>
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
          <Chip label={STATUS_LABELS[s.status].label} color={STATUS_LABELS[s.status].color} variant={s.status === 'live' ? 'filled' : 'outlined'} />
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
        <TableCell sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>{formatDateTime(s.modifiedAt)}</TableCell>
      </TableRow>
    );
  },
  (a, b) => sameRow(a.segment, b.segment) && a.onOpen === b.onOpen,
);
