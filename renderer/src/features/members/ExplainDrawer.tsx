/** "Why is this contact in?": the reference evaluator's trace, block by block and rule by rule. */
import Cancel from '@mui/icons-material/Cancel';
import CheckCircle from '@mui/icons-material/CheckCircle';
import HelpOutline from '@mui/icons-material/HelpOutline';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ContactRef } from '../../../../shared/api/contract/live';
import type { FieldType } from '../../../../shared/models/catalog';
import type { SegmentRecord } from '../../../../shared/models/segment';
import type { StoredValue } from '../../../../shared/segments/dataset';
import type { BlockTrace, ConditionTrace } from '../../../../shared/segments/evaluate';
import { operatorLabel } from '../../../../shared/segments/operators';
import { errorMessage } from '../../app/errors';
import { useHashRoute } from '../../app/useHashRoute';
import { SET_OPERATOR_LABELS } from '../builder/blockText';
import { formatValue } from '../contacts/format';
import { useBuilderCatalogQuery } from '../segmentRecord/recordApi';
import { formatDateTime } from '../segments/segmentLabels';
import { useExplainMemberQuery } from './membersApi';

function TruthIcon({ value }: { value: boolean | 'true' | 'false' | 'unknown' }) {
  if (value === true || value === 'true') return <CheckCircle color="success" fontSize="small" titleAccess="true" />;
  if (value === 'unknown') return <HelpOutline color="warning" fontSize="small" titleAccess="unknown (no data)" />;
  return <Cancel color="error" fontSize="small" titleAccess="false" />;
}

/** The trace's expected text (`eq ["Seattle"]`) as a reader would say it (`Seattle`). */
export function expectedText(operator: string, expected: string): string {
  const rest = expected.startsWith(`${operator} `) ? expected.slice(operator.length + 1) : expected;
  try {
    const parsed: unknown = JSON.parse(rest);
    if (Array.isArray(parsed)) return parsed.map(String).join(' or ');
    return String(parsed);
  } catch {
    return rest;
  }
}

/** A field's display label and type, and the zone its date-times are shown in (the segment's). */
interface FieldLabel {
  label: string;
  type: FieldType;
  timeZone: string;
}

/** The value a rule compared, as a reader says it (never a row id, epoch milliseconds or JSON). */
function hasText(actual: StoredValue, f: FieldLabel): string {
  if (actual === null) return 'no data';
  if (f.type === 'lookup') return 'a linked record';
  return formatValue(actual, f.type, { timeZone: f.timeZone }) || 'no data';
}

function ConditionLine({ t, depth, label }: { t: ConditionTrace; depth: number; label: (field: string) => FieldLabel }) {
  const pad = { pl: depth * 2 };
  if (t.kind === 'rule')
    return (
      <Stack direction="row" spacing={1} sx={{ ...pad, alignItems: 'center' }}>
        <TruthIcon value={t.result} />
        <Typography variant="body2">
          <b>{label(t.field).label}</b> {operatorLabel(t.operator, label(t.field).type)} {expectedText(t.operator, t.expected)}{' '}
          <Typography component="span" variant="body2" color="text.secondary">
            (has: {hasText(t.actual, label(t.field))})
          </Typography>
        </Typography>
      </Stack>
    );
  if (t.kind === 'group')
    return (
      <Box>
        <Stack direction="row" spacing={1} sx={{ ...pad, alignItems: 'center' }}>
          <TruthIcon value={t.result} />
          <Typography variant="body2" color="text.secondary">
            {t.not ? 'NOT ' : ''}
            {t.combinator === 'and' ? 'All of' : 'Any of'}
          </Typography>
        </Stack>
        {t.children.map((c) => (
          <ConditionLine key={c.id} t={c} depth={depth + 1} label={label} />
        ))}
      </Box>
    );
  return (
    <Stack direction="row" spacing={1} sx={{ ...pad, alignItems: 'center' }}>
      <TruthIcon value={t.result} />
      <Typography variant="body2">
        {t.not ? 'No' : 'A'} related {t.entity} matches ({t.related.filter((r) => r.matched).length} of {t.related.length} do)
      </Typography>
    </Stack>
  );
}

function BlockLine({ b, n, label }: { b: BlockTrace; n: number; label: (field: string) => FieldLabel }) {
  return (
    <Box sx={{ py: 1 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TruthIcon value={b.included} />
        <Typography variant="subtitle2">
          {n > 0 ? `${SET_OPERATOR_LABELS[b.combine].label} · ` : ''}Block {n + 1}:{' '}
          {b.kind === 'profile' ? 'profile' : b.kind === 'interaction' ? 'interactions' : 'segment'}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          → {b.memberAfter ? 'in' : 'out'} after this step
        </Typography>
      </Stack>
      <Box sx={{ pl: 3, pt: 0.5 }}>
        {b.kind === 'profile' && <ConditionLine t={b.root} depth={0} label={label} />}
        {b.kind === 'interaction' && (
          <Typography variant="body2">
            {b.count} matching interaction{b.count === 1 ? '' : 's'}
            {b.aggregate !== undefined && b.aggregate !== null ? `, aggregate ${b.aggregate}` : ''}
          </Typography>
        )}
        {b.kind === 'segment' && (
          <Typography variant="body2">
            {b.included ? 'Is a member of the referenced segment.' : 'Is not a member of the referenced segment.'}
          </Typography>
        )}
      </Box>
    </Box>
  );
}

export function ExplainDrawer({ segment, contact, onClose }: { segment: SegmentRecord; contact: ContactRef; onClose: () => void }) {
  const [, navigate] = useHashRoute();
  const { data, error, isLoading } = useExplainMemberQuery({ id: segment.id, contactKey: contact.key });
  const catalog = useBuilderCatalogQuery();
  const fields = catalog.data?.entities.find((e) => e.name === 'contact')?.fields ?? [];
  const label = (name: string) => {
    const f = fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return { label: f?.label ?? name, type: f?.type ?? ('text' as const), timeZone: segment.timeZone };
  };
  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      slotProps={{ paper: { sx: { width: 460, p: 2 }, role: 'dialog', 'aria-label': 'Why is this contact in?' } }}
    >
      <Typography variant="h6">Why is {contact.name ?? contact.key} in?</Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {contact.key} · {segment.name}
      </Typography>
      {isLoading && <Skeleton variant="rounded" height={200} />}
      {error && <Alert severity="error">{errorMessage(error)}</Alert>}
      {data && (
        <>
          <Alert severity={data.member ? 'success' : 'warning'} sx={{ my: 1 }}>
            {data.staticMember !== undefined
              ? data.staticMember
                ? 'Picked by hand: this contact is on the static list.'
                : 'Not on the static list.'
              : data.member
                ? 'The contact matches the definition.'
                : 'The contact does not match the definition now.'}
            {data.member !== data.storedMember && ' The stored membership differs: it will follow at the next evaluation.'}
          </Alert>
          <Typography variant="caption" color="text.secondary">
            Checked as of {formatDateTime(data.evaluatedAt)}
          </Typography>
          <Divider sx={{ my: 1 }} />
          {data.blocks.map((b, i) => (
            <BlockLine key={b.id} b={b} n={i} label={label} />
          ))}
        </>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 'auto', pt: 2 }}>
        <Button onClick={() => navigate(`contacts/${contact.rid}`)}>Open contact</Button>
        <Box sx={{ flexGrow: 1 }} />
        <Button variant="contained" onClick={onClose}>
          Close
        </Button>
      </Stack>
    </Drawer>
  );
}
