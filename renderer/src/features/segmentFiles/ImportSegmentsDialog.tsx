/**
 * Import segments: from a `.segment.json` (picked — the native open dialog in Electron, a file input in
 * the browser — or dropped onto the window) — inspect first, show
 * file problems, catalog mismatches and name conflicts, then import as drafts — or from pasted segment
 * query text. Ends with links to the created segments.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { ConflictPolicyName, SegmentFileInspection } from '../../../../shared/api/contract/segmentFiles';
import type { ApiError } from '../../../../shared/api/result';
import { errorMessage, isApiError } from '../../app/errors';
import { useHashRoute } from '../../app/useHashRoute';
import { baseName } from '../../platform/dialogs';
import { usePlatform } from '../../platform/PlatformContext';
import { InspectionReview, IssueList } from './InspectionReview';
import { useImportSegmentFileMutation, useInspectSegmentFileMutation, useSegmentFromQueryTextMutation } from './segmentFilesApi';

interface Created {
  id: string;
  name: string;
  note?: string;
}

interface Props {
  onClose: () => void;
  /** A file dropped onto the window: inspected at once. */
  droppedFile?: File | null;
  /** A file the desktop app was handed (opened from the OS, dropped): its path, inspected at once. */
  openedPath?: string | null;
}

/** Where the file comes from: its text (browser, drop) or a path the user picked natively (Electron). */
type Source = { text: string } | { path: string };

export const SEGMENT_FILE_OPEN_FILTERS = [
  { name: 'Segment files', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

export function ImportSegmentsDialog({ onClose, droppedFile = null, openedPath = null }: Props) {
  const { dialogs } = usePlatform();
  const [tab, setTab] = useState<'file' | 'text'>('file');
  // A file the desktop app was handed starts as the chosen source; the effect below inspects it.
  const [fileName, setFileName] = useState<string | null>(openedPath ? baseName(openedPath) : null);
  const [source, setSource] = useState<Source | null>(openedPath ? { path: openedPath } : null);
  const [inspection, setInspection] = useState<SegmentFileInspection | null>(null);
  const [policy, setPolicy] = useState<ConflictPolicyName>('rename');
  const [allowMismatch, setAllowMismatch] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<Created[] | null>(null);
  const [queryName, setQueryName] = useState('');
  const [queryText, setQueryText] = useState('');
  const [inspect, inspectState] = useInspectSegmentFileMutation();
  const [runImport, importState] = useImportSegmentFileMutation();
  const [fromText, fromTextState] = useSegmentFromQueryTextMutation();
  const [, navigate] = useHashRoute();
  const busy = inspectState.isLoading || importState.isLoading || fromTextState.isLoading;

  const inspectSource = useCallback(
    async (name: string, from: Source) => {
      setFileName(name);
      setSource(from);
      setInspection(null);
      setProblem(null);
      const r = await inspect(from);
      if (r.data) setInspection(r.data);
      else setProblem(isApiError(r.error) ? r.error : { code: 'internal', message: errorMessage(r.error) });
    },
    [inspect],
  );
  const readFile = (file: File) => void file.text().then((text) => inspectSource(file.name, { text }));
  const chooseNative = async () => {
    if (!dialogs) return;
    try {
      const [path] = await dialogs.open({ title: 'Choose a segment file to import', filters: SEGMENT_FILE_OPEN_FILTERS });
      if (path !== undefined) await inspectSource(baseName(path), { path });
    } catch (err) {
      setProblem({ code: 'internal', message: err instanceof Error ? err.message : String(err) });
    }
  };

  useEffect(() => {
    // State changes only in the callback, once the dropped file has been read.
    if (droppedFile) void droppedFile.text().then((text) => inspectSource(droppedFile.name, { text }));
  }, [droppedFile, inspectSource]);

  // State changes only in the callback, once the backend has answered.
  const inspectOpened = useEffectEvent((path: string) => {
    void inspect({ path }).then((r) => {
      if (r.data) setInspection(r.data);
      else setProblem(isApiError(r.error) ? r.error : { code: 'internal', message: errorMessage(r.error) });
    });
  });
  useEffect(() => {
    if (openedPath) inspectOpened(openedPath);
  }, [openedPath]);

  const doImport = async () => {
    if (source === null) return;
    const r = await runImport({ ...source, onConflict: policy, ...(allowMismatch ? { allowCatalogMismatch: true } : {}) });
    if (!r.data) return setProblem(isApiError(r.error) ? r.error : { code: 'internal', message: errorMessage(r.error) });
    setCreated(
      r.data.segments
        .filter((s) => s.action !== 'skipped')
        .map((s) => ({
          id: s.id,
          name: s.name,
          ...(s.renamedFrom !== undefined
            ? { note: `renamed from “${s.renamedFrom}”` }
            : s.action === 'replaced'
              ? { note: 'replaced' }
              : {}),
        })),
    );
  };

  const doFromText = async () => {
    const r = await fromText({ name: queryName.trim(), text: queryText });
    if (r.data) setCreated([{ id: r.data.id, name: r.data.name }]);
    else setProblem(isApiError(r.error) ? r.error : { code: 'internal', message: errorMessage(r.error) });
  };

  const open = (id: string) => {
    onClose();
    navigate(`segments/${encodeURIComponent(id)}`);
  };

  const blocked = inspection !== null && (inspection.problems.length > 0 || (inspection.catalogMismatches.length > 0 && !allowMismatch));
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="import-segments-title">
      <DialogTitle id="import-segments-title">Import segments</DialogTitle>
      <DialogContent>
        {created ? (
          <Stack spacing={1} role="status" aria-label="Imported segments">
            <Typography>{created.length === 0 ? 'Nothing was imported (every segment was skipped).' : 'Imported as drafts:'}</Typography>
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {created.map((c) => (
                <li key={c.id}>
                  <Link component="button" onClick={() => open(c.id)}>
                    {c.name}
                  </Link>
                  {c.note && (
                    <Typography component="span" color="text.secondary">
                      {' '}
                      ({c.note})
                    </Typography>
                  )}
                </li>
              ))}
            </ul>
          </Stack>
        ) : (
          <>
            <Tabs value={tab} onChange={(_e, t: 'file' | 'text') => (setTab(t), setProblem(null))} sx={{ mb: 2 }}>
              <Tab value="file" label="Segment file" />
              <Tab value="text" label="Paste query text" />
            </Tabs>
            {tab === 'file' && (
              <Stack spacing={2}>
                <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                  {dialogs ? (
                    <Button variant="outlined" disabled={busy} onClick={() => void chooseNative()}>
                      Choose file…
                    </Button>
                  ) : (
                    <Button variant="outlined" component="label" disabled={busy}>
                      Choose file…
                      <input
                        hidden
                        type="file"
                        accept=".json,application/json"
                        aria-label="Segment file"
                        onChange={(e) => {
                          const f = e.target.files?.[0];
                          if (f) readFile(f);
                          e.target.value = '';
                        }}
                      />
                    </Button>
                  )}
                  <Typography color="text.secondary">{fileName ?? 'or drop a .segment.json anywhere on the window'}</Typography>
                </Stack>
                {inspection && (
                  <InspectionReview
                    inspection={inspection}
                    policy={policy}
                    onPolicy={setPolicy}
                    allowMismatch={allowMismatch}
                    onAllowMismatch={setAllowMismatch}
                  />
                )}
              </Stack>
            )}
            {tab === 'text' && (
              <Stack spacing={2}>
                <TextField
                  label="Name"
                  value={queryName}
                  onChange={(e) => setQueryName(e.target.value)}
                  slotProps={{ htmlInput: { maxLength: 200 } }}
                />
                <TextField
                  label="Segment query text"
                  multiline
                  minRows={6}
                  value={queryText}
                  onChange={(e) => setQueryText(e.target.value)}
                  slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
                />
              </Stack>
            )}
            {busy && <LinearProgress sx={{ mt: 2 }} />}
            {problem && (
              <Alert severity="error" role="alert" sx={{ mt: 2 }}>
                {problem.message}
                {problem.issues && problem.issues.length > 0 && <IssueList issues={problem.issues} label="Problems" />}
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {created ? 'Close' : 'Cancel'}
        </Button>
        {!created && tab === 'file' && (
          <Button variant="contained" disabled={busy || inspection === null || blocked} onClick={() => void doImport()}>
            {inspection && inspection.catalogMismatches.length > 0 ? 'Import anyway as drafts' : 'Import'}
          </Button>
        )}
        {!created && tab === 'text' && (
          <Button
            variant="contained"
            disabled={busy || queryName.trim() === '' || queryText.trim() === ''}
            onClick={() => void doFromText()}
          >
            Create draft
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
