import ConstructionIcon from '@mui/icons-material/Construction';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

interface Props {
  title: string;
  /** What the page will do, in one phrase. */
  what: string;
}

/** An honest placeholder for a page that is not built yet. */
export function ComingSoon({ title, what }: Props) {
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        {title}
      </Typography>
      <Paper variant="outlined" sx={{ p: 4, maxWidth: 640 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
          <ConstructionIcon color="action" fontSize="large" />
          <div>
            <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
              Coming in a later release
            </Typography>
            <Typography color="text.secondary">{what} is not part of this version yet. Segments work today.</Typography>
          </div>
        </Stack>
      </Paper>
    </Stack>
  );
}
