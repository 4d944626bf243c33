/**
 * "Export SQL" on the Definition tab: the saved segment as one SELECT of its members' contact keys for
 * PostgreSQL, DuckDB (the warehouse schema, docs/warehouse.md) or SQLite, to copy or save. The same
 * API method as `segment-studio sql`.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../../shared/api/contract';
import type { SqlDialectName } from '../../../../shared/api/contract/warehouse';
import { api, apiQueryFn } from '../../app/api';
import { errorMessage, isApiError } from '../../app/errors';
import { usePlatform } from '../../platform/PlatformContext';
import { downloadText } from '../../platform/files';

const exportSqlApi = api.injectEndpoints({
  endpoints: (build) => ({
    exportSql: build.mutation<MethodOutput<'segments.exportSql'>, MethodInput<'segments.exportSql'>>({
      queryFn: apiQueryFn('segments.exportSql'),
    }),
  }),
});
const { useExportSqlMutation } = exportSqlApi;

const messageOf = (e: unknown): string => (isApiError(e) ? errorMessage(e) : e instanceof Error ? e.message : String(e));

const DIALECTS: { value: SqlDialectName; label: string }[] = [
  { value: 'postgres', label: 'PostgreSQL (warehouse schema)' },
  { value: 'duckdb', label: 'DuckDB (warehouse schema)' },
  { value: 'sqlite', label: 'SQLite (this database file)' },
];

export interface ExportSqlDialogProps {
  segmentId: string;
  segmentName: string;
  /** The definition on screen differs from the saved one (the export uses the saved one). */
  unsaved: boolean;
  onClose: () => void;
}

export function ExportSqlDialog({ segmentId, segmentName, unsaved, onClose }: ExportSqlDialogProps) {
  const [dialect, setDialect] = useState<SqlDialectName>('postgres');
  const [run, result] = useExportSqlMutation();
  const [note, setNote] = useState<string | null>(null);
  const { dialogs } = usePlatform();
  useEffect(() => {
    void run({ segmentId, dialect });
  }, [run, segmentId, dialect]);
  const sql = result.data?.sql ?? '';
  const fileName = `${segmentName.replace(/[^\p{L}\p{N}_-]+/gu, '_') || 'segment'}.${dialect}.sql`;

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(sql);
      setNote('Copied to the clipboard.');
    } catch (e) {
      setNote(`Could not copy: ${messageOf(e)}`);
    }
  };
  const save = async (): Promise<void> => {
    if (!dialogs) return downloadText(fileName, `${sql}\n`, 'application/sql');
    try {
      const filters = [{ name: 'SQL', extensions: ['sql'] }];
      const path = await dialogs.save({ title: 'Save the segment as SQL', defaultPath: fileName, filters });
      if (path === null) return;
      await run({ segmentId, dialect, path }).unwrap();
      setNote(`Saved to ${path}.`);
    } catch (e) {
      setNote(`Could not save: ${messageOf(e)}`);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="export-sql-title">
      <DialogTitle id="export-sql-title">Export SQL</DialogTitle>
      <DialogContent>
        <TextField
          select
          label="Dialect"
          value={dialect}
          onChange={(e) => {
            setNote(null);
            setDialect(e.target.value as SqlDialectName);
          }}
          size="small"
          sx={{ mt: 1, mb: 2, minWidth: 280 }}
        >
          {DIALECTS.map((d) => (
            <MenuItem key={d.value} value={d.value}>
              {d.label}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          One SELECT returning the members&apos; contact keys. PostgreSQL and DuckDB read the tables{' '}
          <code>segment-studio warehouse push</code> writes and use the warehouse&apos;s clock for &quot;now&quot;.
        </Typography>
        {unsaved && (
          <Alert severity="info" sx={{ mb: 1 }}>
            This exports the saved definition; save your changes first to include them.
          </Alert>
        )}
        {result.error ? (
          <Alert severity="error">{errorMessage(result.error)}</Alert>
        ) : (
          <TextField
            label="SQL"
            value={result.isLoading ? 'Compiling…' : sql}
            multiline
            minRows={8}
            maxRows={20}
            fullWidth
            slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace', fontSize: 12 } } }}
          />
        )}
        {note && (
          <Typography role="status" variant="body2" sx={{ mt: 1 }}>
            {note}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void copy()} disabled={!sql}>
          Copy
        </Button>
        <Button onClick={() => void save()} disabled={!sql}>
          Save…
        </Button>
        <Button onClick={onClose} variant="contained">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
