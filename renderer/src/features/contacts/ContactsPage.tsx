/**
 * The Contacts page: a virtualized, server-paged grid of every contact with search over the key and
 * the text / choice fields, sorting and filtering by any field (done by the server, checked against
 * the catalog), values formatted by type in the user's time zone, and export of what the grid shows
 * (visible columns, filters, order) as CSV or Excel. A row opens the contact page; selected rows can be
 * deleted (after a confirm naming the segments they leave).
 */
import Download from '@mui/icons-material/Download';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  DataGrid,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridFilterModel,
  type GridPaginationModel,
  type GridRowSelectionModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import { useMemo, useState } from 'react';
import type { ContactListRow } from '../../../../shared/models/contact';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { usePlatform } from '../../platform/PlatformContext';
import { useDebounced } from '../builder/useDebounced';
import { downloadExport, EXPORT_FILTERS, exportFileName, newExportId, type ExportFormat } from '../members/downloadExport';
import { useCancelExportMutation } from '../members/membersApi';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatCount } from '../segments/segmentLabels';
import { columnType, filterOperators, gridQuery } from './contactsGrid';
import { useContactsExportProgressQuery, useExportContactsMutation, useListContactsQuery } from './contactsApi';
import { DeleteRecordsDialog } from './DeleteRecordsDialog';
import { FieldValueView } from './FieldValueView';
import { formatValue, userTimeZone } from './format';

const NO_SELECTION: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** Fields shown by default; the others can be turned on from the column menu. */
const PREFERRED = ['emailaddress1', 'jobtitle', 'address1_city', 'address1_country', 'parentcustomerid', 'lifetimevalue'];

export function ContactsPage() {
  const [, navigate] = useHashRoute();
  const dispatch = useAppDispatch();
  const { dialogs } = usePlatform();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const [filterModel, setFilterModel] = useState<GridFilterModel>({ items: [] });
  const [visibility, setVisibility] = useState<GridColumnVisibilityModel | null>(null);
  const catalog = useBuilderCatalogQuery();
  const [selection, setSelection] = useState<GridRowSelectionModel>(NO_SELECTION);
  const [deleting, setDeleting] = useState(false);
  const selected = selection.type === 'include' ? [...selection.ids].map(Number) : [];
  const contact = catalog.data?.entities.find((e) => e.name === 'contact');
  const timeZone = useMemo(() => userTimeZone(), []);
  const query = useMemo(
    () => ({
      ...(settled ? { search: settled } : {}),
      ...(contact ? gridQuery(sortModel, filterModel, contact) : {}),
      timeZone,
    }),
    [settled, contact, sortModel, filterModel, timeZone],
  );
  const { data, error, isFetching } = useListContactsQuery({ ...query, offset: page.page * page.pageSize, limit: page.pageSize });

  const fields = useMemo(
    () => (contact?.fields ?? []).filter((f) => f.name !== contact?.keyField && f.name !== contact?.displayField),
    [contact],
  );
  const columns = useMemo<GridColDef<ContactListRow>[]>(() => {
    const keyLabel = contact?.fields.find((f) => f.name === contact.keyField)?.label ?? 'Key';
    const nameLabel = contact?.fields.find((f) => f.name === contact.displayField)?.label ?? 'Name';
    return [
      { field: 'displayName', headerName: nameLabel, flex: 1, minWidth: 180, filterOperators: filterOperators('string') },
      { field: 'key', headerName: keyLabel, width: 150, filterOperators: filterOperators('string') },
      ...fields.map<GridColDef<ContactListRow>>((f) => {
        const type = columnType(f);
        return {
          field: `f:${f.name}`,
          headerName: f.label,
          minWidth: 120,
          flex: 1,
          type,
          filterOperators: filterOperators(type),
          ...(type === 'singleSelect' ? { valueOptions: (f.options ?? []).map((o) => ({ value: o.value, label: o.label })) } : {}),
          // Text for copying and the column's width; cells show chips for lists and a lookup's key on hover.
          valueGetter: (_v, row) => formatValue(row.values[f.name], f.type, { timeZone, lookup: row.lookups?.[f.name] }),
          // The value is already text: the column type only picks the filter input (date columns would want Date objects).
          valueFormatter: (v: string) => v,
          renderCell: (p) => (
            <FieldValueView value={p.row.values[f.name]} type={f.type} lookup={p.row.lookups?.[f.name]} timeZone={timeZone} />
          ),
        };
      }),
    ];
  }, [contact, fields, timeZone]);
  const hidden = useMemo(() => {
    const model: GridColumnVisibilityModel = {};
    for (const c of columns) if (c.field.startsWith('f:') && !PREFERRED.includes(c.field.slice(2))) model[c.field] = false;
    return model;
  }, [columns]);
  const shown = visibility ?? hidden;

  // Export of what the grid shows: visible columns, search, filters and order.
  const [write] = useExportContactsMutation();
  const [cancelExport] = useCancelExportMutation();
  const [exportId, setExportId] = useState<string | null>(null);
  const progress = useContactsExportProgressQuery(exportId ?? '', { skip: exportId === null });
  const runExport = async (format: ExportFormat) => {
    const id = newExportId();
    const fileName = exportFileName('contacts', format);
    const input = {
      ...query,
      columns: fields.filter((f) => shown[`f:${f.name}`] !== false).map((f) => f.name),
      ...(format === 'xlsx' ? { format } : {}),
      exportId: id,
    };
    setExportId(id);
    try {
      let rows: number;
      if (dialogs) {
        const path = await dialogs.save({ title: 'Export contacts', defaultPath: fileName, filters: EXPORT_FILTERS[format] });
        if (path === null) return;
        const r = await write({ ...input, path });
        if (!r.data) throw new Error(errorMessage(r.error));
        rows = r.data.rows;
      } else rows = await downloadExport('/files/contacts-export', input, fileName);
      dispatch(notify({ message: `${formatCount(rows)} contacts exported to ${fileName}.`, severity: 'success' }));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      dispatch(
        notify(
          message.includes('cancelled')
            ? { message: 'Export cancelled; no file was written.', severity: 'info' }
            : { message: `Export failed: ${message}`, severity: 'error' },
        ),
      );
    } finally {
      setExportId(null);
    }
  };
  const p = progress.data;

  return (
    <Stack spacing={2} sx={{ height: '100%' }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Contacts
          {data && (
            <Typography component="span" color="text.secondary" sx={{ ml: 1.5 }}>
              {formatCount(data.total)} {settled || query.filters ? 'matching' : 'in total'}
            </Typography>
          )}
        </Typography>
        {selected.length > 0 && (
          <Button color="error" variant="outlined" onClick={() => setDeleting(true)}>
            Delete {formatCount(selected.length)} selected
          </Button>
        )}
        <TextField
          placeholder="Search name, e-mail, city…"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage((pm) => ({ ...pm, page: 0 }));
          }}
          slotProps={{
            htmlInput: { 'aria-label': 'Search contacts', maxLength: 200 },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
          sx={{ width: 320 }}
        />
        <Stack direction="row" spacing={1} role="group" aria-label="Export contacts" sx={{ alignItems: 'center' }}>
          <Button variant="outlined" startIcon={<Download />} disabled={exportId !== null} onClick={() => void runExport('csv')}>
            Export CSV
          </Button>
          <Button variant="outlined" startIcon={<Download />} disabled={exportId !== null} onClick={() => void runExport('xlsx')}>
            Export Excel
          </Button>
          {exportId !== null && (
            <>
              <Stack sx={{ width: 140 }} role="status" aria-label="Export progress">
                <LinearProgress
                  variant={p && p.total > 0 ? 'determinate' : 'indeterminate'}
                  value={p && p.total > 0 ? (100 * p.rowsDone) / p.total : 0}
                />
                <Typography variant="caption" color="text.secondary">
                  {p ? `${formatCount(p.rowsDone)} of ${formatCount(p.total)} rows` : 'Starting…'}
                </Typography>
              </Stack>
              <Button onClick={() => void cancelExport({ exportId })}>Cancel export</Button>
            </>
          )}
        </Stack>
      </Stack>
      {error && <Alert severity="error">The contacts could not be loaded: {errorMessage(error)}</Alert>}
      <Paper variant="outlined" sx={{ flexGrow: 1, minHeight: 420, height: 'calc(100vh - 150px)' }}>
        <DataGrid
          aria-label="Contacts"
          rows={data?.rows ?? []}
          getRowId={(r) => r.rid}
          columns={columns}
          columnVisibilityModel={shown}
          onColumnVisibilityModelChange={setVisibility}
          loading={isFetching}
          slotProps={{ loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } }}
          paginationMode="server"
          sortingMode="server"
          filterMode="server"
          sortModel={sortModel}
          onSortModelChange={(m) => {
            setSortModel(m);
            setPage((pm) => ({ ...pm, page: 0 }));
          }}
          filterModel={filterModel}
          onFilterModelChange={(m) => {
            setFilterModel(m);
            setPage((pm) => ({ ...pm, page: 0 }));
          }}
          rowCount={data?.total ?? 0}
          paginationModel={page}
          onPaginationModelChange={setPage}
          pageSizeOptions={[25, 50, 100]}
          density="compact"
          checkboxSelection
          disableRowSelectionOnClick
          keepNonExistentRowsSelected
          rowSelectionModel={selection}
          onRowSelectionModelChange={setSelection}
          onRowClick={(pr) => navigate(`contacts/${pr.row.rid}`)}
          sx={{ border: 0, '& .MuiDataGrid-row': { cursor: 'pointer' } }}
        />
      </Paper>
      {deleting && (
        <DeleteRecordsDialog
          entity="contact"
          noun="contact"
          rids={selected}
          onClose={() => setDeleting(false)}
          onDeleted={() => (setDeleting(false), setSelection(NO_SELECTION))}
        />
      )}
    </Stack>
  );
}
