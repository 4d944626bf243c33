/**
 * Deletes an unused field of an entity from the Catalog view, after a dialog that says what goes (the
 * field and its values in every record). The backend refuses while a segment uses the field, naming the
 * segments; the refusal is shown in the dialog and nothing changes.
 */
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useId, useState } from 'react';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { formatCount } from '../segments/segmentLabels';
import { useDropFieldMutation } from './catalogApi';

export function DeleteFieldButton(props: { entity: string; entityLabel: string; field: string; fieldLabel: string; records: number }) {
  const [open, setOpen] = useState(false);
  const [drop, state] = useDropFieldMutation();
  const dispatch = useAppDispatch();
  const titleId = useId();
  const what = `field ${props.fieldLabel} of ${props.entityLabel}`;
  const close = () => {
    setOpen(false);
    state.reset();
  };
  const confirm = async () => {
    const r = await drop({ entity: props.entity, field: props.field });
    if ('data' in r) {
      setOpen(false);
      dispatch(notify({ message: `Deleted the ${what}.`, severity: 'success' }));
    }
  };
  return (
    <>
      <Tooltip title={`Delete ${what}`}>
        <IconButton size="small" aria-label={`Delete ${what}`} onClick={() => setOpen(true)}>
          <DeleteOutline fontSize="small" />
        </IconButton>
      </Tooltip>
      <Dialog open={open} onClose={close} aria-labelledby={titleId}>
        <DialogTitle id={titleId}>Delete the {what}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The field and its values in {formatCount(props.records)} {props.records === 1 ? 'record' : 'records'} are removed. A field that
            a segment uses cannot be deleted: the segments are named and nothing changes.
          </DialogContentText>
          {state.error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              Not deleted: {errorMessage(state.error)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button color="error" variant="contained" disabled={state.isLoading} onClick={() => void confirm()}>
            Delete field
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
