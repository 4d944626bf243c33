/** Definition tab: the designer / query text with the live estimate; static segments have no rules. */
import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../../../shared/api/result';
import type { SegmentRecord, SegmentSummary } from '../../../../shared/models/segment';
import type { SegmentDefinition } from '../../../../shared/segments/ast';
import { errorMessage } from '../../app/errors';
import { CatalogIndex } from '../builder/catalogIndex';
import { DefinitionEditor } from '../builder/DefinitionEditor';
import { useLiveEstimate } from '../builder/useLiveEstimate';
import { useBuilderCatalogQuery } from './recordApi';
import { refusedIssues } from './refusedIssues';
import { StaticMembersEditor } from '../staticSegments/StaticMembersEditor';
import { CompoundGuide } from '../compound/CompoundGuide';
import { ExportSqlDialog } from './ExportSqlDialog';
import { SaveAsTemplateButton } from '../templates/SaveAsTemplateButton';

export interface DefinitionTabProps {
  record: SegmentRecord;
  definition: SegmentDefinition;
  timeZone: string;
  onChange: (d: SegmentDefinition) => void;
  readOnly: boolean;
  referenceable: SegmentSummary[];
  segmentName: (id: string) => string;
  /** The last refused go-live: its issues show in place until the next validation, on nodes unchanged since. */
  goLiveError: RefusedGoLive | null;
}

/** A refused go-live: the error and the definition it was refused for. */
export interface RefusedGoLive {
  error: ApiError;
  definition: SegmentDefinition;
}

export function DefinitionTab(props: DefinitionTabProps) {
  const catalog = useBuilderCatalogQuery();
  const index = useMemo(() => (catalog.data ? new CatalogIndex(catalog.data) : null), [catalog.data]);
  // Read-only segments are estimated too: the flow view then shows the count after each step.
  const live = useLiveEstimate(props.definition, props.timeZone, props.record.id, index !== null);
  const estimate = useMemo(() => {
    const refused = props.goLiveError;
    if (live.issues.size > 0 || !refused) return live;
    return { ...live, issues: refusedIssues(refused.definition, refused.error.issues, props.definition) };
  }, [live, props.goLiveError, props.definition]);
  const [exportingSql, setExportingSql] = useState(false);

  if (props.definition.kind === 'static') {
    return <StaticMembersEditor record={props.record} />;
  }
  if (catalog.error) return <Alert severity="error">The catalog of fields could not be loaded: {errorMessage(catalog.error)}</Alert>;
  if (!index) return <LinearProgress aria-label="Loading the catalog" />;
  return (
    <>
      {props.definition.kind === 'compound' && <CompoundGuide record={props.record} definition={props.definition} />}
      <Stack direction="row" spacing={1} sx={{ float: 'right' }}>
        <SaveAsTemplateButton record={props.record} definition={props.definition} catalog={index.catalog} />
        <Button size="small" onClick={() => setExportingSql(true)}>
          Export SQL
        </Button>
      </Stack>
      {exportingSql && (
        <ExportSqlDialog
          segmentId={props.record.id}
          segmentName={props.record.name}
          unsaved={JSON.stringify(props.definition) !== JSON.stringify(props.record.definition)}
          onClose={() => setExportingSql(false)}
        />
      )}
      <DefinitionEditor
        segmentId={props.record.id}
        definition={props.definition}
        onChange={props.onChange}
        index={index}
        readOnly={props.readOnly}
        referenceable={props.referenceable}
        segmentName={props.segmentName}
        timeZone={props.timeZone}
        estimate={props.record.status === 'live' ? { ...estimate, total: props.record.memberCount ?? undefined, pending: false } : estimate}
        estimated={props.record.status !== 'live'}
      />
    </>
  );
}
