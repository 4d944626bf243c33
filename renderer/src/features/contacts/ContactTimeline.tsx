/** A contact's interactions, newest first, paged, filterable by type. */
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Pagination from '@mui/material/Pagination';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ContactDetail } from '../../../../shared/models/contact';
import { useCatalogLabels } from '../catalog/catalogLabels';
import { formatCount, formatDateTime } from '../segments/segmentLabels';
import { useContactTimelineQuery } from './contactsApi';
import { formatValue } from './format';

const PAGE = 15;

export function ContactTimeline({ contact }: { contact: ContactDetail }) {
  const [type, setType] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  // Types and their fields by label ("Email Sent", "Message ID"), as the designer shows them.
  const labels = useCatalogLabels();
  const { data, isFetching } = useContactTimelineQuery({
    rid: contact.rid,
    offset: (page - 1) * PAGE,
    limit: PAGE,
    ...(type ? { types: [type] } : {}),
  });
  const counts = Object.entries(contact.interactionCounts).filter(([, n]) => n > 0);
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Interaction timeline">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mr: 1 }}>
          Interactions
        </Typography>
        <Chip label="All" color={type === null ? 'primary' : 'default'} onClick={() => (setType(null), setPage(1))} />
        {counts.map(([t, n]) => (
          <Chip
            key={t}
            label={`${labels.type(t)} · ${formatCount(n)}`}
            color={type === t ? 'primary' : 'default'}
            onClick={() => (setType(t), setPage(1))}
          />
        ))}
      </Stack>
      {!data && isFetching && <Skeleton variant="rounded" height={160} sx={{ mt: 1 }} />}
      {data && data.total === 0 && (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          No interactions recorded.
        </Typography>
      )}
      {data && data.total > 0 && (
        <>
          {/* A narrow window scrolls the timeline sideways inside this box, not the page (WCAG 1.4.10). */}
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" sx={{ mt: 1, opacity: isFetching ? 0.6 : 1 }}>
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: 200 }}>When</TableCell>
                  <TableCell sx={{ width: 180 }}>Type</TableCell>
                  <TableCell>Details</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.rows.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>{formatDateTime(r.at)}</TableCell>
                    <TableCell>{labels.type(r.type)}</TableCell>
                    <TableCell sx={{ color: 'text.secondary' }}>
                      {Object.entries(r.values)
                        .filter(([, v]) => v !== null && v !== '')
                        .map(([k, v]) => `${labels.field(r.type, k)}: ${formatValue(v)}`)
                        .join(' · ')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
          {data.total > PAGE && (
            <Pagination sx={{ mt: 1 }} count={Math.ceil(data.total / PAGE)} page={page} onChange={(_e, p) => setPage(p)} size="small" />
          )}
        </>
      )}
    </Paper>
  );
}
