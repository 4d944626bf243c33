/**
 * Confirms deleting records (contacts from their grid or page): says how many and which segments they
 * leave, or why the deletion is refused (another record links to one), before anything is deleted.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Skeleton from '@mui/material/Skeleton';
import { useState } from 'react';
import { errorMessage } from '../../app/errors';
import { useDeleteImpactQuery, useDeleteRecordsMutation } from './contactsApi';

export interface DeleteRecordsDialogProps {
  /** Entity of the records (e.g. `contact`) and its display label in the plural-able form (`contact`). */
  entity: string;
  noun: string;
  rids: number[];
  onClose: () => void;
  onDeleted: (count: number) => void;
}

export function DeleteRecordsDialog({ entity, noun, rids, onClose, onDeleted }: DeleteRecordsDialogProps) {
  const impact = useDeleteImpactQuery({ entity, rids }, { refetchOnMountOrArgChange: true });
  const [remove, removeState] = useDeleteRecordsMutation();
  const [failed, setFailed] = useState<string | null>(null);
  const n = rids.length;
  const what = `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
  const segments = impact.data?.segments ?? [];
  const confirm = async () => {
    const r = await remove({ entity, rids });
    if (r.data) onDeleted(r.data.count);
    else setFailed(errorMessage(r.error));
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="delete-records-title">
      <DialogTitle id="delete-records-title">Delete {what}?</DialogTitle>
      <DialogContent>
        {impact.isLoading && <Skeleton width={320} />}
        {impact.error && <Alert severity="error">{errorMessage(impact.error)}</Alert>}
        {impact.data?.problem && (
          <Alert severity="warning" role="alert">
            {impact.data.problem}
          </Alert>
        )}
        {impact.data && !impact.data.problem && (
          <DialogContentText>
            {segments.length === 0
              ? `${n === 1 ? 'It is' : 'They are'} in no segment.`
              : `${n === 1 ? 'It leaves' : 'They leave'} ${segments.length} segment${segments.length === 1 ? '' : 's'}: ${segments.join(', ')}.`}{' '}
            {entity === 'contact' ? 'Their interactions are deleted too. ' : ''}This cannot be undone.
          </DialogContentText>
        )}
        {failed && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            Nothing was deleted: {failed}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          disabled={!impact.data || impact.data.problem !== null || removeState.isLoading}
          onClick={() => void confirm()}
        >
          Delete {what}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
