import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { ThemeProvider } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useCallback, useMemo, useState } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Notifier } from '../components/Notifier';
import { ImportSegmentsDialog } from '../features/segmentFiles/ImportSegmentsDialog';
import { usePlatform } from '../platform/PlatformContext';
import { dropKind, DroppedCsvContext, type DroppedCsv } from './droppedFiles';
import { useAppDispatch } from './hooks';
import { DEFAULT_ROUTE, ROUTES } from './routes';
import { makeTheme } from './theme';
import { notify } from './uiSlice';
import { useHashRoute } from './useHashRoute';
import { useWindowFileDrop } from './useWindowFileDrop';

const NAV_WIDTH = 196;

/**
 * The shell: theme, navigation, the current page inside an error boundary, the snackbar, and files
 * dropped anywhere on the window (droppedFiles.tsx).
 */
export function App() {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const theme = useMemo(() => makeTheme(prefersDark ? 'dark' : 'light'), [prefersDark]);
  const [path, navigate] = useHashRoute();
  const dispatch = useAppDispatch();
  const { dialogs } = usePlatform();
  // The segment import dialog, opened by a dropped .segment.json (keyed so a second drop starts over).
  const [segmentDrop, setSegmentDrop] = useState<{ file: File; seq: number } | null>(null);
  const [csvDrop, setCsvDrop] = useState<{ file: File | null; seq: number }>({ file: null, seq: 0 });
  const takeCsv = useCallback(() => setCsvDrop((d) => ({ file: null, seq: d.seq })), []);
  const droppedCsv = useMemo<DroppedCsv>(() => ({ ...csvDrop, taken: takeCsv }), [csvDrop, takeCsv]);
  const onDrop = useCallback(
    (file: File) => {
      const kind = dropKind(file.name);
      if (kind === 'segmentFile') return setSegmentDrop((d) => ({ file, seq: (d?.seq ?? 0) + 1 }));
      if (kind === 'csv') {
        navigate('data');
        if (dialogs) {
          dispatch(notify({ message: `To import “${file.name}”, choose it with Choose CSV file…: the desktop app reads only files picked in its dialog.`, severity: 'info' }));
          return;
        }
        return setCsvDrop((d) => ({ file, seq: d.seq + 1 }));
      }
      dispatch(notify({ message: `“${file.name}” cannot be imported here: drop a .segment.json to import segments, or a .csv to import data.`, severity: 'warning' }));
    },
    [dialogs, dispatch, navigate],
  );
  const dragging = useWindowFileDrop(onDrop);
  // `segments/<id>` opens a record inside the Segments section: the first part picks the route.
  const [section = '', ...rest] = path.split('/');
  const subpath = rest.join('/');
  const route = ROUTES.find((r) => r.path === section) ?? ROUTES.find((r) => r.path === DEFAULT_ROUTE) ?? ROUTES[0];

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box sx={{ display: 'flex', height: '100vh' }}>
        <Drawer
          variant="permanent"
          sx={{ width: NAV_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: NAV_WIDTH, boxSizing: 'border-box', px: 1 } }}
        >
          <Typography variant="h6" component="div" sx={{ px: 1.5, py: 2, color: 'primary.main' }}>
            Segment Studio
          </Typography>
          <List component="nav" aria-label="Main" dense>
            {ROUTES.map((r) => (
              <ListItemButton key={r.path} selected={r === route} onClick={() => navigate(r.path)} aria-current={r === route ? 'page' : undefined}>
                <ListItemIcon sx={{ minWidth: 34 }}>{r.icon}</ListItemIcon>
                <ListItemText primary={r.label} />
              </ListItemButton>
            ))}
          </List>
        </Drawer>
        <Box component="main" sx={{ flexGrow: 1, overflow: 'auto', p: 3 }}>
          {/* Keyed by page: moving to another page clears an error shown by the previous one. */}
          <DroppedCsvContext.Provider value={droppedCsv}>
            {route && <ErrorBoundary key={`${route.path}/${subpath}`}>{route.render(subpath)}</ErrorBoundary>}
          </DroppedCsvContext.Provider>
        </Box>
      </Box>
      {dragging && !segmentDrop && (
        <Alert severity="info" role="status" sx={{ position: 'fixed', top: 16, left: '50%', transform: 'translateX(-50%)', zIndex: 'modal', boxShadow: 3, pointerEvents: 'none' }}>
          Drop a .segment.json to import its segments, or a .csv to import data.
        </Alert>
      )}
      {segmentDrop && <ImportSegmentsDialog key={segmentDrop.seq} droppedFile={segmentDrop.file} onClose={() => setSegmentDrop(null)} />}
      <Notifier />
    </ThemeProvider>
  );
}
