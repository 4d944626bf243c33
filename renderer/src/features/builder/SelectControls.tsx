/** The group tools' controls on each row and group: its check box and, on groups, the collapse chevron. */
import ChevronRight from '@mui/icons-material/ChevronRight';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import { useIsCollapsed, useIsSelected, type BuilderSelection } from './builderSelection';

/** The check box of a row or group for the group tools: "Select rule City equals Seattle". */
export function SelectBox({ store, id, name }: { store: BuilderSelection; id: string; name: string }) {
  const checked = useIsSelected(store, id);
  return (
    <Checkbox
      size="small"
      disableRipple
      checked={checked}
      onChange={(e) => store.toggle(id, e.target.checked)}
      inputProps={{ 'aria-label': `Select ${name}` }}
      sx={{ p: 0.5, mr: 0.5 }}
    />
  );
}

/** The chevron that folds a group's rows away (they stay in the definition; only the view changes). */
export function CollapseButton({ store, id, name, rows }: { store: BuilderSelection; id: string; name: string; rows: number }) {
  const collapsed = useIsCollapsed(store, id);
  return (
    <>
      <IconButton
        size="small"
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${name}`}
        title={collapsed ? 'Show the rows of this group' : 'Hide the rows of this group'}
        onClick={() => store.toggleCollapsed(id)}
        sx={{ p: 0, width: 24, height: 24 }}
      >
        {collapsed ? <ChevronRight fontSize="small" /> : <ExpandMore fontSize="small" />}
      </IconButton>
      {collapsed && (
        <Typography variant="body2" color="text.secondary" data-testid="collapsed-note">
          {rows} {rows === 1 ? 'row' : 'rows'} hidden
        </Typography>
      )}
    </>
  );
}
