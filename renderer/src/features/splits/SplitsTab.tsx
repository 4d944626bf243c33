/**
 * Splits tab of a live segment: its splits (seed, percentages), each group's size and share of the
 * parent with a link to the group's own segment, the groups' total against the parent, a composition
 * comparison between the groups (the Insights composition per group, as shares), and the members
 * export with a Group column. "New split…" opens the split dialog.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import type { SplitSummary } from '../../../../shared/api/contract';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { formatPercent } from '../../../../shared/segments/split';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { useHashRoute } from '../../app/useHashRoute';
import { notify } from '../../app/uiSlice';
import { usePlatform } from '../../platform/PlatformContext';
import { formatValue } from '../contacts/format';
import { useSegmentInsightsQuery } from '../insights/insightsApi';
import { downloadExport, EXPORT_FILTERS, exportFileName } from '../members/downloadExport';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatCount } from '../segments/segmentLabels';
import { compareCompositions, formatShare, type GroupComposition } from './compareComposition';
import { SplitDialog } from './SplitDialog';
import { useExportSplitMembersMutation, useListSplitsQuery } from './splitsApi';

const COMPOSITION_TYPES = new Set(['choice', 'text', 'boolean', 'multichoice', 'integer', 'lookup']);

export function SplitsTab({ record }: { record: SegmentRecord }) {
  const { data, error, isLoading } = useListSplitsQuery({ parentId: record.id });
  const [open, setOpen] = useState(false);
  if (error) return <Alert severity="error">Splits could not be loaded: {errorMessage(error)}</Alert>;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="body2" sx={{ flex: 1 }}>
          Split this segment into groups (A/B tests) or hold some contacts out. Each group is a live segment that follows this one.
        </Typography>
        <Button variant="contained" onClick={() => setOpen(true)} disabled={record.status !== 'live'}>
          New split…
        </Button>
      </Stack>
      {record.status !== 'live' && <Alert severity="info">Only a live segment can be split.</Alert>}
      {!isLoading && (data ?? []).length === 0 && <Typography color="text.secondary">This segment has no splits yet.</Typography>}
      {(data ?? []).map((s) => (
        <SplitCard key={`${s.seed}:${s.percents.join('/')}`} split={s} />
      ))}
      {open && <SplitDialog segment={record} onClose={() => setOpen(false)} />}
    </Stack>
  );
}

function SplitCard({ split }: { split: SplitSummary }) {
  const [, navigate] = useHashRoute();
  const total = split.groups.reduce((n, g) => n + (g.memberCount ?? 0), 0);
  const title = `${split.percents.map((p) => formatPercent(p)).join(' / ')} · seed ${split.seed}`;
  return (
    <Paper variant="outlined" component="section" aria-label={`Split ${title}`} sx={{ p: 2 }}>
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 1 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, flex: 1 }}>
          Split {title}
        </Typography>
        <ExportButton split={split} />
      </Stack>
      <Table size="small" aria-label={`Groups of split ${title}`}>
        <TableHead>
          <TableRow>
            <TableCell>Group</TableCell>
            <TableCell>Segment</TableCell>
            <TableCell align="right">Planned</TableCell>
            <TableCell align="right">Members</TableCell>
            <TableCell align="right">Share of parent</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {split.groups.map((g) => (
            <TableRow key={g.segmentId}>
              <TableCell>{g.label}</TableCell>
              <TableCell>
                <Link component="button" onClick={() => navigate(`segments/${encodeURIComponent(g.segmentId)}`)}>
                  {g.segmentName}
                </Link>
              </TableCell>
              <TableCell align="right">{formatPercent(g.percent)}</TableCell>
              <TableCell align="right" data-testid={`group-size-${g.index}`}>
                {g.memberCount === null ? '—' : formatCount(g.memberCount)}
              </TableCell>
              <TableCell align="right">
                {split.parentCount && g.memberCount !== null ? formatShare(g.memberCount / split.parentCount) : '—'}
              </TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell colSpan={3}>
              <strong>All groups</strong>
            </TableCell>
            <TableCell align="right" data-testid="groups-total">
              <strong>{formatCount(total)}</strong>
            </TableCell>
            <TableCell align="right" data-testid="parent-size">
              of {split.parentCount === null ? '—' : formatCount(split.parentCount)}
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <CompositionComparison split={split} />
    </Paper>
  );
}

function ExportButton({ split }: { split: SplitSummary }) {
  const { dialogs } = usePlatform();
  const [write, { isLoading }] = useExportSplitMembersMutation();
  const dispatch = useAppDispatch();
  const run = async () => {
    const fileName = exportFileName(`${split.parentName} split ${split.seed}`, 'csv', 'split');
    const input = { parentId: split.parentId, seed: split.seed, percents: split.percents };
    try {
      let message: string;
      if (dialogs) {
        const path = await dialogs.save({
          title: `Export “${split.parentName}” with groups`,
          defaultPath: fileName,
          filters: EXPORT_FILTERS.csv,
        });
        if (path === null) return;
        const r = await write({ ...input, path });
        if (!r.data) throw new Error(errorMessage(r.error));
        message = `${formatCount(r.data.rows)} members exported with their group to ${r.data.path}.`;
      } else {
        const rows = await downloadExport('/files/split-export', input, fileName);
        message = `${formatCount(rows)} members exported with their group to ${fileName}.`;
      }
      dispatch(notify({ message, severity: 'success' }));
    } catch (err) {
      dispatch(notify({ message: `The export failed: ${err instanceof Error ? err.message : String(err)}`, severity: 'error' }));
    }
  };
  return (
    <Button onClick={() => void run()} disabled={isLoading}>
      Export with groups
    </Button>
  );
}

/** Fetches one group's composition (the Insights endpoint) and hands it up. */
function GroupCompositionFetch(props: { segmentId: string; field: string; onData: (c: GroupComposition['top'] | null) => void }) {
  const { data } = useSegmentInsightsQuery({ id: props.segmentId, compositionField: props.field, top: 10 });
  const { onData } = props;
  const top = data?.composition?.top ?? null;
  useEffect(() => onData(top), [top, onData]);
  return null;
}

function CompositionComparison({ split }: { split: SplitSummary }) {
  const catalog = useBuilderCatalogQuery();
  const fields = useMemo(
    () => (catalog.data?.entities.find((e) => e.name === 'contact')?.fields ?? []).filter((f) => COMPOSITION_TYPES.has(f.type)),
    [catalog.data],
  );
  const [picked, setPicked] = useState('');
  // A choice field first: the parent's own rule (often the city) would read the same in every group.
  const field = picked || (fields.find((f) => f.type === 'choice') ?? fields[0])?.name || '';
  const [tops, setTops] = useState<Record<string, GroupComposition['top'] | null>>({});
  const setters = useMemo(
    () =>
      Object.fromEntries(
        split.groups.map((g) => [
          g.segmentId,
          (top: GroupComposition['top'] | null) => setTops((t) => (t[g.segmentId] === top ? t : { ...t, [g.segmentId]: top })),
        ]),
      ),
    [split.groups],
  );
  const fieldDef = fields.find((f) => f.name === field);
  const groups: GroupComposition[] = split.groups.map((g) => ({ label: g.label, total: g.memberCount ?? 0, top: tops[g.segmentId] ?? [] }));
  const rows = compareCompositions(groups);
  // A lookup value is shown by the related record the Insights answer named (the same in every group).
  const lookups = new Map(
    Object.values(tops)
      .flatMap((t) => t ?? [])
      .map((e) => [String(e.value), e.lookup ?? null] as const),
  );
  const id = `split-compare-${split.seed}`.replace(/[^\w-]/g, '_');
  if (!field) return null;
  return (
    <Stack spacing={1} sx={{ mt: 2 }}>
      {split.groups.map((g) => (
        <GroupCompositionFetch key={`${g.segmentId}:${field}`} segmentId={g.segmentId} field={field} onData={setters[g.segmentId]!} />
      ))}
      <Stack direction="row" alignItems="center" spacing={2}>
        <Typography variant="subtitle2" component="h4" id={id} sx={{ flex: 1 }}>
          Composition by {fieldDef?.label ?? field} (share of each group)
        </Typography>
        <FormControl size="small" sx={{ minWidth: 200 }}>
          <InputLabel id={`${id}-field`}>Compare by</InputLabel>
          <Select labelId={`${id}-field`} label="Compare by" value={field} onChange={(e) => setPicked(e.target.value)}>
            {fields.map((f) => (
              <MenuItem key={f.name} value={f.name}>
                {f.label}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Stack>
      <Table size="small" aria-labelledby={id}>
        <TableHead>
          <TableRow>
            <TableCell>{fieldDef?.label ?? field}</TableCell>
            {split.groups.map((g) => (
              <TableCell key={g.segmentId} align="right">
                {g.label}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={String(r.value)}>
              <TableCell>{formatValue(r.value, fieldDef?.type, { lookup: lookups.get(String(r.value)) ?? null }) || '(no data)'}</TableCell>
              {r.cells.map((c, i) => (
                <TableCell key={i} align="right">
                  {formatShare(c.share)} ({formatCount(c.count)})
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}
