import AddIcon from '@mui/icons-material/Add';
import FileOpenOutlined from '@mui/icons-material/FileOpenOutlined';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { ImportSegmentsDialog } from '../segmentFiles/ImportSegmentsDialog';
import { NewSegmentDialog } from '../segments/NewSegmentDialog';
import { HomeData } from './HomeData';
import { useHomeSummaryQuery } from './homeApi';
import { HomeSegments } from './HomeSegments';

/** The three ways to start: bring data in, plan a segment, or open one someone sent. */
function FirstSteps({
  empty,
  onImport,
  onNew,
  onOpenFile,
}: {
  empty: boolean;
  onImport: () => void;
  onNew: () => void;
  onOpenFile: () => void;
}) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby="home-first-steps" sx={{ p: 2.5 }}>
      <Typography variant="h6" component="h2" id="home-first-steps" gutterBottom>
        {empty ? 'Get started' : 'First steps'}
      </Typography>
      {empty && (
        <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 720 }}>
          This database holds no contacts yet. Import your contacts from a CSV export of your CRM (then accounts and interactions, if you
          have them); segments count members from that data.
        </Typography>
      )}
      <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap', rowGap: 1.5 }}>
        <Button variant={empty ? 'contained' : 'outlined'} startIcon={<UploadFileOutlined />} onClick={onImport}>
          Import your data
        </Button>
        <Button variant={empty ? 'outlined' : 'contained'} startIcon={<AddIcon />} onClick={onNew}>
          New segment
        </Button>
        <Button variant="outlined" startIcon={<FileOpenOutlined />} onClick={onOpenFile}>
          Open a segment file
        </Button>
      </Stack>
    </Paper>
  );
}

/**
 * The app's first page: what the database holds and where it came from, the segments that need
 * attention, the recent ones, and the first steps (import data, new segment, open a segment file).
 */
export function HomePage() {
  const { data, error, isLoading } = useHomeSummaryQuery(undefined, { refetchOnMountOrArgChange: true });
  const [, navigate] = useHashRoute();
  const dispatch = useAppDispatch();
  const [creating, setCreating] = useState(false);
  const [opening, setOpening] = useState(false);
  const contacts = data?.entities.find((e) => e.name === 'contact')?.count ?? 0;
  const empty = data !== undefined && contacts === 0;

  return (
    <Stack spacing={2.5} sx={{ maxWidth: 1200 }}>
      <div>
        <Typography variant="h5" component="h1">
          Home
        </Typography>
        <Typography color="text.secondary">What your database holds, and what to do next.</Typography>
      </div>
      {isLoading && <Typography color="text.secondary">Loading the summary…</Typography>}
      {error && <Alert severity="error">The summary could not be loaded: {errorMessage(error)}</Alert>}
      {data && (
        <>
          <FirstSteps empty={empty} onImport={() => navigate('data')} onNew={() => setCreating(true)} onOpenFile={() => setOpening(true)} />
          <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', lg: '3fr 2fr' }, alignItems: 'start' }}>
            {empty ? (
              <Paper variant="outlined" component="section" aria-labelledby="home-data" sx={{ p: 2.5 }}>
                <Typography variant="h6" component="h2" id="home-data" gutterBottom>
                  Your data
                </Typography>
                <Typography color="text.secondary">
                  No contacts yet. After an import, this shows how many contacts, accounts and interactions you have, and when the data last
                  changed.
                </Typography>
              </Paper>
            ) : (
              <HomeData summary={data} />
            )}
            <HomeSegments summary={data} onOpen={(id) => navigate(`segments/${id}`)} onAll={() => navigate('segments')} />
          </Box>
        </>
      )}
      <NewSegmentDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          dispatch(notify({ message: `Segment “${s.name}” created as a draft.`, severity: 'success' }));
          navigate(`segments/${s.id}`);
        }}
      />
      {opening && <ImportSegmentsDialog onClose={() => setOpening(false)} />}
    </Stack>
  );
}
