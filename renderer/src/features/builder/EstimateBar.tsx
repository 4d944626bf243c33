/** The live size of the definition being edited, labelled "estimated" for drafts (spec F13). */
import Groups from '@mui/icons-material/Groups';
import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { usePacedAnnouncement } from '../../components/Announcer';

const fmt = new Intl.NumberFormat();

export function EstimateBar(props: {
  total: number | undefined;
  pending: boolean;
  error: string | null;
  issueCount: number;
  estimated: boolean;
  /**
   * Why the number would not describe what is on screen (the query text has an error): the bar then
   * shows no current number, only the last one, marked as such.
   */
  stale?: string | null;
  /** Where it was counted: the bar says "counted on the warehouse" for a warehouse segment. */
  source?: 'computer' | 'warehouse' | undefined;
}) {
  const stale = props.stale ?? null;
  // Said once per settled value through the app's live region (not a live region here, which read the spinner
  // and every intermediate count while the user typed).
  const settled =
    stale || props.pending || props.total === undefined
      ? null
      : `${fmt.format(props.total)} ${props.estimated ? 'contacts (estimated)' : 'contacts'}`;
  usePacedAnnouncement(settled, 0);
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="estimate">
      <Stack direction="row" spacing={1.5} alignItems="center">
        <Groups color="primary" />
        <Typography variant="h6" component="div" data-testid="estimate-total">
          {props.total === undefined || stale ? '—' : fmt.format(props.total)}
        </Typography>
        <Typography color="text.secondary">{props.estimated ? 'contacts (estimated)' : 'contacts'}</Typography>
        {props.source === 'warehouse' && (
          <Typography color="text.secondary" variant="body2" data-testid="estimate-source">
            · counted on the warehouse
          </Typography>
        )}
        {stale && (
          <Typography color="text.secondary" variant="body2" data-testid="estimate-stale">
            {stale}
            {props.total === undefined ? '' : ` (last valid query: ${fmt.format(props.total)})`}
          </Typography>
        )}
        {props.pending && !stale && <CircularProgress size={18} aria-label="Updating the estimate" />}
        {props.issueCount > 0 && (
          <Typography color="error" variant="body2">
            {props.issueCount === 1 ? '1 problem to fix' : `${props.issueCount} problems to fix`}
          </Typography>
        )}
      </Stack>
      {props.error && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          The estimate could not be computed: {props.error}
        </Alert>
      )}
    </Paper>
  );
}
