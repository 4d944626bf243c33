/**
 * A static segment's definition: its hand-picked members (with remove), the contact picker, and add /
 * remove by query. Changes apply at once (they are data, not part of the saved definition).
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { GridCheckbox } from '../../components/GridCheckbox';
import { DataGrid, type GridColDef, type GridPaginationModel, type GridRowSelectionModel } from '@mui/x-data-grid';
import { useEffect, useMemo, useState } from 'react';
import type { MemberRow } from '../../../../shared/api/contract/live';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { CatalogIndex } from '../builder/catalogIndex';
import { formatValue } from '../contacts/format';
import { useKeysetPaging } from '../members/keysetPages';
import { useSegmentMembersQuery } from '../members/membersApi';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { countOf, formatCount } from '../segments/segmentLabels';
import { ContactPicker } from './ContactPicker';
import { QueryApply } from './QueryApply';
import { useAddStaticMembersMutation, useRemoveStaticMembersMutation } from './staticApi';

const MEMBER_COLUMNS: GridColDef<MemberRow>[] = [
  { field: 'name', headerName: 'Name', flex: 1, minWidth: 160, valueGetter: (_v, r) => r.name ?? r.key },
  { field: 'key', headerName: 'Key', width: 130 },
  { field: 'email', headerName: 'Email', flex: 1, minWidth: 160, valueGetter: (_v, r) => formatValue(r.values.emailaddress1 ?? null) },
];

export function StaticMembersEditor({ record }: { record: SegmentRecord }) {
  const dispatch = useAppDispatch();
  const [mode, setMode] = useState<'pick' | 'query'>('pick');
  const catalog = useBuilderCatalogQuery();
  const index = useMemo(() => (catalog.data ? new CatalogIndex(catalog.data) : null), [catalog.data]);
  const [add, addState] = useAddStaticMembersMutation();
  const [remove, removeState] = useRemoveStaticMembersMutation();
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const [generation, setGeneration] = useState(0);
  const { cursor, record: recordCursor } = useKeysetPaging(`${page.pageSize}|${generation}`, page.page);
  const members = useSegmentMembersQuery({
    id: record.id,
    limit: page.pageSize,
    columns: ['emailaddress1'],
    ...(cursor !== null && cursor !== undefined ? { after: cursor } : {}),
  });
  const answered = members.currentData;
  useEffect(() => {
    if (answered) recordCursor(page.page, answered.nextAfter);
  }, [answered, page.page, recordCursor]);
  const [selection, setSelection] = useState<GridRowSelectionModel>({ type: 'include', ids: new Set() });
  const picked = selection.type === 'include' ? [...selection.ids].map(Number) : [];
  // As the backend allows (live/staticMembers.ts): in draft, live and stopped — a stopped segment is
  // stopped to be edited; only while it changes status are the members fixed.
  const editable = record.status !== 'goingLive' && record.status !== 'stopping';

  const addKeys = async (keys: string[]) => {
    const r = await add({ segmentId: record.id, contactKeys: keys });
    if (r.data)
      dispatch(
        notify({
          message: `Added ${countOf(r.data.changed, 'contact')}${r.data.unchanged ? ` (${countOf(r.data.unchanged, 'contact')} ${r.data.unchanged === 1 ? 'was' : 'were'} already in)` : ''}. ${countOf(r.data.size, 'member')} now.`,
          severity: 'success',
        }),
      );
    else dispatch(notify({ message: `Not added: ${errorMessage(r.error)}`, severity: 'error' }));
  };
  const removePicked = async () => {
    const keys = (members.data?.rows ?? []).filter((m) => picked.includes(m.rid)).map((m) => m.key);
    const r = await remove({ segmentId: record.id, contactKeys: keys });
    if (r.data) {
      dispatch(
        notify({
          message: `Removed ${countOf(r.data.changed, 'contact')}. ${countOf(r.data.size, 'member')} now.`,
          severity: 'success',
        }),
      );
      setSelection({ type: 'include', ids: new Set() });
      setGeneration((g) => g + 1);
      setPage((p) => ({ ...p, page: 0 }));
    } else dispatch(notify({ message: `Not removed: ${errorMessage(r.error)}`, severity: 'error' }));
  };

  return (
    <Stack spacing={2}>
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Static members">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
            Members{members.data ? ` · ${formatCount(members.data.total)}` : ''}
          </Typography>
          <Button
            color="error"
            variant="outlined"
            disabled={!editable || picked.length === 0 || removeState.isLoading}
            onClick={() => void removePicked()}
          >
            Remove {picked.length > 0 ? formatCount(picked.length) : ''} selected
          </Button>
        </Stack>
        {members.error && <Alert severity="error">{errorMessage(members.error)}</Alert>}
        {members.data?.total === 0 ? (
          <Typography color="text.secondary">No members yet. Pick contacts below or add them by a query.</Typography>
        ) : (
          <div style={{ height: 300 }}>
            <DataGrid
              aria-label="Static members"
              rows={members.data?.rows ?? []}
              getRowId={(r) => r.rid}
              columns={MEMBER_COLUMNS}
              checkboxSelection={editable}
              rowSelectionModel={selection}
              onRowSelectionModelChange={setSelection}
              loading={members.isFetching}
              slots={{ baseCheckbox: GridCheckbox }}
              slotProps={{ loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } }}
              paginationMode="server"
              rowCount={members.data?.total ?? 0}
              paginationModel={page}
              onPaginationModelChange={(m) => setPage(m.pageSize !== page.pageSize ? { ...m, page: 0 } : m)}
              pageSizeOptions={[50, 100]}
              disableColumnFilter
              disableColumnSorting
              density="compact"
            />
          </div>
        )}
      </Paper>
      {editable && (
        <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Add contacts">
          <Tabs value={mode} onChange={(_e, m: 'pick' | 'query') => setMode(m)} sx={{ mb: 1 }}>
            <Tab value="pick" label="Pick contacts" />
            <Tab value="query" label="Add or remove by query" />
          </Tabs>
          {(addState.isLoading || removeState.isLoading) && <LinearProgress sx={{ mb: 1 }} />}
          {mode === 'pick' && <ContactPicker segmentId={record.id} onAdd={addKeys} busy={addState.isLoading} />}
          {mode === 'query' &&
            (index ? <QueryApply segmentId={record.id} index={index} /> : <LinearProgress aria-label="Loading the catalog" />)}
        </Paper>
      )}
    </Stack>
  );
}
