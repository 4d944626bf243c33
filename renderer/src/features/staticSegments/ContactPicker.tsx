/**
 * Contact picker: search any field, a virtualized server-paged list, pick contacts one by one (check
 * boxes) or take every result of the search at once. Contacts already in the segment are marked
 * "Member" and cannot be picked again.
 */
import PersonAdd from '@mui/icons-material/PersonAdd';
import SearchIcon from '@mui/icons-material/Search';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import Chip from '@mui/material/Chip';
import { GridCheckbox } from '../../components/GridCheckbox';
import { DataGrid, type GridColDef, type GridPaginationModel, type GridRowSelectionModel } from '@mui/x-data-grid';
import { useState } from 'react';
import type { ContactListRow } from '../../../../shared/models/contact';
import { errorMessage } from '../../app/errors';
import { useDebounced } from '../builder/useDebounced';
import { useListContactsQuery } from '../contacts/contactsApi';
import { formatValue } from '../contacts/format';
import { formatCount } from '../segments/segmentLabels';
import { useContactsPageMutation, useStaticMembersWhichQuery } from './staticApi';

const COLUMNS: GridColDef<ContactListRow>[] = [
  { field: 'displayName', headerName: 'Name', flex: 1, minWidth: 160 },
  {
    field: 'member',
    headerName: 'In segment',
    width: 110,
    sortable: false,
    renderCell: (p) => (p.value === true ? <Chip size="small" color="success" variant="outlined" label="Member" /> : null),
  },
  { field: 'key', headerName: 'Key', width: 130 },
  { field: 'email', headerName: 'Email', flex: 1, minWidth: 160, valueGetter: (_v, r) => formatValue(r.values.emailaddress1) },
  { field: 'city', headerName: 'City', width: 130, valueGetter: (_v, r) => formatValue(r.values.address1_city) },
];

const EMPTY_SELECTION: GridRowSelectionModel = { type: 'include', ids: new Set() };

export interface ContactPickerProps {
  /** The static segment contacts are picked for: its members are marked and cannot be picked again. */
  segmentId: string;
  /** Adds the chosen contacts (by key); resolves when done. */
  onAdd: (keys: string[]) => Promise<void>;
  busy: boolean;
  /** Row virtualization (on in the app; jsdom tests turn it off because they have no layout). */
  virtualized?: boolean;
}

export function ContactPicker({ segmentId, onAdd, busy, virtualized = true }: ContactPickerProps) {
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [selection, setSelection] = useState<GridRowSelectionModel>(EMPTY_SELECTION);
  const [keysByRid, setKeysByRid] = useState<Map<number, string>>(new Map());
  const [collecting, setCollecting] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { data, isFetching } = useListContactsQuery({
    ...(settled ? { search: settled } : {}),
    offset: page.page * page.pageSize,
    limit: page.pageSize,
  });
  const [fetchPage] = useContactsPageMutation();
  const pageRids = data?.rows.map((r) => r.rid) ?? [];
  const which = useStaticMembersWhichQuery({ segmentId, rids: pageRids }, { skip: pageRids.length === 0 });
  const members = new Set(which.data?.rids ?? []);
  const rows = (data?.rows ?? []).map((r) => ({ ...r, member: members.has(r.rid) }));
  const picked = selection.type === 'include' ? [...selection.ids].map(Number) : [];

  const addPicked = async () => {
    const keys = picked.map((rid) => keysByRid.get(rid)).filter((k): k is string => k !== undefined);
    await onAdd(keys);
    setSelection(EMPTY_SELECTION);
  };

  const addAll = async () => {
    setProblem(null);
    const keys: string[] = [];
    let after: number | undefined;
    setCollecting({ done: 0, total: data?.total ?? 0 });
    for (;;) {
      const r = await fetchPage({
        ...(settled ? { search: settled } : {}),
        limit: 1000,
        ...(after !== undefined ? { afterRid: after } : {}),
      });
      if (!r.data) {
        setProblem(`The results could not be read: ${errorMessage(r.error)}`);
        setCollecting(null);
        return;
      }
      keys.push(...r.data.rows.map((x) => x.key));
      setCollecting({ done: keys.length, total: r.data.total });
      if (r.data.nextAfterRid === null) break;
      after = r.data.nextAfterRid;
    }
    setCollecting(null);
    await onAdd(keys);
  };

  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          size="small"
          placeholder="Search name, e-mail, city…"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage((p) => ({ ...p, page: 0 }));
          }}
          slotProps={{
            htmlInput: { 'aria-label': 'Search contacts to add', maxLength: 200 },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
          sx={{ width: 280 }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
          {data ? `${formatCount(data.total)} ${settled ? 'matching' : ''} contacts` : ''}
          {picked.length > 0 ? ` · ${formatCount(picked.length)} picked` : ''}
        </Typography>
        <Button variant="contained" startIcon={<PersonAdd />} disabled={picked.length === 0 || busy} onClick={() => void addPicked()}>
          Add {picked.length > 0 ? formatCount(picked.length) : ''} picked
        </Button>
        <Button variant="outlined" disabled={!data || data.total === 0 || busy || collecting !== null} onClick={() => void addAll()}>
          Add all {data ? formatCount(data.total) : ''} results
        </Button>
      </Stack>
      {collecting && (
        <Stack role="status" aria-label="Collecting results">
          <LinearProgress variant="determinate" value={collecting.total ? (100 * collecting.done) / collecting.total : 0} />
          <Typography variant="caption">
            Reading {formatCount(collecting.done)} of {formatCount(collecting.total)} results…
          </Typography>
        </Stack>
      )}
      {problem && <Typography color="error">{problem}</Typography>}
      <div style={{ height: 360 }}>
        <DataGrid
          aria-label="Contacts to pick"
          rows={rows}
          isRowSelectable={(p) => !(p.row as { member?: boolean }).member}
          getRowId={(r) => r.rid}
          columns={COLUMNS}
          checkboxSelection
          keepNonExistentRowsSelected
          disableVirtualization={!virtualized}
          rowSelectionModel={selection}
          onRowSelectionModelChange={(m) => {
            setSelection(m);
            // Remember keys of rows picked on this page: other pages' rows are no longer loaded.
            setKeysByRid((prev) => {
              const next = new Map(prev);
              for (const r of data?.rows ?? []) next.set(r.rid, r.key);
              return next;
            });
          }}
          loading={isFetching}
          slots={{ baseCheckbox: GridCheckbox }}
          slotProps={{ loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } }}
          paginationMode="server"
          rowCount={data?.total ?? 0}
          paginationModel={page}
          onPaginationModelChange={setPage}
          pageSizeOptions={[25, 50, 100]}
          disableColumnFilter
          disableColumnSorting
          density="compact"
        />
      </div>
    </Stack>
  );
}
