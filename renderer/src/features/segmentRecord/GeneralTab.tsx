/** General tab (spec F2): name, type (fixed), status reason, description, owner, time zone, members. */
import Autocomplete from '@mui/material/Autocomplete';
import Grid from '@mui/material/Grid';
import TextField from '@mui/material/TextField';
import { useMemo } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { formatCount, formatDateTime, nameProblem, SEGMENT_NAME_MAX, STATUS_LABELS, TYPE_LABELS } from '../segments/segmentLabels';
import { NaturalViewPanel } from '../builder/NaturalViewPanel';
import { isEditable } from './commandRules';
import { useBuilderCatalogQuery } from './recordApi';
import type { RecordDraft } from './recordDraft';

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const list = all.includes('UTC') ? [...all] : ['UTC', ...all];
  return list.includes(current) ? list : [current, ...list];
}

export function GeneralTab({
  record,
  draft,
  onChange,
  nameError,
  segmentName = (id) => id,
}: {
  record: SegmentRecord;
  draft: RecordDraft;
  onChange: (patch: Partial<RecordDraft>) => void;
  nameError: string | null;
  /** Names of referenced segments, for the natural view. */
  segmentName?: (id: string) => string;
}) {
  const catalog = useBuilderCatalogQuery();
  const editable = isEditable(record.status);
  const zones = useMemo(() => timeZones(draft.timeZone), [draft.timeZone]);
  const lockedWhy = record.status === 'live' ? 'Read-only while the segment is live. Stop it to make changes.' : undefined;
  // Said while typing, before Save: a name over the limit is refused, never cut.
  const tooLong = draft.name.trim().length > SEGMENT_NAME_MAX ? nameProblem(draft.name) : null;
  return (
    <Grid container spacing={2} sx={{ maxWidth: 900 }}>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextField
          fullWidth
          required
          label="Name"
          value={draft.name}
          disabled={!editable}
          error={(nameError ?? tooLong) !== null}
          helperText={nameError ?? tooLong ?? (editable ? undefined : lockedWhy)}
          onChange={(e) => onChange({ name: e.target.value })}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 3 }}>
        <TextField
          fullWidth
          label="Segment type"
          value={TYPE_LABELS[record.type].label}
          disabled
          helperText="Fixed when the segment was created."
        />
      </Grid>
      <Grid size={{ xs: 12, md: 3 }}>
        <TextField
          fullWidth
          label="Status reason"
          value={STATUS_LABELS[record.status].label + (record.needsAttention ? ' (needs attention)' : '')}
          disabled
        />
      </Grid>
      <Grid size={12}>
        <TextField
          fullWidth
          multiline
          minRows={2}
          label="Description"
          value={draft.description}
          disabled={!editable}
          onChange={(e) => onChange({ description: e.target.value })}
        />
      </Grid>
      {catalog.data && (
        <Grid size={12}>
          <NaturalViewPanel definition={draft.definition} catalog={catalog.data} timeZone={draft.timeZone} segmentName={segmentName} />
        </Grid>
      )}
      <Grid size={{ xs: 12, md: 6 }}>
        <TextField fullWidth label="Owner" value={draft.owner} disabled={!editable} onChange={(e) => onChange({ owner: e.target.value })} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Autocomplete
          options={zones}
          value={draft.timeZone}
          disableClearable
          disabled={!editable}
          onChange={(_e, v) => onChange({ timeZone: v })}
          renderInput={(params) => (
            <TextField {...params} label="Time zone" helperText="Relative dates (in the last N days…) are counted in this time zone." />
          )}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextField
          fullWidth
          label="Members"
          value={record.memberCount === null ? 'Not evaluated yet (go live to count)' : formatCount(record.memberCount)}
          disabled
        />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextField fullWidth label="Created on" value={formatDateTime(record.createdAt)} disabled />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextField
          fullWidth
          label="Last evaluated"
          value={record.lastEvaluatedAt ? formatDateTime(record.lastEvaluatedAt) : 'Never'}
          disabled
        />
      </Grid>
    </Grid>
  );
}
