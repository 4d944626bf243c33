/** The segments a contact belongs to, with join dates; static segments can be joined or left here. */
import Add from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ContactDetail, ContactMembership } from '../../../../shared/models/contact';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { formatDateTime, STATUS_LABELS, TYPE_LABELS } from '../segments/segmentLabels';
import { useListSegmentsQuery } from '../segments/segmentsApi';
import { useAddStaticContactMutation, useContactHistoryQuery, useRemoveStaticContactMutation } from './contactsApi';

export function ContactMemberships({ contact }: { contact: ContactDetail }) {
  const dispatch = useAppDispatch();
  const statics = useListSegmentsQuery({ type: 'static' });
  const [add, addState] = useAddStaticContactMutation();
  const [pick, setPick] = useState('');
  const joinable = (statics.data ?? []).filter(
    (s) => !contact.memberships.some((m) => m.segmentId === s.id) && (s.status === 'draft' || s.status === 'live'),
  );

  const join = async () => {
    const r = await add({ rid: contact.rid, contactKey: contact.key, segmentId: pick });
    if (r.data) {
      dispatch(notify({ message: `Added to “${joinable.find((s) => s.id === pick)?.name ?? 'the segment'}”.`, severity: 'success' }));
      setPick('');
    } else dispatch(notify({ message: `Not added: ${errorMessage(r.error)}`, severity: 'error' }));
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }} aria-label="Segments of this contact" component="section">
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        Segments
      </Typography>
      {contact.memberships.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ my: 1 }}>
          Not a member of any segment.
        </Typography>
      ) : (
        <List dense disablePadding>
          {contact.memberships.map((m) => (
            <MembershipRow key={m.segmentId} m={m} contact={contact} />
          ))}
        </List>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Add to static segment"
          value={pick}
          onChange={(e) => setPick(e.target.value)}
          sx={{ flexGrow: 1 }}
          disabled={joinable.length === 0}
        >
          {joinable.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
        <Button startIcon={<Add />} variant="outlined" disabled={!pick || addState.isLoading} onClick={() => void join()}>
          Add
        </Button>
      </Stack>
    </Paper>
  );
}

function MembershipRow({ m, contact }: { m: ContactMembership; contact: ContactDetail }) {
  const [, navigate] = useHashRoute();
  const dispatch = useAppDispatch();
  const history = useContactHistoryQuery({ id: m.segmentId, contactKey: contact.key });
  const [remove, state] = useRemoveStaticContactMutation();
  const current = history.data?.find((s) => s.leftAt === null);
  const status = STATUS_LABELS[m.status as keyof typeof STATUS_LABELS];
  const leave = async () => {
    const r = await remove({ rid: contact.rid, contactKey: contact.key, segmentId: m.segmentId });
    if (r.data) dispatch(notify({ message: `Removed from “${m.name}”.`, severity: 'success' }));
    else dispatch(notify({ message: `Not removed: ${errorMessage(r.error)}`, severity: 'error' }));
  };
  return (
    <ListItem
      disableGutters
      secondaryAction={
        m.type === 'static' ? (
          <Button size="small" color="error" disabled={state.isLoading} onClick={() => void leave()} aria-label={`Remove from ${m.name}`}>
            Remove
          </Button>
        ) : undefined
      }
    >
      <ListItemText
        primary={
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Link component="button" variant="body2" onClick={() => navigate(`segments/${m.segmentId}`)}>
              {m.name}
            </Link>
            <Chip size="small" variant="outlined" label={TYPE_LABELS[m.type as keyof typeof TYPE_LABELS]?.label ?? m.type} />
            {status && <Chip size="small" color={status.color} label={status.label} />}
          </Stack>
        }
        secondary={
          current ? `Member since ${formatDateTime(current.joinedAt)}` : m.status === 'live' ? ' ' : 'Picked by hand (not live yet)'
        }
      />
    </ListItem>
  );
}
