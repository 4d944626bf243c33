/**
 * The segment record page: header, command bar (lifecycle rules in commandRules.ts), and the tabs
 * General, Definition, and (once the segment has been live) Members and Insights.
 */
import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo, useState } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { errorMessage, fieldErrors } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { useGetSegmentQuery, useListSegmentsQuery, useUpdateSegmentMutation } from '../segments/segmentsApi';
import { focusFallback } from '../../components/focusFallback';
import { CommandBar, RECORD_HEADING_ID } from './CommandBar';
import { commandStates, isEditable, type RecordCommand } from './commandRules';
import { DefinitionTab, type RefusedGoLive } from './DefinitionTab';
import { useSaveShortcut } from './useSaveShortcut';
import { GeneralTab } from './GeneralTab';
import { GoLiveDialog } from './GoLiveDialog';
import { DeleteDialog, ExportDialog, StopDialog } from './LifecycleDialogs';
import { useGoLiveMutation, useSegmentFeedQuery, useStopSegmentMutation } from './recordApi';
import { RecordHeader } from './RecordHeader';
import { draftOf, isDirty, updateInput, type RecordDraft } from './recordDraft';
import { useDuplicateSegment } from './useDuplicateSegment';
import { useLeaveGuard } from './useLeaveGuard';
import { InsightsTab } from '../insights/InsightsTab';
import { MembersTab } from '../members/MembersTab';
import { SplitsTab } from '../splits/SplitsTab';
import { RunOnPanel } from '../warehouse/RunOnPanel';

type TabName = 'general' | 'definition' | 'members' | 'insights' | 'splits';
type OpenDialog = 'goLive' | 'stop' | 'delete' | 'export' | null;

export function SegmentRecordPage({ id }: { id: string }) {
  const { data: record, error, isLoading } = useGetSegmentQuery(id);
  useSegmentFeedQuery(id); // pushed status / membership events refresh the record: no polling
  if (isLoading) return <Typography color="text.secondary">Loading the segment…</Typography>;
  if (!record)
    return (
      <Alert severity="error" role="alert">
        The segment could not be opened: {errorMessage(error)}
      </Alert>
    );
  return <RecordWorkspace key={record.id} record={record} />;
}

function RecordWorkspace({ record }: { record: SegmentRecord }) {
  const [, navigate] = useHashRoute();
  const dispatch = useAppDispatch();
  const [draft, setDraft] = useState<RecordDraft>(() => draftOf(record));
  const [base, setBase] = useState<SegmentRecord>(record);
  if (record !== base) {
    // A newer record (saved, or changed by an event): take it unless the user has their own edits.
    setBase(record);
    if (!isDirty(base, draft) || !isDirty(record, draft)) setDraft(draftOf(record));
  }
  const dirty = isDirty(record, draft);
  const [tab, setTab] = useState<TabName>(record.type === 'static' ? 'general' : 'definition');
  const [dialog, setDialogState] = useState<OpenDialog>(null);
  // A dialog returns focus to its opener; when that is gone or disabled (Go live, once live), to the heading.
  const setDialog = useCallback((next: OpenDialog) => {
    setDialogState(next);
    if (next === null) focusFallback(() => document.getElementById(RECORD_HEADING_ID));
  }, []);
  const [nameError, setNameError] = useState<string | null>(null);
  const [goLiveError, setGoLiveError] = useState<RefusedGoLive | null>(null);
  const [update, updateState] = useUpdateSegmentMutation();
  const { duplicate: duplicateSegment, isLoading: duplicating } = useDuplicateSegment();
  const [, goLiveState] = useGoLiveMutation({ fixedCacheKey: `goLive-${record.id}` });
  const [, stopState] = useStopSegmentMutation({ fixedCacheKey: `stop-${record.id}` });
  const list = useListSegmentsQuery({});
  const guard = useLeaveGuard(dirty, () => setDraft(draftOf(record)));

  const busy = updateState.isLoading || duplicating || goLiveState.isLoading || stopState.isLoading;
  const patch = useCallback((p: Partial<RecordDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    if (p.name !== undefined) setNameError(null);
  }, []);
  const setDefinition = useCallback((definition: SegmentDefinition) => setDraft((d) => ({ ...d, definition })), []);

  const save = async (): Promise<boolean> => {
    const input = updateInput(record, draft);
    if (!input) return true;
    const r = await update(input);
    if (r.data) return true;
    // Problems with a form field are shown at the field, in words ("Enter a name."), not as API text.
    const atName = fieldErrors(r.error).name;
    if (atName !== undefined) {
      setNameError(atName);
      setTab('general');
    }
    dispatch(notify({ message: `Not saved: ${errorMessage(r.error)}`, severity: 'error' }));
    return false;
  };

  const duplicate = async () => {
    const copy = await duplicateSegment(record.id);
    if (copy) navigate(`segments/${copy.id}`);
  };

  const onCommand = (c: RecordCommand) => {
    switch (c) {
      case 'save':
        void save().then((ok) => ok && dispatch(notify({ message: 'Saved.', severity: 'success' })));
        return;
      case 'goLive':
        void save().then((ok) => ok && setDialog('goLive'));
        return;
      case 'duplicate':
        void duplicate();
        return;
      default:
        setDialog(c);
    }
  };

  // Ctrl+S / ⌘S saves as the Save command does; with nothing to save (or saving not allowed) it says why.
  useSaveShortcut(() => {
    const state = commandStates({ status: record.status, type: record.type, dirty, busy }).save;
    if (state.enabled) onCommand('save');
    else dispatch(notify({ message: `Nothing saved: ${state.reason}`, severity: 'info' }));
  });

  const segmentNames = useMemo(() => new Map((list.data ?? []).map((s) => [s.id, s.name])), [list.data]);
  const segmentName = useCallback((sid: string) => segmentNames.get(sid) ?? 'unknown segment', [segmentNames]);
  const referenceable = useMemo(() => (list.data ?? []).filter((s) => s.status === 'live' && s.id !== record.id), [list.data, record.id]);
  // Splits (splits/): any segment that has been live; only a live one can get a new split.
  const tabs: TabName[] = record.hasBeenLive ? ['general', 'definition', 'members', 'insights', 'splits'] : ['general', 'definition'];

  return (
    <Stack spacing={2}>
      <RecordHeader record={record} name={draft.name} dirty={dirty} onBack={() => navigate('segments')} />
      <CommandBar ctx={{ status: record.status, type: record.type, dirty, busy }} onCommand={onCommand} />
      {record.status === 'live' && <Alert severity="info">This segment is live and read-only. Stop it to make changes.</Alert>}
      {record.type !== 'static' && <RunOnPanel record={record} />}
      <Paper variant="outlined">
        <Tabs
          value={tabs.includes(tab) ? tab : 'general'}
          onChange={(_e, t: TabName) => setTab(t)}
          aria-label="Segment record"
          sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}
        >
          {tabs.map((t) => (
            <Tab key={t} value={t} label={t[0]?.toUpperCase() + t.slice(1)} />
          ))}
        </Tabs>
        <Stack sx={{ p: 2 }}>
          {tab === 'general' && (
            <GeneralTab record={record} draft={draft} onChange={patch} nameError={nameError} segmentName={segmentName} />
          )}
          {tab === 'definition' && (
            <DefinitionTab
              record={record}
              definition={draft.definition}
              timeZone={draft.timeZone}
              onChange={setDefinition}
              readOnly={!isEditable(record.status)}
              referenceable={referenceable}
              segmentName={segmentName}
              goLiveError={goLiveError}
            />
          )}
          {tab === 'members' && <MembersTab record={record} />}
          {tab === 'insights' && <InsightsTab record={record} />}
          {tab === 'splits' && <SplitsTab record={record} />}
        </Stack>
      </Paper>
      {dialog === 'goLive' && (
        <GoLiveDialog
          segment={record}
          onClose={() => setDialog(null)}
          onShowIssues={(e) => {
            setGoLiveError({ error: e, definition: draft.definition });
            setTab('definition');
          }}
        />
      )}
      {dialog === 'stop' && <StopDialog segment={record} onClose={() => setDialog(null)} />}
      {dialog === 'export' && <ExportDialog segment={record} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <DeleteDialog
          segment={record}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            guard.release();
            navigate('segments');
          }}
        />
      )}
      {guard.dialog}
    </Stack>
  );
}
