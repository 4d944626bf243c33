/**
 * Step 1: pick a CSV (any delimiter and encoding: detected in the preview) or an Excel workbook. In the browser: a file input or drag-and-drop (here, or anywhere on the window:
 * `droppedFile`), uploaded to the web host for a path. In Electron: the native open dialog.
 */
import UploadFile from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { baseName, type PlatformDialogs } from '../../platform/dialogs';

export interface FileStepProps {
  /** Called with the path the backend reads and the file's display name. */
  onPicked: (path: string, name: string) => Promise<void>;
  /** Uploads a browser file; resolves its path on the host. */
  upload: (file: File) => Promise<string>;
  /** Native dialogs (Electron); undefined in the browser preview. */
  dialogs?: PlatformDialogs | undefined;
  /** A CSV dropped onto the window (browser preview): taken at once. */
  droppedFile?: File | null | undefined;
  /** A CSV the desktop app was handed (dropped on the window, opened from the OS): its path, readable by the API. */
  droppedPath?: string | null | undefined;
  /** Called when `droppedFile` or `droppedPath` has been taken. */
  onDroppedTaken?: (() => void) | undefined;
}

export const CSV_OPEN_FILTERS = [
  { name: 'CSV, text and Excel files', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
  { name: 'All files', extensions: ['*'] },
];

export function FileStep({ onPicked, upload, dialogs, droppedFile = null, droppedPath = null, onDroppedTaken }: FileStepProps) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState((droppedFile !== null && !dialogs) || droppedPath !== null);
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const take = async (file: File | undefined | null) => {
    if (!file) return;
    if (!/\.(csv|txt|tsv|xlsx)$/i.test(file.name)) {
      setProblem(`“${file.name}” is not a CSV or Excel file. Pick a .csv, .txt or .xlsx file exported from your CRM or Excel.`);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await onPicked(await upload(file), file.name);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  // A dropped CSV (the App shell passes only .csv names, and never in the desktop app, which reads only
  // files picked in its dialog) is uploaded at once; `busy` starts true for it.
  const tookDrop = useRef<File | null>(null);
  const takeDropped = useEffectEvent((file: File) => {
    // Once per file, also when a development double-run repeats the effect.
    if (tookDrop.current === file) return;
    tookDrop.current = file;
    onDroppedTaken?.();
    void upload(file)
      .then((path) => onPicked(path, file.name))
      .catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  });
  useEffect(() => {
    if (droppedFile && !dialogs) takeDropped(droppedFile);
  }, [droppedFile, dialogs]);

  // A path the desktop app was handed is previewed at once, as if picked in the dialog; `busy` starts true.
  const tookPath = useRef<string | null>(null);
  const takeDroppedPath = useEffectEvent((path: string) => {
    if (tookPath.current === path) return;
    tookPath.current = path;
    onDroppedTaken?.();
    void onPicked(path, baseName(path))
      .catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  });
  useEffect(() => {
    if (droppedPath) takeDroppedPath(droppedPath);
  }, [droppedPath]);

  const choose = async () => {
    if (!dialogs) return input.current?.click();
    setProblem(null);
    setBusy(true);
    try {
      const [path] = await dialogs.open({ title: 'Choose a CSV file to import', filters: CSV_OPEN_FILTERS });
      if (path !== undefined) await onPicked(path, baseName(path));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (dialogs)
    return (
      <Stack spacing={2}>
        <Box sx={{ border: 2, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 2, p: 5, textAlign: 'center' }}>
          <UploadFile color="primary" sx={{ fontSize: 48 }} />
          <Typography variant="h6">Choose a CSV or Excel file</Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            Contacts, accounts or interactions exported from your CRM or saved by Excel (.csv, .txt, .xlsx).
          </Typography>
          <Button variant="contained" disabled={busy} onClick={() => void choose()}>
            Choose CSV file…
          </Button>
        </Box>
        {busy && <LinearProgress aria-label="Reading the file" />}
        {problem && <Alert severity="error">{problem}</Alert>}
      </Stack>
    );

  return (
    <Stack spacing={2}>
      {/* Named by its own text (heading and hint), so what is read is what is shown (WCAG 2.5.3). */}
      <Box
        role="button"
        tabIndex={0}
        onClick={() => input.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take(e.dataTransfer.files[0]);
        }}
        sx={{
          border: 2,
          borderStyle: 'dashed',
          borderColor: over ? 'primary.main' : 'divider',
          bgcolor: over ? 'action.hover' : 'transparent',
          borderRadius: 2,
          p: 5,
          textAlign: 'center',
          cursor: 'pointer',
        }}
      >
        <UploadFile color="primary" sx={{ fontSize: 48 }} />
        <Typography variant="h6">Drop a CSV or Excel file here</Typography>
        <Typography color="text.secondary">
          or click to choose one: contacts, accounts or interactions exported from your CRM or saved by Excel (.csv, .txt, .xlsx).
        </Typography>
        <input
          ref={input}
          type="file"
          accept=".csv,.txt,.tsv,.xlsx,text/csv"
          hidden
          aria-label="CSV file"
          onChange={(e) => void take(e.target.files?.[0])}
        />
      </Box>
      {busy && <LinearProgress aria-label="Uploading" />}
      {problem && <Alert severity="error">{problem}</Alert>}
    </Stack>
  );
}
