/**
 * Above the compound editor: which segments cannot be picked and why (only live segments have
 * members to combine), and what needs attention (a referenced segment stopped or deleted).
 */
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Stack from '@mui/material/Stack';
import type { SegmentRecord, SegmentSummary } from '../../../../shared/models/segment';
import type { CompoundDefinition } from '../../../../shared/segments/ast';
import { useSegmentLiveStatusQuery } from '../members/membersApi';
import { STATUS_LABELS } from '../segments/segmentLabels';
import { useListSegmentsQuery } from '../segments/segmentsApi';

export interface CompoundGuideProps {
  record: SegmentRecord;
  definition: CompoundDefinition;
}

/** Segments a compound cannot offer, with the reason shown to the user. */
export function notOffered(segments: SegmentSummary[], selfId: string): { segment: SegmentSummary; reason: string }[] {
  return segments
    .filter((s) => s.id !== selfId && s.status !== 'live')
    .map((s) => ({ segment: s, reason: `${STATUS_LABELS[s.status].label}: only live segments have members to combine.` }));
}

const NAMES_SHOWN = 3;

/**
 * One line however many segments are hidden: how many, by status, and the first few names
 * ("14 segments that are not live (12 drafts, 2 stopped), such as “A”, “B”, “C”").
 */
export function notOfferedSummary(hidden: SegmentSummary[]): string {
  const byStatus = new Map<string, number>();
  for (const s of hidden) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const counts = [...byStatus]
    .map(([status, n]) => {
      const label = STATUS_LABELS[status as SegmentSummary['status']].label.toLowerCase().replace('…', '');
      return status === 'draft' ? `${n} draft${n === 1 ? '' : 's'}` : `${n} ${label}`;
    })
    .join(', ');
  const names = hidden.slice(0, NAMES_SHOWN).map((s) => `“${s.name}”`);
  const n = hidden.length;
  const head = `${n} segment${n === 1 ? ' that is' : 's that are'} not live (${counts})`;
  return n <= NAMES_SHOWN ? `${head}: ${names.join(', ')}` : `${head}, such as ${names.join(', ')}`;
}

/** Blocks whose segment is not live any more (stopped, deleted or never live). */
export function attentionBlocks(
  definition: CompoundDefinition,
  segments: SegmentSummary[],
): { blockNo: number; name: string; problem: string }[] {
  const out: { blockNo: number; name: string; problem: string }[] = [];
  definition.blocks.forEach((b, i) => {
    if (!b.segmentId) return;
    const s = segments.find((x) => x.id === b.segmentId);
    if (!s) out.push({ blockNo: i + 1, name: 'a deleted segment', problem: 'was deleted' });
    else if (s.status !== 'live')
      out.push({ blockNo: i + 1, name: s.name, problem: `is ${STATUS_LABELS[s.status].label.toLowerCase().replace('…', '')}` });
    else if (s.needsAttention) out.push({ blockNo: i + 1, name: s.name, problem: 'needs attention itself' });
  });
  return out;
}

export function CompoundGuide({ record, definition }: CompoundGuideProps) {
  const list = useListSegmentsQuery({});
  const segments = list.data ?? [];
  const hidden = notOffered(segments, record.id);
  const attention = list.data ? attentionBlocks(definition, segments) : [];
  const status = useSegmentLiveStatusQuery(record.id, { skip: !record.needsAttention });
  if (!record.needsAttention && attention.length === 0 && hidden.length === 0) return null;
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {record.needsAttention && (
        <Alert severity="warning" role="alert">
          <AlertTitle>Needs attention</AlertTitle>
          Membership is frozen because a segment it combines was stopped or deleted
          {status.data && status.data.missingChildren.length > 0
            ? `: ${status.data.missingChildren.map((c) => `“${c.name}” (${c.reason})`).join(', ')}`
            : ''}
          . Replace or remove that step, then go live again.
        </Alert>
      )}
      {attention.length > 0 && (
        <Alert severity="warning">
          {attention.map((a) => (
            <div key={a.blockNo}>
              Step {a.blockNo}: “{a.name}” {a.problem}.
            </div>
          ))}
        </Alert>
      )}
      {hidden.length > 0 && (
        <Alert severity="info" variant="outlined">
          Not offered: {notOfferedSummary(hidden.map((h) => h.segment))}. Drafts and stopped segments have no current members to combine:
          take them live first.
        </Alert>
      )}
    </Stack>
  );
}
