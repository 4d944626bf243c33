/**
 * The group tools' toolbar of one builder (spec F5): Group selected, Ungroup selected, Ungroup all,
 * Duplicate selected, Delete selected, Clear selection. The operations are the pure ones of
 * treeOps.ts; what they did is said in the builder's live region and shown with an Undo button.
 *
 * The buttons stay enabled (a disabled button drops the keyboard focus it holds once the selection
 * empties); pressed with nothing fitting selected, they say why they did nothing.
 */
import ContentCopy from '@mui/icons-material/ContentCopy';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import LayersClear from '@mui/icons-material/LayersClear';
import Undo from '@mui/icons-material/Undo';
import Workspaces from '@mui/icons-material/Workspaces';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRef, useSyncExternalStore, type ReactElement } from 'react';
import type { GroupNode } from '../../../../shared/segments/ast';
import type { BuilderSelection } from './builderSelection';
import { newId } from './newId';
import { deleteSelected, duplicateSelected, groupSelected, ungroupAll, ungroupSelected, type TreeOpResult } from './treeOps';

/** The last thing a tool did: its message, and the tree before it when it can be undone. */
export interface ToolNotice {
  text: string;
  before?: GroupNode;
}

export interface GroupToolbarProps {
  root: GroupNode;
  selection: BuilderSelection;
  notice: ToolNotice | null;
  /** Replaces the tree (a tool's result, or the tree before it on Undo). */
  onApply: (root: GroupNode, notice: ToolNotice | null) => void;
  announce: (message: string) => void;
}

type Tool = { label: string; icon: ReactElement; run: (root: GroupNode, selected: ReadonlySet<string>) => TreeOpResult };

const TOOLS: Tool[] = [
  { label: 'Group selected', icon: <Workspaces />, run: (root, s) => groupSelected(root, s, () => newId('g')) },
  { label: 'Ungroup selected', icon: <LayersClear />, run: (root, s) => ungroupSelected(root, s) },
  { label: 'Ungroup all', icon: <LayersClear />, run: (root) => ungroupAll(root) },
  { label: 'Duplicate selected', icon: <ContentCopy />, run: (root, s) => duplicateSelected(root, s, () => newId('n')) },
  { label: 'Delete selected', icon: <DeleteOutline />, run: (root, s) => deleteSelected(root, s) },
];

export function GroupToolbar({ root, selection, notice, onApply, announce }: GroupToolbarProps) {
  const selected = useSyncExternalStore(selection.subscribe, () => selection.selected);
  const first = useRef<HTMLButtonElement | null>(null);
  const use = (tool: Tool) => {
    const res = tool.run(root, selected);
    announce(res.message);
    if (!res.ok) {
      onApply(root, { text: res.message });
      return;
    }
    selection.select([]);
    onApply(res.root, { text: res.message, before: root });
  };
  const undo = (before: GroupNode) => {
    onApply(before, { text: 'Undone.' });
    announce('Undone.');
    // The Undo button goes away with the notice: keep the keyboard in the toolbar.
    first.current?.focus();
  };
  return (
    <Box role="toolbar" aria-label="Group tools" sx={{ mb: 1 }}>
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        {TOOLS.map((t, i) => (
          <Button key={t.label} size="small" variant="text" startIcon={t.icon} ref={i === 0 ? first : undefined} onClick={() => use(t)}>
            {t.label}
          </Button>
        ))}
        <Button size="small" variant="text" onClick={() => selection.select([])}>
          Clear selection
        </Button>
        <Typography variant="body2" color="text.secondary" data-testid="selected-count">
          {selected.size === 0 ? 'Check rows to group, ungroup, duplicate or delete them' : `${selected.size} selected`}
        </Typography>
      </Stack>
      {notice && (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 0.5 }} data-testid="group-tools-notice">
          <Typography variant="body2">{notice.text}</Typography>
          {notice.before && (
            <Button size="small" startIcon={<Undo />} onClick={() => notice.before && undo(notice.before)}>
              Undo
            </Button>
          )}
        </Stack>
      )}
    </Box>
  );
}
