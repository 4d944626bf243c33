/**
 * Recent imports on the Data page, each with "Undo this import": a confirm dialog says what the undo
 * does, then the backend takes the import back in one transaction (or says why not, e.g. which later
 * import touched the same records).
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ImportSummary, ImportUndoResult } from '../../../../shared/models/import';
import { errorMessage } from '../../app/errors';
import { useCatalogLabels } from '../catalog/catalogLabels';
import { pickedName } from '../../../../shared/models/fileNames';
import { importTarget } from './importTarget';
import { useRecentImportsQuery, useUndoImportMutation } from './importsApi';

const fileName = pickedName;
const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`;

function outcome(r: ImportUndoResult): string {
  const parts = [`${plural(r.removed, 'record')} it created removed`, `${plural(r.restored, 'record')} restored to their earlier values`];
  if (r.droppedFields.length > 0) parts.push(`removed from the catalog: ${r.droppedFields.join(', ')}`);
  if (r.keptFields.length > 0) parts.push(`kept: ${r.keptFields.join(', ')}`);
  return `Import undone: ${parts.join('; ')}.`;
}

export function ImportHistory() {
  const list = useRecentImportsQuery();
  const labels = useCatalogLabels();
  const [undo, undoState] = useUndoImportMutation();
  const [asking, setAsking] = useState<ImportSummary | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const imports = list.data ?? [];

  const confirm = async () => {
    if (!asking) return;
    const r = await undo({ id: asking.id });
    setAsking(null);
    setResult(r.data ? { ok: true, text: outcome(r.data) } : { ok: false, text: `The import was not undone: ${errorMessage(r.error)}` });
  };

  return (
    <Stack spacing={1} component="section" aria-label="Recent imports">
      <Typography variant="h6" component="h2">
        Recent imports
      </Typography>
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'} onClose={() => setResult(null)}>
          {result.text}
        </Alert>
      )}
      {imports.length === 0 ? (
        <Typography color="text.secondary">No imports yet.</Typography>
      ) : (
        <Table size="small" aria-label="Recent imports">
          <TableHead>
            <TableRow>
              <TableCell>File</TableCell>
              <TableCell>When</TableCell>
              <TableCell>Into</TableCell>
              <TableCell align="right">New</TableCell>
              <TableCell align="right">Updated</TableCell>
              <TableCell align="right">Skipped</TableCell>
              <TableCell>Status</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {imports.map((i) => (
              <TableRow key={i.id}>
                <TableCell>{fileName(i.file)}</TableCell>
                <TableCell>{new Date(i.startedAt).toLocaleString()}</TableCell>
                <TableCell>{importTarget(i, labels)}</TableCell>
                <TableCell align="right">{i.imported.toLocaleString()}</TableCell>
                <TableCell align="right">{i.updated.toLocaleString()}</TableCell>
                <TableCell align="right">{i.skipped.toLocaleString()}</TableCell>
                <TableCell>{i.undoneAt ? `undone ${new Date(i.undoneAt).toLocaleString()}` : i.status}</TableCell>
                <TableCell>
                  {!i.undoneAt && i.status !== 'running' && i.status !== 'refused' && (
                    <Button size="small" onClick={() => setAsking(i)} aria-label={`Undo this import: ${fileName(i.file)}`}>
                      Undo this import
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Dialog open={asking !== null} onClose={() => setAsking(null)} aria-labelledby="undo-import-title">
        <DialogTitle id="undo-import-title">Undo the import of {asking ? fileName(asking.file) : ''}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {asking && asking.kind === 'entity'
              ? `The ${plural(asking.imported, 'record')} it created will be deleted and the ${plural(asking.updated, 'record')} it updated get their earlier values back. Fields it added are removed when no segment uses them. Live segments follow.`
              : asking
                ? `The ${plural(asking.imported, 'interaction')} it added will be deleted. Live segments follow.`
                : ''}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(null)}>Cancel</Button>
          <Button color="error" variant="contained" disabled={undoState.isLoading} onClick={() => void confirm()}>
            Undo import
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
