import AddIcon from '@mui/icons-material/Add';
import FileUploadOutlined from '@mui/icons-material/FileUploadOutlined';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { SEGMENT_STATUSES, SEGMENT_TYPES, type SegmentSummary } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { ImportSegmentsDialog } from '../segmentFiles/ImportSegmentsDialog';
import { focusFallbackUnless } from '../../components/focusFallback';
import { DeleteDialog } from '../segmentRecord/LifecycleDialogs';
import { useDuplicateSegment } from '../segmentRecord/useDuplicateSegment';
import { NewSegmentDialog } from './NewSegmentDialog';
import { SegmentsEmptyState } from './SegmentsEmptyState';
import { SegmentsTable, type SegmentRowAction } from './SegmentsTable';
import { STATUS_LABELS, TYPE_LABELS } from './segmentLabels';
import {
  DEFAULT_SORT,
  filterSegments,
  isSegmentStatus,
  isSegmentType,
  nextSort,
  NO_FILTERS,
  sortSegments,
  type SegmentColumn,
  type SegmentFilters,
} from './segmentListView';
import { useListSegmentsQuery } from './segmentsApi';

/**
 * The Segments page: search by name (backend), filter by type and status, sort by any column (both in
 * memory, memoised: rows that did not change do not re-render), the New segment dialog, and each row's
 * Duplicate / Delete with the record page's own behaviour (useDuplicateSegment, DeleteDialog).
 */
export function SegmentsPage() {
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const [dialogOpen, setDialogOpen] = useState(false);
  // Opened by the button; a file dropped on the window opens the same dialog from the App shell.
  const [importing, setImporting] = useState(false);
  const dispatch = useAppDispatch();
  const [, navigate] = useHashRoute();
  const { data, error, isLoading, isFetching } = useListSegmentsQuery(deferredSearch ? { search: deferredSearch } : {});
  // The unsearched list (the same cache entry when nothing is searched) gives the "of m" total.
  const all = useListSegmentsQuery({});
  const [filters, setFilters] = useState<SegmentFilters>(NO_FILTERS);
  const [sort, setSort] = useState(DEFAULT_SORT);
  const [deleting, setDeleting] = useState<SegmentSummary | null>(null);
  const { duplicate } = useDuplicateSegment();

  const filtered = useMemo(() => (data ? filterSegments(data, filters) : undefined), [data, filters]);
  const rows = useMemo(() => (filtered ? sortSegments(filtered, sort) : undefined), [filtered, sort]);
  const onSort = useCallback((column: SegmentColumn) => setSort((s) => nextSort(s, column)), []);
  const onAction = (action: SegmentRowAction, segment: SegmentSummary) => {
    if (action === 'delete') setDeleting(segment);
    else void duplicate(segment.id);
  };

  const total = all.data?.length ?? data?.length ?? 0;
  const narrowed = deferredSearch !== '' || filters.type !== 'all' || filters.status !== 'all';
  const isEmptyDatabase = !isLoading && !error && data?.length === 0 && deferredSearch === '';
  const why = [
    deferredSearch && `whose name contains “${deferredSearch}”`,
    filters.type !== 'all' && `of type ${TYPE_LABELS[filters.type].label}`,
    filters.status !== 'all' && `with status ${STATUS_LABELS[filters.status].label}`,
  ].filter(Boolean);
  // One live status line: how many rows show, or why none do.
  let countText = '';
  if (rows && rows.length === 0 && narrowed) {
    countText = why.length === 1 && deferredSearch ? `No segment name contains “${deferredSearch}”.` : `No segments ${why.join(' and ')}.`;
  } else if (rows) {
    countText = narrowed
      ? `${rows.length.toLocaleString()} of ${total.toLocaleString()} segments`
      : `${total.toLocaleString()} segment${total === 1 ? '' : 's'}`;
  }
  const clearAll = () => {
    setSearch('');
    setFilters(NO_FILTERS);
  };

  // The deleted row's menu button (the dialog's opener) is gone: focus the row that takes its place.
  const afterDelete = (id: string) => {
    const at = rows?.findIndex((r) => r.id === id) ?? -1;
    const near = [rows?.[at + 1]?.id, rows?.[at - 1]?.id].filter((x) => x !== undefined);
    setDeleting(null);
    focusFallbackUnless(
      `tr[data-id="${CSS.escape(id)}"]`,
      ...near.map((rid) => () => document.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(rid)}"]`)),
      () => document.querySelector<HTMLElement>('[data-new-segment]'),
    );
  };

  return (
    <Stack spacing={2}>
      {/* Wraps on a narrow window (WCAG 1.4.10): the search takes a line of its own below 600 px, in reading order. */}
      <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Segments
        </Typography>
        <TextField
          placeholder="Search by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          slotProps={{
            htmlInput: { 'aria-label': 'Search segments by name', maxLength: 200 },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
          sx={{ width: { xs: '100%', sm: 280 } }}
        />
        <Button variant="outlined" size="medium" startIcon={<FileUploadOutlined />} onClick={() => setImporting(true)}>
          Import segments
        </Button>
        <Button variant="contained" size="medium" startIcon={<AddIcon />} onClick={() => setDialogOpen(true)} data-new-segment>
          New segment
        </Button>
      </Stack>
      {!isEmptyDatabase && !error && (
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label="Type"
            value={filters.type}
            onChange={(e) => setFilters((f) => ({ ...f, type: isSegmentType(e.target.value) ? e.target.value : 'all' }))}
            sx={{ width: { xs: 'auto', sm: 170 }, flex: { xs: '1 1 120px', sm: '0 0 auto' } }}
          >
            <MenuItem value="all">All types</MenuItem>
            {SEGMENT_TYPES.map((t) => (
              <MenuItem key={t} value={t}>
                {TYPE_LABELS[t].label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="Status"
            value={filters.status}
            onChange={(e) => setFilters((f) => ({ ...f, status: isSegmentStatus(e.target.value) ? e.target.value : 'all' }))}
            sx={{ width: { xs: 'auto', sm: 170 }, flex: { xs: '1 1 120px', sm: '0 0 auto' } }}
          >
            <MenuItem value="all">All statuses</MenuItem>
            {SEGMENT_STATUSES.map((t) => (
              <MenuItem key={t} value={t}>
                {STATUS_LABELS[t].label}
              </MenuItem>
            ))}
          </TextField>
          {narrowed && (
            <Button size="small" onClick={clearAll}>
              Clear filters
            </Button>
          )}
          <Typography color="text.secondary" role="status" sx={{ flexGrow: 1, textAlign: 'right' }}>
            {countText}
          </Typography>
        </Stack>
      )}
      {isFetching && !isLoading ? <LinearProgress sx={{ height: 2 }} /> : <div style={{ height: 2 }} />}
      {isLoading && <Typography color="text.secondary">Loading segments…</Typography>}
      {error && <Alert severity="error">The segments could not be loaded: {errorMessage(error)}</Alert>}
      {isEmptyDatabase && <SegmentsEmptyState onCreate={() => setDialogOpen(true)} />}
      {!isEmptyDatabase && rows && rows.length === 0 && (
        <Stack sx={{ alignItems: 'flex-start' }}>
          <Button variant="outlined" onClick={clearAll}>
            Show all segments
          </Button>
        </Stack>
      )}
      {rows && rows.length > 0 && (
        <SegmentsTable segments={rows} sort={sort} onSort={onSort} onOpen={(s) => navigate(`segments/${s.id}`)} onAction={onAction} />
      )}
      {deleting && <DeleteDialog segment={deleting} onClose={() => setDeleting(null)} onDeleted={() => afterDelete(deleting.id)} />}
      {importing && <ImportSegmentsDialog onClose={() => setImporting(false)} />}
      <NewSegmentDialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        onCreated={(s) => {
          dispatch(notify({ message: `Segment “${s.name}” created as a draft.`, severity: 'success' }));
          // The next thing to do with a new segment is to define it: open its record.
          navigate(`segments/${s.id}`);
        }}
      />
    </Stack>
  );
}
