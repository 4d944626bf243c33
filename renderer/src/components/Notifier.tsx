import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useAppDispatch, useAppSelector } from '../app/hooks';
import { dismissNotice } from '../app/uiSlice';

/** Shows the first queued notice (backend errors, confirmations) in a snackbar. */
export function Notifier() {
  const notice = useAppSelector((s) => s.ui.notices[0]);
  const dispatch = useAppDispatch();
  if (!notice) return null;
  const close = () => dispatch(dismissNotice(notice.id));
  return (
    <Snackbar
      key={notice.id}
      open
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      autoHideDuration={notice.severity === 'error' ? null : 4000}
      onClose={(_e, reason) => reason !== 'clickaway' && close()}
    >
      <Alert severity={notice.severity} variant="filled" onClose={close} sx={{ minWidth: 320 }}>
        {notice.message}
      </Alert>
    </Snackbar>
  );
}
