/**
 * Insights tab: membership over time (From/To), added/removed per evaluation, composition by a
 * chosen field, the members' interactions per type, and the overlap with other live segments.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { useMemo, useState, type ReactNode } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { formatValue } from '../contacts/format';
import { catalogLabels } from '../catalog/catalogLabels';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatDateTime } from '../segments/segmentLabels';
import { useListSegmentsQuery } from '../segments/segmentsApi';
import { ChartFigure } from './ChartFigure';
import {
  changesSummary,
  changesTable,
  compositionSummary,
  compositionTable,
  interactionsSummary,
  interactionsTable,
  sizeSummary,
  sizeTable,
  type CompositionBar,
} from './chartText';
import { useSegmentInsightsQuery } from './insightsApi';
import { OverlapMatrix } from './OverlapMatrix';

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const shortTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const shortSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * Tick labels fine enough to tell the ticks apart: dates over two days or more, hours and minutes
 * within, seconds too when every evaluation fell within ten minutes (else all ticks read the same minute).
 */
export function tickFormat(points: { at: string }[]): Intl.DateTimeFormat {
  const first = points[0];
  const last = points[points.length - 1];
  const span = first && last ? Date.parse(last.at) - Date.parse(first.at) : Number.POSITIVE_INFINITY;
  if (span < 10 * 60_000) return shortSeconds;
  return span < 2 * 86_400_000 ? shortTime : shortDate;
}

/** Band labels must be unique: evaluations within the same minute get a running number. */
export function changeLabels(changes: { at: string }[]): string[] {
  const seen = new Map<string, number>();
  return changes.map((c) => {
    const label = formatDateTime(c.at);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}
const COMPOSITION_TYPES = new Set(['choice', 'text', 'boolean', 'multichoice', 'integer', 'lookup']);

function Card({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, gridColumn: wide ? '1 / -1' : undefined, minWidth: 0 }} component="section" aria-label={title}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

export function InsightsTab({ record }: { record: SegmentRecord }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [days, setDays] = useState(90);
  const catalog = useBuilderCatalogQuery();
  // Interaction types by label ("Email Sent"), as the designer names them.
  const labels = useMemo(() => catalogLabels(catalog.data), [catalog.data]);
  const fields = useMemo(
    () => (catalog.data?.entities.find((e) => e.name === 'contact')?.fields ?? []).filter((f) => COMPOSITION_TYPES.has(f.type)),
    [catalog.data],
  );
  const [field, setField] = useState('');
  const compositionField =
    field || (fields.find((f) => f.name === 'address1_city') ?? fields.find((f) => f.type === 'choice') ?? fields[0])?.name || '';
  const segments = useListSegmentsQuery({});
  const others = useMemo(
    () => (segments.data ?? []).filter((s) => s.status === 'live' && s.id !== record.id).slice(0, 8),
    [segments.data, record.id],
  );
  const names = useMemo(() => new Map((segments.data ?? []).map((s) => [s.id, s.name])), [segments.data]);
  const fieldType = fields.find((f) => f.name === compositionField)?.type;
  // Interaction types by their display label ("Email sent"), as everywhere a person reads them.
  const typeLabel = labels.type;

  const { data, error, isFetching } = useSegmentInsightsQuery(
    {
      id: record.id,
      ...(from ? { from } : {}),
      ...(to ? { to: `${to}T23:59:59Z` } : {}),
      ...(compositionField ? { compositionField, top: 10 } : {}),
      ...(others.length > 0 ? { overlapWith: others.map((s) => s.id) } : {}),
      interactionDays: days,
    },
    { skip: catalog.isLoading || segments.isLoading },
  );

  if (error) return <Alert severity="error">Insights could not be loaded: {errorMessage(error)}</Alert>;
  const sizes = data?.sizeOverTime ?? [];
  const fieldLabel = fields.find((f) => f.name === compositionField)?.label ?? compositionField;
  // "Others" is a bar of its own (the values beyond the top ten), so the summary and the table count it as one.
  const othersBar: CompositionBar | undefined =
    data?.composition && data.composition.others > 0 ? { label: 'Others', count: data.composition.others } : undefined;
  const compositionBars: CompositionBar[] = data?.composition
    ? [
        ...data.composition.top.map((t) => ({
          label: formatValue(t.value, fieldType, { lookup: t.lookup ?? null }) || '(no data)',
          count: t.count,
        })),
        ...(othersBar ? [othersBar] : []),
      ]
    : [];
  const changes = data?.changes ?? [];
  return (
    <Stack spacing={2} sx={{ opacity: isFetching && data ? 0.7 : 1 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <TextField
          size="small"
          type="date"
          label="From"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          size="small"
          type="date"
          label="To"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Typography variant="body2" color="text.secondary">
          {from || to ? 'Evaluations in this period.' : 'All recorded evaluations.'}
        </Typography>
      </Stack>
      {!data ? (
        <Skeleton variant="rounded" height={420} />
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, gap: 2 }}>
          <Card title="Members over time">
            {sizes.length === 0 ? (
              <Typography color="text.secondary">No evaluation in this period.</Typography>
            ) : (
              <ChartFigure title="Members over time" summary={sizeSummary(sizes)} table={sizeTable(sizes)}>
                <LineChart
                  height={260}
                  xAxis={[
                    {
                      data: sizes.map((p) => new Date(p.at)),
                      scaleType: 'time',
                      valueFormatter: (d: Date, ctx) =>
                        ctx.location === 'tick' ? tickFormat(sizes).format(d) : formatDateTime(d.toISOString()),
                    },
                  ]}
                  yAxis={[{ min: 0, width: 56 }]}
                  series={[{ data: sizes.map((p) => p.size), label: 'Members', showMark: sizes.length < 40, curve: 'stepAfter' }]}
                  hideLegend
                />
              </ChartFigure>
            )}
          </Card>
          <Card title="Added and removed per evaluation">
            {changes.length === 0 ? (
              <Typography color="text.secondary">No evaluation in this period.</Typography>
            ) : (
              <ChartFigure
                title="Added and removed per evaluation"
                summary={changesSummary(changes, changeLabels(changes))}
                table={changesTable(changes, changeLabels(changes))}
              >
                <BarChart
                  height={260}
                  xAxis={[{ data: changeLabels(changes), scaleType: 'band', tickLabelStyle: { fontSize: 10 } }]}
                  yAxis={[{ width: 56 }]}
                  series={[
                    { data: changes.map((c) => c.added), label: 'Added' },
                    { data: changes.map((c) => c.removed), label: 'Removed' },
                  ]}
                />
              </ChartFigure>
            )}
          </Card>
          <Card title="Composition">
            <TextField
              select
              size="small"
              label="By field"
              value={compositionField}
              onChange={(e) => setField(e.target.value)}
              sx={{ minWidth: 220, mb: 1 }}
            >
              {fields.map((f) => (
                <MenuItem key={f.name} value={f.name}>
                  {f.label}
                </MenuItem>
              ))}
            </TextField>
            {compositionBars.length > 0 ? (
              <ChartFigure
                title={`Composition by ${fieldLabel}`}
                summary={compositionSummary(
                  fieldLabel,
                  compositionBars.filter((b) => b !== othersBar),
                  othersBar?.count ?? 0,
                )}
                table={compositionTable(fieldLabel, compositionBars)}
              >
                <BarChart
                  height={Math.max(180, 28 * compositionBars.length + 40)}
                  layout="horizontal"
                  yAxis={[{ scaleType: 'band', width: 120, data: compositionBars.map((b) => b.label) }]}
                  series={[{ data: compositionBars.map((b) => b.count), label: 'Members' }]}
                  hideLegend
                />
              </ChartFigure>
            ) : (
              <Typography color="text.secondary">No members to break down.</Typography>
            )}
          </Card>
          <Card title="Interaction activity of the members">
            <TextField
              select
              size="small"
              label="Period"
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              sx={{ minWidth: 180, mb: 1 }}
            >
              {[30, 90, 365, 1825].map((d) => (
                <MenuItem key={d} value={d}>
                  Last {d} days
                </MenuItem>
              ))}
            </TextField>
            {data.interactions && data.interactions.counts.length > 0 ? (
              <ChartFigure
                title="Interaction activity of the members"
                summary={interactionsSummary(data.interactions.counts, days, typeLabel)}
                table={interactionsTable(data.interactions.counts, typeLabel)}
              >
                <BarChart
                  height={260}
                  xAxis={[
                    {
                      data: data.interactions.counts.map((c) => typeLabel(c.type)),
                      scaleType: 'band',
                      height: 56,
                      tickLabelInterval: () => true,
                      tickLabelStyle: { fontSize: 10, angle: -25, textAnchor: 'end' },
                    },
                  ]}
                  yAxis={[{ width: 56 }]}
                  series={[
                    { data: data.interactions.counts.map((c) => c.interactions), label: 'Interactions' },
                    { data: data.interactions.counts.map((c) => c.contacts), label: 'Contacts' },
                  ]}
                />
              </ChartFigure>
            ) : (
              <Typography color="text.secondary">No interactions in this period.</Typography>
            )}
          </Card>
          <Card title="Overlap with other live segments" wide>
            {data.overlap ? (
              <OverlapMatrix overlap={data.overlap} name={(id) => names.get(id) ?? id} />
            ) : (
              <Typography color="text.secondary">There are no other live segments to compare with.</Typography>
            )}
          </Card>
        </Box>
      )}
    </Stack>
  );
}
