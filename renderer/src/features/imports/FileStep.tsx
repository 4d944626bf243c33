/**
 * Step 1: pick a CSV. In the browser: a file input or drag-and-drop, uploaded to the web host for a
 * path. In Electron: the file's path (the app has no native open dialog bridge yet).
 */
import UploadFile from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';

export interface FileStepProps {
  /** Called with the path the backend reads and the file's display name. */
  onPicked: (path: string, name: string) => Promise<void>;
  /** Uploads a browser file; resolves its path on the host. */
  upload: (file: File) => Promise<string>;
  browser: boolean;
}

export function FileStep({ onPicked, upload, browser }: FileStepProps) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [typed, setTyped] = useState('');

  const take = async (file: File | undefined) => {
    if (!file) return;
    if (!/\.(csv|txt)$/i.test(file.name)) {
      setProblem(`“${file.name}” is not a CSV file. Pick a .csv file exported from your CRM.`);
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

  if (!browser)
    return (
      <Stack spacing={2} sx={{ maxWidth: 640 }}>
        <TextField label="CSV file path" value={typed} onChange={(e) => setTyped(e.target.value)} helperText="The full path of the CSV file on this computer." />
        <Button variant="contained" disabled={!typed.trim() || busy} onClick={() => void onPicked(typed.trim(), typed.trim().replace(/^.*[\\/]/, '')).catch((e: unknown) => setProblem(String(e)))}>
          Preview
        </Button>
        {problem && <Alert severity="error">{problem}</Alert>}
      </Stack>
    );

  return (
    <Stack spacing={2}>
      <Box
        role="button"
        tabIndex={0}
        aria-label="Drop a CSV file here or choose one"
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
        <Typography variant="h6">Drop a CSV file here</Typography>
        <Typography color="text.secondary">or click to choose one: contacts, accounts or interactions exported from your CRM.</Typography>
        <input ref={input} type="file" accept=".csv,text/csv" hidden aria-label="CSV file" onChange={(e) => void take(e.target.files?.[0])} />
      </Box>
      {busy && <LinearProgress aria-label="Uploading" />}
      {problem && <Alert severity="error">{problem}</Alert>}
    </Stack>
  );
}
