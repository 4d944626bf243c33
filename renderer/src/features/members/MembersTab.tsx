/**
 * Members tab: the current members (server-paged, searchable, with chosen columns), last and next
 * evaluation, members "as of" a past date, a per-row explain panel, and Export members (CSV or Excel).
 * Values are formatted by type (date-times in the segment's time zone, lookups by name).
 */
import Download from '@mui/icons-material/Download';
import HelpOutline from '@mui/icons-material/HelpOutline';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid, GridActionsCellItem, type GridColDef, type GridPaginationModel } from '@mui/x-data-grid';
import { useEffect, useMemo, useState } from 'react';
import { useStoredColumns } from './storedColumns';
import type { ContactRef, MemberRow } from '../../../../shared/api/contract/live';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { useHashRoute } from '../../app/useHashRoute';
import { useDebounced } from '../builder/useDebounced';
import { FieldValueView } from '../contacts/FieldValueView';
import { formatValue } from '../contacts/format';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatCount, formatDateTime } from '../segments/segmentLabels';
import { asOfInstant, localToday } from './asOf';
import { ExplainDrawer } from './ExplainDrawer';
import { ExportMembersButton } from './ExportMembersButton';
import { useKeysetPaging } from './keysetPages';
import { useSegmentLiveStatusQuery, useSegmentMembersAsOfQuery, useSegmentMembersQuery } from './membersApi';

const DEFAULT_COLUMNS = ['emailaddress1', 'address1_city', 'jobtitle'];

export function MembersTab({ record }: { record: SegmentRecord }) {
  const [, navigate] = useHashRoute();
  const catalog = useBuilderCatalogQuery();
  const contactFields = useMemo(() => catalog.data?.entities.find((e) => e.name === 'contact')?.fields ?? [], [catalog.data]);
  // Remembered per segment (storedColumns.ts): reopening the segment shows the columns picked last time.
  const [columns, setColumns] = useStoredColumns(record.id, DEFAULT_COLUMNS);
  const shownColumns = useMemo(() => columns.filter((c) => contactFields.some((f) => f.name === c)), [columns, contactFields]);
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  // "As of": a local date and an optional time of day; `asOf` is the moment (ISO) or '' for now.
  const [asOfDate, setAsOfDate] = useState('');
  const [asOfTime, setAsOfTime] = useState('');
  const asOf = asOfInstant(asOfDate, asOfTime) ?? '';
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 100 });
  const [explain, setExplain] = useState<ContactRef | null>(null);
  const status = useSegmentLiveStatusQuery(record.id, { skip: record.status !== 'live' });

  // Keyset cursors belong to one query (search, columns, as-of, page size): a new query starts over.
  const { cursor, record: recordCursor } = useKeysetPaging(`${settled}|${shownColumns.join(',')}|${asOf}|${page.pageSize}`, page.page);
  const after = cursor ?? undefined;

  const current = useSegmentMembersQuery(
    {
      id: record.id,
      limit: page.pageSize,
      columns: shownColumns,
      ...(settled ? { search: settled } : {}),
      ...(after !== undefined ? { after } : {}),
    },
    { skip: asOf !== '' || cursor === null },
  );
  const past = useSegmentMembersAsOfQuery(
    { id: record.id, at: asOf, limit: page.pageSize, ...(after !== undefined ? { after } : {}) },
    { skip: asOf === '' || cursor === null },
  );
  const result = asOf ? past : current;
  const answered = result.currentData;
  useEffect(() => {
    if (answered) recordCursor(page.page, answered.nextAfter);
  }, [answered, page.page, recordCursor]);
  /** Back to the first page (a new search or as-of moment starts a new keyset walk). */
  const firstPage = (): void => setPage((p) => ({ ...p, page: 0 }));
  if (cursor === null && page.page !== 0) firstPage();

  const gridColumns = useMemo<GridColDef<MemberRow | ContactRef>[]>(() => {
    const base: GridColDef<MemberRow | ContactRef>[] = [
      { field: 'name', headerName: 'Name', flex: 1, minWidth: 170, valueGetter: (_v, r) => r.name ?? r.key },
      { field: 'key', headerName: 'Key', width: 140 },
    ];
    const fields = asOf ? [] : shownColumns.map((c) => contactFields.find((f) => f.name === c)).filter((f) => f !== undefined);
    return [
      ...base,
      ...fields.map<GridColDef<MemberRow | ContactRef>>((f) => ({
        field: `f:${f.name}`,
        headerName: f.label,
        flex: 1,
        minWidth: 120,
        // Text for copy and quick filter; the cell shows chips for lists and a lookup's key on hover.
        valueGetter: (_v, r) =>
          'values' in r ? formatValue(r.values[f.name], f.type, { timeZone: record.timeZone, lookup: r.lookups?.[f.name] }) : '',
        renderCell: (p) =>
          'values' in p.row ? (
            <FieldValueView value={p.row.values[f.name]} type={f.type} lookup={p.row.lookups?.[f.name]} timeZone={record.timeZone} />
          ) : null,
      })),
      {
        // An actions column: the grid keeps one Tab stop and moves into the button with the arrow keys
        // (a plain button in a cell was a Tab stop of its own on every row). Its header has a name.
        field: 'explain',
        type: 'actions',
        headerName: 'Explain',
        width: 80,
        getActions: (p) => [
          <GridActionsCellItem
            key="explain"
            icon={<HelpOutline fontSize="small" />}
            label={`Why is ${p.row.name ?? p.row.key} in?`}
            title="Why is this contact in?"
            onClick={(e) => (e.stopPropagation(), setExplain(p.row))}
          />,
        ],
      },
    ];
  }, [asOf, shownColumns, contactFields, record.timeZone]);

  const live = status.data;
  return (
    <Stack spacing={1.5}>
      <Stack
        direction="row"
        spacing={3}
        useFlexGap
        sx={{ alignItems: 'baseline', flexWrap: 'wrap', rowGap: 0.5 }}
        aria-label="Evaluation facts"
      >
        <Typography variant="h6" component="p" data-testid="members-total">
          {result.data ? formatCount(result.data.total) : '…'} {settled && !asOf ? 'matching ' : ''}
          {result.data?.total === 1 ? 'member' : 'members'}
          {asOf ? ` on ${asOfTime ? formatDateTime(asOf) : asOfDate}` : ''}
        </Typography>
        {record.status === 'live' && (
          <>
            <Typography variant="body2" color="text.secondary">
              Last evaluated: {live?.lastEvaluatedAt ? formatDateTime(live.lastEvaluatedAt) : '—'}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Next evaluation: {live?.nextEvaluationAt ? formatDateTime(live.nextEvaluationAt) : 'when the data changes'}
            </Typography>
          </>
        )}
        {record.status !== 'live' && (
          <Typography variant="body2" color="text.secondary">
            {record.type === 'static'
              ? 'Hand-picked members (the segment is not live).'
              : 'The segment is not live: members as of its last evaluation.'}
          </Typography>
        )}
      </Stack>
      <Stack direction="row" spacing={1.5} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField
          size="small"
          placeholder="Search name or key"
          value={search}
          disabled={asOf !== ''}
          onChange={(e) => {
            setSearch(e.target.value);
            firstPage();
          }}
          slotProps={{
            htmlInput: { 'aria-label': 'Search members', maxLength: 200 },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
          sx={{ width: 240 }}
        />
        <Autocomplete
          multiple
          size="small"
          disabled={asOf !== ''}
          options={contactFields.map((f) => f.name)}
          getOptionLabel={(n) => contactFields.find((f) => f.name === n)?.label ?? n}
          value={shownColumns}
          onChange={(_e, v) => setColumns(v.slice(0, 12))}
          limitTags={3}
          renderInput={(p) => <TextField {...p} label="Columns" />}
          sx={{ minWidth: { xs: '100%', sm: 300 }, flexGrow: 1 }}
        />
        <TextField
          size="small"
          type="date"
          label="As of"
          value={asOfDate}
          onChange={(e) => {
            setAsOfDate(e.target.value);
            firstPage();
          }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-label': 'Members as of date', max: localToday() } }}
          sx={{ width: 170 }}
        />
        {asOfDate && (
          <TextField
            size="small"
            type="time"
            label="Time (optional)"
            value={asOfTime}
            onChange={(e) => {
              setAsOfTime(e.target.value);
              firstPage();
            }}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-label': 'Members as of time', step: 1 } }}
            sx={{ width: 150 }}
          />
        )}
        {asOf && <Button onClick={() => (setAsOfDate(''), setAsOfTime(''))}>Back to today</Button>}
        <ExportMembersButton record={record} columns={shownColumns} />
      </Stack>
      {asOf && past.data?.historyStartsAt && asOf < past.data.historyStartsAt && (
        <Alert severity="info">
          History starts on {formatDateTime(past.data.historyStartsAt)}: the segment had no members before that.
        </Alert>
      )}
      {result.error && <Alert severity="error">The members could not be loaded: {errorMessage(result.error)}</Alert>}
      <div style={{ height: 'calc(100vh - 360px)', minHeight: 380 }}>
        <DataGrid
          aria-label="Members"
          rows={result.data?.rows ?? []}
          getRowId={(r) => r.rid}
          columns={gridColumns}
          loading={result.isFetching}
          slotProps={{ loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } }}
          paginationMode="server"
          rowCount={result.data?.total ?? 0}
          paginationModel={page}
          onPaginationModelChange={setPage}
          pageSizeOptions={[50, 100]}
          disableColumnFilter
          disableColumnSorting
          density="compact"
          onRowDoubleClick={(p) => navigate(`contacts/${p.row.rid}`)}
        />
      </div>
      <Typography variant="caption" color="text.secondary">
        Double-click a member to open the contact. <Download sx={{ fontSize: 12, verticalAlign: 'middle' }} /> Export writes the current
        members with the chosen columns.
      </Typography>
      {result.isFetching && !result.data && <LinearProgress />}
      {explain && <ExplainDrawer segment={record} contact={explain} onClose={() => setExplain(null)} />}
    </Stack>
  );
}
