/**
 * One contact: its fields (editable; live segments follow the change), its account, the segments it
 * belongs to with join dates (static ones can be left or joined here), and its interaction timeline.
 */
import ArrowBack from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ContactDetail, RecordField } from '../../../../shared/models/contact';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { useGetContactQuery, useUpdateContactMutation } from './contactsApi';
import { ContactMemberships } from './ContactMemberships';
import { ContactTimeline } from './ContactTimeline';
import { DeleteRecordsDialog } from './DeleteRecordsDialog';
import { changedValues, toInputText } from './fieldDraft';
import { FieldValueView } from './FieldValueView';

export function ContactPage({ rid }: { rid: number }) {
  const [, navigate] = useHashRoute();
  const { data, error, isLoading } = useGetContactQuery(rid);
  const [deleting, setDeleting] = useState(false);
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <IconButton aria-label="Back to contacts" onClick={() => navigate('contacts')}>
          <ArrowBack />
        </IconButton>
        <Box>
          <Typography variant="h5" component="h1">
            {data?.displayName ?? (isLoading ? <Skeleton width={220} /> : 'Contact')}
          </Typography>
          {data && <Typography color="text.secondary">{data.key}</Typography>}
        </Box>
        <Box sx={{ flexGrow: 1 }} />
        {data && (
          <Button color="error" onClick={() => setDeleting(true)}>
            Delete contact
          </Button>
        )}
      </Stack>
      {deleting && (
        <DeleteRecordsDialog
          entity="contact"
          noun="contact"
          rids={[rid]}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate('contacts')}
        />
      )}
      {error && <Alert severity="error">The contact could not be opened: {errorMessage(error)}</Alert>}
      {isLoading && <Skeleton variant="rounded" height={320} />}
      {data && (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' },
            gap: 2,
            alignItems: 'start',
          }}
        >
          <FieldsCard key={JSON.stringify(data.fields)} contact={data} />
          <Stack spacing={2}>
            <ContactMemberships contact={data} />
            {data.linked.map((l) => (
              <Paper key={l.viaField} variant="outlined" sx={{ p: 2 }}>
                <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
                  {l.entity === 'account' ? 'Account' : l.entity}: {l.displayName}
                </Typography>
                <FieldList fields={l.fields.filter((f) => f.value !== null)} />
              </Paper>
            ))}
          </Stack>
          <Box sx={{ gridColumn: '1 / -1' }}>
            <ContactTimeline contact={data} />
          </Box>
        </Box>
      )}
    </Stack>
  );
}

function FieldList({ fields }: { fields: RecordField[] }) {
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0, mt: 1 }}>
      {fields.map((f) => (
        <Box key={f.name} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {f.label}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }}>
            <FieldValueView value={f.value} type={f.type} lookup={f.lookup} />
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function FieldsCard({ contact }: { contact: ContactDetail }) {
  const dispatch = useAppDispatch();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [update, state] = useUpdateContactMutation();
  const catalog = useBuilderCatalogQuery();
  const keyField = catalog.data?.entities.find((e) => e.name === 'contact')?.keyField.toLowerCase() ?? '';
  const { values } = changedValues(contact.fields, draft);
  const dirty = Object.keys(draft).some((k) => draft[k] !== toInputText(contact.fields.find((f) => f.name === k)?.value ?? null));

  const save = async () => {
    const r = changedValues(contact.fields, draft);
    setErrors(r.errors);
    if (Object.keys(r.errors).length > 0) return;
    const res = await update({ rid: contact.rid, values: r.values });
    if (res.data) {
      setDraft({});
      dispatch(notify({ message: 'Saved. Live segments re-check this contact now.', severity: 'success' }));
    } else dispatch(notify({ message: `Not saved: ${errorMessage(res.error)}`, severity: 'error' }));
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 0.5, mb: 1 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
          Fields
        </Typography>
        <Button disabled={!dirty || state.isLoading} onClick={() => (setDraft({}), setErrors({}))}>
          Discard
        </Button>
        <Button variant="contained" disabled={!dirty || state.isLoading} onClick={() => void save()}>
          Save changes{dirty && Object.keys(values).length > 0 ? ` (${Object.keys(values).length})` : ''}
        </Button>
      </Stack>
      {/* minmax(0, …): a field may shrink below its natural width, so 320 px windows do not scroll sideways. */}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(2, minmax(0, 1fr))' }, gap: 1.5 }}>
        {contact.fields.map((f) => {
          const text = draft[f.name] ?? toInputText(f.value);
          const isKey = f.name.toLowerCase() === keyField;
          const common = {
            size: 'small' as const,
            label: f.label,
            value: text,
            disabled: isKey || state.isLoading,
            error: errors[f.name] !== undefined,
            helperText: errors[f.name] ?? (isKey ? 'The key cannot be changed.' : undefined),
            onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [f.name]: e.target.value })),
          };
          if (f.type === 'boolean')
            return (
              <TextField key={f.name} select {...common}>
                <MenuItem value="">(no data)</MenuItem>
                <MenuItem value="true">Yes</MenuItem>
                <MenuItem value="false">No</MenuItem>
              </TextField>
            );
          return (
            <TextField
              key={f.name}
              {...common}
              placeholder={f.type === 'date' ? 'YYYY-MM-DD' : f.type === 'multichoice' ? 'Value, value' : undefined}
            />
          );
        })}
      </Box>
    </Paper>
  );
}
