import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import type { SegmentSummary } from '../../../../shared/models/segment';
import { formatCount, formatDateTime, STATUS_LABELS, TYPE_LABELS } from './segmentLabels';

interface Props {
  segments: SegmentSummary[];
  onOpen?: (segment: SegmentSummary) => void;
}

/** The segments list: name, type, status, members, modified. */
export function SegmentsTable({ segments, onOpen }: Props) {
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table aria-label="Segments" stickyHeader>
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
          {segments.map((s) => (
            <TableRow key={s.id} hover onClick={onOpen ? () => onOpen(s) : undefined} sx={onOpen ? { cursor: 'pointer' } : undefined}>
              <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
                {s.name}
                {s.needsAttention && (
                  <Tooltip title="A segment this one builds on was stopped or deleted; its membership is frozen.">
                    <WarningAmberIcon color="warning" fontSize="inherit" sx={{ ml: 0.75, verticalAlign: 'middle' }} aria-label="Needs attention" />
                  </Tooltip>
                )}
              </TableCell>
              <TableCell>{TYPE_LABELS[s.type].label}</TableCell>
              <TableCell>
                <Chip label={STATUS_LABELS[s.status].label} color={STATUS_LABELS[s.status].color} variant={s.status === 'live' ? 'filled' : 'outlined'} />
              </TableCell>
              <TableCell align="right">
                {s.memberCount === null ? (
                  <Tooltip title="Counted once the segment goes live">
                    <span aria-label="Not counted yet">—</span>
                  </Tooltip>
                ) : (
                  formatCount(s.memberCount)
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>{formatDateTime(s.modifiedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
