import AddIcon from '@mui/icons-material/Add';
import FileUploadOutlined from '@mui/icons-material/FileUploadOutlined';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDeferredValue, useState } from 'react';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { ImportSegmentsDialog } from '../segmentFiles/ImportSegmentsDialog';
import { NewSegmentDialog } from './NewSegmentDialog';
import { SegmentsEmptyState } from './SegmentsEmptyState';
import { SegmentsTable } from './SegmentsTable';
import { useListSegmentsQuery } from './segmentsApi';

/** The Segments page: search, the list, and the New segment dialog. */
export function SegmentsPage() {
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const [dialogOpen, setDialogOpen] = useState(false);
  // Opened by the button; a file dropped on the window opens the same dialog from the App shell.
  const [importing, setImporting] = useState(false);
  const dispatch = useAppDispatch();
  const [, navigate] = useHashRoute();
  const { data, error, isLoading, isFetching } = useListSegmentsQuery(deferredSearch ? { search: deferredSearch } : {});

  const isEmptyDatabase = !isLoading && !error && data?.length === 0 && deferredSearch === '';

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
          Segments
        </Typography>
        <TextField
          placeholder="Search by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          slotProps={{
            htmlInput: { 'aria-label': 'Search segments by name', maxLength: 200 },
            input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> },
          }}
          sx={{ width: 280 }}
        />
        <Button variant="outlined" size="medium" startIcon={<FileUploadOutlined />} onClick={() => setImporting(true)}>
          Import segments
        </Button>
        <Button variant="contained" size="medium" startIcon={<AddIcon />} onClick={() => setDialogOpen(true)}>
          New segment
        </Button>
      </Stack>
      {isFetching && !isLoading ? <LinearProgress sx={{ height: 2 }} /> : <div style={{ height: 2 }} />}
      {isLoading && <Typography color="text.secondary">Loading segments…</Typography>}
      {error && <Alert severity="error">The segments could not be loaded: {errorMessage(error)}</Alert>}
      {isEmptyDatabase && <SegmentsEmptyState onCreate={() => setDialogOpen(true)} />}
      {data && data.length === 0 && deferredSearch !== '' && (
        <Typography color="text.secondary" role="status">
          No segment name contains “{deferredSearch}”.
        </Typography>
      )}
      {data && data.length > 0 && <SegmentsTable segments={data} onOpen={(s) => navigate(`segments/${s.id}`)} />}
      {importing && <ImportSegmentsDialog onClose={() => setImporting(false)} />}
      <NewSegmentDialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        onCreated={(s) => dispatch(notify({ message: `Segment “${s.name}” created as a draft.`, severity: 'success' }))}
      />
    </Stack>
  );
}
