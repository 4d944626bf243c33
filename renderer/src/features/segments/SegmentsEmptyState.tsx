import AddIcon from '@mui/icons-material/Add';
import FilterAltIcon from '@mui/icons-material/FilterAlt';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/** What a new user sees before the first segment exists: what a segment is and what to do next. */
export function SegmentsEmptyState({ onCreate }: { onCreate: () => void }) {
  return (
    <Paper variant="outlined" sx={{ p: 5, textAlign: 'center' }}>
      <Stack spacing={1.5} sx={{ alignItems: 'center', maxWidth: 520, mx: 'auto' }}>
        <FilterAltIcon color="primary" sx={{ fontSize: 44 }} />
        <Typography variant="h6" component="h2">
          No segments yet
        </Typography>
        <Typography color="text.secondary">
          A segment is a group of contacts you want to reach: people matching rules (dynamic), a list you pick (static), or a combination of
          other segments (compound). Start with a draft; it only counts members when you make it live.
        </Typography>
        <Button variant="contained" startIcon={<AddIcon />} onClick={onCreate}>
          Create your first segment
        </Button>
      </Stack>
    </Paper>
  );
}
