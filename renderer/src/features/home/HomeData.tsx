import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { HomeSummary } from '../../../../shared/api/contract/home';
import { fileName, formatCount, formatDate, plural } from './homeText';

/** Where the data came from, in one sentence: demo data, the newest import, or both. */
export function provenance(s: HomeSummary): string {
  const parts: string[] = [];
  if (s.demo)
    parts.push(
      `Demo data: ${formatCount(s.demo.contacts)} made-up contacts generated on ${formatDate(s.demo.generatedAt)} to try Segment Studio out.`,
    );
  const last = s.imports.last;
  if (last) {
    const what = last.kind === 'interactions' ? 'interactions' : `${last.targetLabel} records`;
    const when = last.finishedAt ? ` on ${formatDate(last.finishedAt)}` : '';
    const outcome =
      last.status === 'completed'
        ? `${formatCount(last.imported)} new, ${formatCount(last.updated)} updated, ${formatCount(last.skipped)} skipped`
        : last.status === 'running'
          ? 'still running'
          : last.status;
    parts.push(`Last import: ${fileName(last.file)} (${what})${when}, ${outcome}.`);
  } else if (s.demo) parts.push('Nothing imported yet: bring in your own contacts from the Data page.');
  return parts.join(' ');
}

/** What the database holds: records per entity, interactions per type and period, and where it came from. */
export function HomeData({ summary }: { summary: HomeSummary }) {
  const { entities, interactions } = summary;
  return (
    <Paper variant="outlined" component="section" aria-labelledby="home-data" sx={{ p: 2.5 }}>
      <Stack spacing={2}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="h6" component="h2" id="home-data" sx={{ flexGrow: 1 }}>
            Your data
          </Typography>
          {summary.demo && <Chip size="small" color="info" label="Demo data" />}
        </Stack>
        <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }} role="list" aria-label="Records">
          {entities.map((e) => (
            <div key={e.name} role="listitem">
              <Typography variant="h4" component="div">
                {formatCount(e.count)}
              </Typography>
              <Typography color="text.secondary">{plural(e.label, e.count)}</Typography>
            </div>
          ))}
          <div role="listitem">
            <Typography variant="h4" component="div">
              {formatCount(interactions.total)}
            </Typography>
            <Typography color="text.secondary">{interactions.total === 1 ? 'Interaction' : 'Interactions'}</Typography>
          </div>
        </Stack>
        {provenance(summary) && <Typography color="text.secondary">{provenance(summary)}</Typography>}
        {interactions.byType.length > 0 && (
          <Table size="small" aria-label="Interactions by type">
            <TableHead>
              <TableRow>
                <TableCell>Interaction</TableCell>
                <TableCell align="right">Last 30 days</TableCell>
                <TableCell align="right">Last 12 months</TableCell>
                <TableCell align="right">All time</TableCell>
                <TableCell align="right">Latest</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {interactions.byType.map((t) => (
                <TableRow key={t.name}>
                  <TableCell component="th" scope="row">
                    {t.label}
                  </TableCell>
                  <TableCell align="right">{formatCount(t.last30Days)}</TableCell>
                  <TableCell align="right">{formatCount(t.last12Months)}</TableCell>
                  <TableCell align="right">{formatCount(t.total)}</TableCell>
                  <TableCell align="right">{t.lastAt ? formatDate(t.lastAt) : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
