/**
 * Add or remove by query: a profile builder, "Show matches" runs it once and shows the count and the
 * first matches, then "Add all" / "Remove all" applies exactly that query, or "Add selected" adds the
 * matches picked among the first ones shown.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { DynamicDefinition, GroupNode } from '../../../../shared/segments/ast';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import type { CatalogIndex } from '../builder/catalogIndex';
import { ConditionBuilder } from '../builder/ConditionBuilder';
import { issuesByNode } from '../builder/issueMap';
import { formatCount } from '../segments/segmentLabels';
import {
  useAddStaticByQueryMutation,
  useAddStaticMembersMutation,
  useFindStaticByQueryMutation,
  useRemoveStaticByQueryMutation,
} from './staticApi';

const NO_ISSUES: ReadonlyMap<string, readonly string[]> = new Map();

export function queryDefinition(root: GroupNode): DynamicDefinition {
  return { kind: 'dynamic', version: 1, blocks: [{ kind: 'profile', id: 'q1', combine: 'union', entity: 'contact', root }] };
}

export function QueryApply({ segmentId, index }: { segmentId: string; index: CatalogIndex }) {
  const dispatch = useAppDispatch();
  const [root, setRoot] = useState<GroupNode>({ kind: 'group', id: 'qg', combinator: 'and', children: [] });
  const [shownFor, setShownFor] = useState<GroupNode | null>(null);
  const [find, found] = useFindStaticByQueryMutation();
  const [add, addState] = useAddStaticByQueryMutation();
  const [remove, removeState] = useRemoveStaticByQueryMutation();
  const [addKeys, addKeysState] = useAddStaticMembersMutation();
  // Keys of the shown matches the user picked (chips toggle); cleared whenever new matches are shown.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [issues, setIssues] = useState<ReadonlyMap<string, readonly string[]>>(NO_ISSUES);
  const current = shownFor === root && found.data ? found.data : null;
  const busy = found.isLoading || addState.isLoading || removeState.isLoading || addKeysState.isLoading;
  const toggle = (key: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const addSelected = async () => {
    const r = await addKeys({ segmentId, contactKeys: [...selected] });
    if (r.data) {
      dispatch(
        notify({
          message: `Added ${formatCount(r.data.changed)} selected contacts (${formatCount(r.data.unchanged)} were already members). The segment has ${formatCount(r.data.size)} members.`,
          severity: 'success',
        }),
      );
      setSelected(new Set());
    } else dispatch(notify({ message: `Not added: ${errorMessage(r.error)}`, severity: 'error' }));
  };

  const show = async () => {
    const r = await find({ segmentId, definition: queryDefinition(root), limit: 20 });
    if (r.data) {
      setShownFor(root);
      setSelected(new Set());
      setIssues(NO_ISSUES);
    } else {
      const err = r.error;
      setIssues(err && 'issues' in err && err.issues ? issuesByNode(queryDefinition(root), err.issues) : NO_ISSUES);
      dispatch(notify({ message: `The query cannot run: ${errorMessage(err)}`, severity: 'error' }));
    }
  };
  const apply = async (what: 'add' | 'remove') => {
    const r = await (what === 'add' ? add : remove)({ segmentId, definition: queryDefinition(root) });
    if (r.data) {
      dispatch(
        notify({
          message: `${what === 'add' ? 'Added' : 'Removed'} ${formatCount(r.data.changed)} contacts (${formatCount(r.data.unchanged)} ${what === 'add' ? 'were already members' : 'were not members'}). The segment has ${formatCount(r.data.size)} members.`,
          severity: 'success',
        }),
      );
      setShownFor(null);
    } else dispatch(notify({ message: `Not applied: ${errorMessage(r.error)}`, severity: 'error' }));
  };

  return (
    <Stack spacing={1}>
      {root.children.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          Add rows to describe the contacts to add or remove. The query runs once: the segment does not follow later changes.
        </Typography>
      )}
      <ConditionBuilder root={root} onChange={setRoot} index={index} scope="contact" issues={issues} suggestValues />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" disabled={busy || root.children.length === 0} onClick={() => void show()}>
          Show matches
        </Button>
        {current && (
          <>
            <Typography role="status" sx={{ flexGrow: 1 }}>
              <b>{formatCount(current.total)}</b> contacts match.
            </Typography>
            <Button variant="contained" disabled={busy || current.total === 0} onClick={() => void apply('add')}>
              Add all {formatCount(current.total)}
            </Button>
            <Button variant="outlined" disabled={busy || selected.size === 0} onClick={() => void addSelected()}>
              Add {selected.size > 0 ? formatCount(selected.size) : ''} selected
            </Button>
            <Button variant="outlined" color="error" disabled={busy || current.total === 0} onClick={() => void apply('remove')}>
              Remove all {formatCount(current.total)}
            </Button>
          </>
        )}
      </Stack>
      {shownFor !== null && shownFor !== root && (
        <Alert severity="info">The query changed: show the matches again before applying it.</Alert>
      )}
      {current && current.matches.length > 0 && (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }} role="group" aria-label="First matches (select to add only these)">
          {current.matches.map((m) => (
            <Chip
              key={m.rid}
              size="small"
              label={m.name ?? m.key}
              color={selected.has(m.key) ? 'primary' : 'default'}
              variant={selected.has(m.key) ? 'filled' : 'outlined'}
              aria-pressed={selected.has(m.key)}
              onClick={() => toggle(m.key)}
            />
          ))}
          {current.total > current.matches.length && (
            <Chip size="small" variant="outlined" label={`+ ${formatCount(current.total - current.matches.length)} more`} />
          )}
        </Stack>
      )}
    </Stack>
  );
}
