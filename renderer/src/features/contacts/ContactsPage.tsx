/**
 * The Contacts page: a virtualized, server-paged grid of every contact with search over the key and
 * the text / choice fields. A row opens the contact page; selected rows can be deleted (after a confirm
 * naming the segments they leave).
 */
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import { DataGrid, type GridColDef, type GridPaginationModel, type GridRowSelectionModel } from '@mui/x-data-grid';
import { useMemo, useState } from 'react';
import type { ContactListRow } from '../../../../shared/models/contact';
import { errorMessage } from '../../app/errors';
import { useHashRoute } from '../../app/useHashRoute';
import { useDebounced } from '../builder/useDebounced';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatCount } from '../segments/segmentLabels';
import { useListContactsQuery } from './contactsApi';
import { DeleteRecordsDialog } from './DeleteRecordsDialog';
import { formatValue } from './format';

const NO_SELECTION: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** Fields shown by default; the others can be turned on from the column menu. */
const PREFERRED = ['emailaddress1', 'jobtitle', 'address1_city', 'address1_country', 'parentcustomerid', 'lifetimevalue'];

export function ContactsPage() {
  const [, navigate] = useHashRoute();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const catalog = useBuilderCatalogQuery();
  const [selection, setSelection] = useState<GridRowSelectionModel>(NO_SELECTION);
  const [deleting, setDeleting] = useState(false);
  const selected = selection.type === 'include' ? [...selection.ids].map(Number) : [];
  const { data, error, isFetching } = useListContactsQuery({
    ...(settled ? { search: settled } : {}),
    offset: page.page * page.pageSize,
    limit: page.pageSize,
  });

  const columns = useMemo<GridColDef<ContactListRow>[]>(() => {
    const contact = catalog.data?.entities.find((e) => e.name === 'contact');
    const fields = (contact?.fields ?? []).filter((f) => f.name !== contact?.keyField && f.name !== contact?.displayField);
    return [
      { field: 'displayName', headerName: 'Name', flex: 1, minWidth: 180 },
      { field: 'key', headerName: contact ? (contact.fields.find((f) => f.name === contact.keyField)?.label ?? 'Key') : 'Key', width: 150 },
      ...fields.map<GridColDef<ContactListRow>>((f) => ({
        field: `f:${f.name}`,
        headerName: f.label,
        minWidth: 120,
        flex: 1,
        sortable: false,
        valueGetter: (_v, row) => formatValue(row.values[f.name], f.type),
      })),
    ];
  }, [catalog.data]);
  const hidden = useMemo(() => {
    const model: Record<string, boolean> = {};
    for (const c of columns) if (c.field.startsWith('f:') && !PREFERRED.includes(c.field.slice(2))) model[c.field] = false;
    return model;
  }, [columns]);

  return (
    <Stack spacing={2} sx={{ height: '100%' }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Contacts
          {data && (
            <Typography component="span" color="text.secondary" sx={{ ml: 1.5 }}>
              {formatCount(data.total)} {settled ? 'matching' : 'in total'}
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
            setPage((p) => ({ ...p, page: 0 }));
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
      </Stack>
      {error && <Alert severity="error">The contacts could not be loaded: {errorMessage(error)}</Alert>}
      <Paper variant="outlined" sx={{ flexGrow: 1, minHeight: 420, height: 'calc(100vh - 150px)' }}>
        <DataGrid
          aria-label="Contacts"
          rows={data?.rows ?? []}
          getRowId={(r) => r.rid}
          columns={columns}
          initialState={{ columns: { columnVisibilityModel: hidden } }}
          key={columns.length}
          loading={isFetching}
          slotProps={{ loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } }}
          paginationMode="server"
          rowCount={data?.total ?? 0}
          paginationModel={page}
          onPaginationModelChange={setPage}
          pageSizeOptions={[25, 50, 100]}
          disableColumnFilter
          disableColumnSorting
          density="compact"
          checkboxSelection
          disableRowSelectionOnClick
          keepNonExistentRowsSelected
          rowSelectionModel={selection}
          onRowSelectionModelChange={setSelection}
          onRowClick={(p) => navigate(`contacts/${p.row.rid}`)}
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
