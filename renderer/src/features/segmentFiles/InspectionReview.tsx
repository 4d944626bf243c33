/** What `segmentFiles.inspect` found, and the choices it needs: conflict policy and catalog mismatches. */
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ConflictPolicyName, SegmentFileInspection } from '../../../../shared/api/contract/segmentFiles';
import type { ApiIssue } from '../../../../shared/api/result';

/** Problems with their JSON path first, so a user with the file open in an editor finds each one. */
export function IssueList({ issues, label }: { issues: ApiIssue[]; label: string }) {
  return (
    <ul aria-label={label} style={{ margin: 0, paddingLeft: 20 }}>
      {issues.map((i, n) => (
        <li key={`${i.path}-${n}`}>
          {i.path && <code>{i.path}</code>}
          {i.path && ': '}
          {i.message}
        </li>
      ))}
    </ul>
  );
}

interface Props {
  inspection: SegmentFileInspection;
  policy: ConflictPolicyName;
  onPolicy: (p: ConflictPolicyName) => void;
  allowMismatch: boolean;
  onAllowMismatch: (allow: boolean) => void;
}

export function InspectionReview({ inspection, policy, onPolicy, allowMismatch, onAllowMismatch }: Props) {
  const { problems, catalogMismatches, conflicts, unknownMemberKeys, segments } = inspection;
  if (problems.length > 0)
    return (
      <Alert severity="error" role="alert">
        <AlertTitle>This file cannot be imported; nothing was changed</AlertTitle>
        <IssueList issues={problems} label="File problems" />
      </Alert>
    );
  return (
    <Stack spacing={2}>
      <div>
        <Typography gutterBottom>
          {segments.length === 1
            ? 'The file holds 1 segment. It is imported as a draft.'
            : `The file holds ${segments.length} segments. They are imported as drafts.`}
        </Typography>
        <ul aria-label="Segments in the file" style={{ margin: 0, paddingLeft: 20 }}>
          {segments.map((s) => (
            <li key={s.localId}>
              {s.name}{' '}
              <Typography component="span" color="text.secondary">
                ({s.type})
              </Typography>
            </li>
          ))}
        </ul>
      </div>
      {conflicts.length > 0 && (
        <Alert severity="warning">
          <AlertTitle>Names already in use here</AlertTitle>
          <ul aria-label="Name conflicts" style={{ margin: 0, paddingLeft: 20 }}>
            {conflicts.map((c) => (
              <li key={c.localId}>
                {c.name} ({c.existingStatus}){!c.canReplace && ' — only a draft of the same type can be replaced'}
              </li>
            ))}
          </ul>
          <RadioGroup row value={policy} onChange={(e) => onPolicy(e.target.value as ConflictPolicyName)} aria-label="When a name is taken">
            <FormControlLabel value="rename" control={<Radio />} label="Import with a new name" />
            <FormControlLabel value="replace" control={<Radio />} label="Replace the existing draft" />
            <FormControlLabel value="skip" control={<Radio />} label="Skip it" />
          </RadioGroup>
        </Alert>
      )}
      {catalogMismatches.length > 0 && (
        <Alert severity="warning">
          <AlertTitle>This database's data does not fit the file</AlertTitle>
          <IssueList issues={catalogMismatches} label="Catalog mismatches" />
          <FormControlLabel
            control={<Checkbox checked={allowMismatch} onChange={(e) => onAllowMismatch(e.target.checked)} />}
            label="Import anyway as drafts (they show these problems until fixed)"
          />
        </Alert>
      )}
      {unknownMemberKeys.length > 0 && (
        <Alert severity="info">
          {unknownMemberKeys
            .map((u) => `${u.name}: ${u.count} member key${u.count === 1 ? '' : 's'} match no contact here and are left out.`)
            .join(' ')}
        </Alert>
      )}
    </Stack>
  );
}
