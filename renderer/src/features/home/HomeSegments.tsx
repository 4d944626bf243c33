import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import WarningAmberOutlined from '@mui/icons-material/WarningAmberOutlined';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { HomeSummary } from '../../../../shared/api/contract/home';
import { STATUS_LABELS, TYPE_LABELS } from '../segments/segmentLabels';
import { formatCount, formatDate } from './homeText';

interface Props {
  summary: HomeSummary;
  onOpen: (id: string) => void;
  onAll: () => void;
}

/** A segment's name as a link to its record. */
function SegmentLink({ id, name, onOpen }: { id: string; name: string; onOpen: (id: string) => void }) {
  return (
    <Link component="button" type="button" onClick={() => onOpen(id)} sx={{ fontWeight: 500, textAlign: 'left' }}>
      {name}
    </Link>
  );
}

/** Segments that need someone (frozen or stopped), then the most recently changed ones. */
export function HomeSegments({ summary, onOpen, onAll }: Props) {
  const { attention, recent, segments } = summary;
  return (
    <Stack spacing={2}>
      <Paper variant="outlined" component="section" aria-labelledby="home-attention" sx={{ p: 2.5 }}>
        <Typography variant="h6" component="h2" id="home-attention" gutterBottom>
          Needs attention
        </Typography>
        {attention.length === 0 ? (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary' }}>
            <CheckCircleOutline color="success" fontSize="small" />
            <Typography>
              {segments.live > 0
                ? `Nothing needs attention: ${formatCount(segments.live)} live segment${segments.live === 1 ? ' is' : 's are'} up to date.`
                : 'Nothing needs attention.'}
            </Typography>
          </Stack>
        ) : (
          <List dense disablePadding aria-label="Segments needing attention">
            {attention.map((a) => (
              <ListItem key={a.id} disableGutters sx={{ alignItems: 'flex-start', gap: 1 }}>
                <WarningAmberOutlined color="warning" fontSize="small" sx={{ mt: 0.5 }} />
                <ListItemText
                  primary={<SegmentLink id={a.id} name={a.name} onOpen={onOpen} />}
                  secondary={a.message}
                  slotProps={{ secondary: { component: 'span' } }}
                />
              </ListItem>
            ))}
          </List>
        )}
      </Paper>
      <Paper variant="outlined" component="section" aria-labelledby="home-recent" sx={{ p: 2.5 }}>
        <Stack direction="row" sx={{ alignItems: 'baseline' }}>
          <Typography variant="h6" component="h2" id="home-recent" sx={{ flexGrow: 1 }}>
            Recent segments
          </Typography>
          {segments.total > 0 && (
            <Link component="button" type="button" onClick={onAll}>
              All {formatCount(segments.total)} segments
            </Link>
          )}
        </Stack>
        {recent.length === 0 ? (
          <Typography color="text.secondary">
            No segments yet. Create one with New segment above, or open a segment file a colleague sent you.
          </Typography>
        ) : (
          <List dense disablePadding aria-label="Recent segments">
            {recent.map((s) => (
              <ListItem key={s.id} disableGutters sx={{ gap: 1 }}>
                <ListItemText
                  primary={<SegmentLink id={s.id} name={s.name} onOpen={onOpen} />}
                  secondary={`${TYPE_LABELS[s.type].label} · changed ${formatDate(s.modifiedAt)}${
                    s.memberCount === null ? '' : ` · ${formatCount(s.memberCount)} member${s.memberCount === 1 ? '' : 's'}`
                  }`}
                />
                <Chip size="small" variant="outlined" color={STATUS_LABELS[s.status].color} label={STATUS_LABELS[s.status].label} />
              </ListItem>
            ))}
          </List>
        )}
      </Paper>
    </Stack>
  );
}
