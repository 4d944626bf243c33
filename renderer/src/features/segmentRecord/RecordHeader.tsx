/** Record header: back to the list, name, status, type and member count. */
import ArrowBack from '@mui/icons-material/ArrowBack';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { useSegmentMembersQuery } from '../members/membersApi';
import { StatusChip } from '../../components/StatusChip';
import { formatCount, TYPE_LABELS } from '../segments/segmentLabels';
import { RECORD_HEADING_ID } from './CommandBar';

const members = (n: number) => `${formatCount(n)} ${n === 1 ? 'member' : 'members'}`;

/**
 * The member count shown in the header. `memberCount` is the evaluated count, null until a segment has
 * been live; a static segment has members before that (picked by hand), so its stored total is used.
 */
export function memberCountLabel(record: Pick<SegmentRecord, 'type' | 'memberCount'>, storedTotal: number | undefined): string {
  if (record.memberCount !== null) return members(record.memberCount);
  if (record.type === 'static')
    return storedTotal === undefined ? 'Counting members…' : storedTotal === 0 ? 'No members yet' : members(storedTotal);
  return 'Not evaluated yet';
}

export function RecordHeader({ record, name, dirty, onBack }: { record: SegmentRecord; name: string; dirty: boolean; onBack: () => void }) {
  // Refetched with the Members tags whenever members are added or removed.
  const stored = useSegmentMembersQuery({ id: record.id, limit: 1 }, { skip: !(record.type === 'static' && record.memberCount === null) });
  return (
    <Stack direction="row" spacing={1.5} alignItems="center" flexWrap="wrap" useFlexGap>
      <Tooltip title="Back to segments">
        <IconButton aria-label="Back to segments" onClick={onBack}>
          <ArrowBack />
        </IconButton>
      </Tooltip>
      <Typography variant="h5" component="h1" id={RECORD_HEADING_ID} tabIndex={-1} sx={{ mr: 1, '&:focus': { outline: 'none' } }}>
        {name.trim() || record.name}
        {dirty && (
          <Typography component="span" color="text.secondary" sx={{ ml: 1, fontSize: 14 }}>
            (unsaved changes)
          </Typography>
        )}
      </Typography>
      <StatusChip status={record.status} data-testid="record-status" />
      <Chip label={TYPE_LABELS[record.type].label} variant="outlined" />
      {record.needsAttention && <Chip label="Needs attention" color="warning" />}
      <Typography color="text.secondary" data-testid="record-members" sx={{ ml: 'auto' }}>
        {memberCountLabel(record, stored.data?.total)}
      </Typography>
    </Stack>
  );
}
