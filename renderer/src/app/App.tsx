import MenuIcon from '@mui/icons-material/Menu';
import Alert from '@mui/material/Alert';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import IconButton from '@mui/material/IconButton';
import { ThemeProvider } from '@mui/material/styles';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LiveRegion } from '../components/Announcer';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Notifier } from '../components/Notifier';
import { ImportSegmentsDialog } from '../features/segmentFiles/ImportSegmentsDialog';
import { useExportAllSegments } from '../features/segmentFiles/useExportAllSegments';
import { usePlatform } from '../platform/PlatformContext';
import { AppearanceMenu } from './AppearanceMenu';
import type { DesktopRequest } from './desktopSlice';
import { dropKind, DroppedCsvContext, type DroppedCsv } from './droppedFiles';
import { useAppDispatch } from './hooks';
import { DEFAULT_ROUTE, ROUTES } from './routes';
import { ShortcutsDialog } from './ShortcutsDialog';
import { SkipLink } from './SkipLink';
import { makeTheme } from './theme';
import { resolveThemeMode, useThemePreference } from './themePreference';
import { notify, pageChanged } from './uiSlice';
import { useDesktopRequests } from './useDesktopRequests';
import { useHashRoute } from './useHashRoute';
import { useWindowFileDrop } from './useWindowFileDrop';

const NAV_WIDTH = 196;
/**
 * Below this width (CSS px, so also at 200 % zoom of a 1280 px window) the sidebar becomes a drawer behind a
 * menu button, leaving the page the whole width down to 320 px (WCAG 1.4.10 Reflow).
 */
const NARROW_QUERY = '(max-width: 899.95px)';

/**
 * The shell: theme (the Appearance choice, else the OS's), navigation (a sidebar, or a drawer when narrow),
 * the current page inside an error boundary, the snackbar, and files dropped anywhere on the window
 * (droppedFiles.tsx).
 */
export function App() {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  const narrow = useMediaQuery(NARROW_QUERY);
  const [themePreference, setThemePreference] = useThemePreference();
  const mode = resolveThemeMode(themePreference, prefersDark);
  const theme = useMemo(() => makeTheme(mode, { reducedMotion }), [mode, reducedMotion]);
  // Tests and the screenshots read the mode the page is drawn in from here.
  useEffect(() => {
    document.documentElement.dataset.theme = mode;
  }, [mode]);
  const [navOpen, setNavOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const [path, navigate] = useHashRoute();
  const dispatch = useAppDispatch();
  // Notices about what the user did on a page ("Not saved: …") must not follow them to the next one.
  useEffect(() => {
    dispatch(pageChanged());
  }, [dispatch, path]);
  const { dialogs } = usePlatform();
  // The segment import dialog: opened by a dropped .segment.json (File in the browser, path in the desktop
  // app), a file opened from the OS, or File ▸ Import Segment File… (keyed so each request starts over).
  const [segmentImport, setSegmentImport] = useState<{ file: File | null; path: string | null; seq: number } | null>(null);
  const [csvDrop, setCsvDrop] = useState<{ file: File | null; path: string | null; seq: number }>({ file: null, path: null, seq: 0 });
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const takeCsv = useCallback(() => setCsvDrop((d) => ({ file: null, path: null, seq: d.seq })), []);
  const droppedCsv = useMemo<DroppedCsv>(() => ({ ...csvDrop, taken: takeCsv }), [csvDrop, takeCsv]);
  const openSegmentImport = useCallback(
    (file: File | null, path: string | null) => setSegmentImport((d) => ({ file, path, seq: (d?.seq ?? 0) + 1 })),
    [],
  );
  const openCsvImport = useCallback(
    (file: File | null, path: string | null) => {
      navigate('data');
      setCsvDrop((d) => ({ file, path, seq: d.seq + 1 }));
    },
    [navigate],
  );
  const onDrop = useCallback(
    (file: File) => {
      const kind = dropKind(file.name);
      // The desktop app routes dropped files itself (their paths come back as app.fileOpened, below).
      if (dialogs && kind !== 'unknown') return;
      if (kind === 'segmentFile') return openSegmentImport(file, null);
      if (kind === 'csv') return openCsvImport(file, null);
      dispatch(
        notify({
          message: `“${file.name}” cannot be imported here: drop a .segment.json to import segments, or a .csv to import data.`,
          severity: 'warning',
        }),
      );
    },
    [dialogs, dispatch, openCsvImport, openSegmentImport],
  );
  const exportAll = useExportAllSegments();
  useDesktopRequests((r: DesktopRequest) => {
    if (r.type === 'file') return r.kind === 'segmentFile' ? openSegmentImport(null, r.path) : openCsvImport(null, r.path);
    if (r.command === 'importCsv') return openCsvImport(null, null);
    if (r.command === 'importSegmentFile') return openSegmentImport(null, null);
    if (r.command === 'exportSegments') return void exportAll();
    setShortcutsOpen(true);
  });
  const dragging = useWindowFileDrop(onDrop);
  // `segments/<id>` opens a record inside the Segments section: the first part picks the route.
  const [section = '', ...rest] = path.split('/');
  const subpath = rest.join('/');
  const route = ROUTES.find((r) => r.path === section) ?? ROUTES.find((r) => r.path === DEFAULT_ROUTE) ?? ROUTES[0];
  // The browser tab (and a screen reader's window title) names the section (WCAG 2.4.2); the desktop window keeps
  // the open database's name (main ignores the page's title there).
  useEffect(() => {
    if (route) document.title = `${route.label} — Segment Studio`;
  }, [route]);

  const nav = (
    <>
      {!narrow && (
        <Typography variant="h6" component="div" sx={{ px: 1.5, py: 2, color: 'primary.main' }}>
          Segment Studio
        </Typography>
      )}
      <List component="nav" aria-label="Main" id="main-navigation" dense sx={narrow ? { pt: 1 } : undefined}>
        {ROUTES.map((r) => (
          <ListItemButton
            key={r.path}
            selected={r === route}
            onClick={() => {
              setNavOpen(false);
              navigate(r.path);
            }}
            aria-current={r === route ? 'page' : undefined}
          >
            <ListItemIcon sx={{ minWidth: 34 }}>{r.icon}</ListItemIcon>
            <ListItemText primary={r.label} />
          </ListItemButton>
        ))}
      </List>
    </>
  );

  return (
    <ThemeProvider theme={theme}>
      {/* color-scheme follows the theme: native parts (date pickers, scrollbars) turn dark with it. */}
      <CssBaseline enableColorScheme />
      <SkipLink target={mainRef} />
      <Box sx={{ display: 'flex', flexDirection: narrow ? 'column' : 'row', height: '100vh' }}>
        {narrow ? (
          <>
            <AppBar
              position="static"
              color="default"
              elevation={0}
              sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}
            >
              <Toolbar variant="dense" sx={{ gap: 1, px: 1 }}>
                <IconButton
                  edge="start"
                  aria-label="Open navigation"
                  aria-controls="main-navigation"
                  aria-expanded={navOpen}
                  onClick={() => setNavOpen(true)}
                >
                  <MenuIcon />
                </IconButton>
                <Typography variant="h6" component="div" noWrap sx={{ flexGrow: 1, color: 'primary.main', fontSize: 16 }}>
                  Segment Studio
                </Typography>
                <AppearanceMenu value={themePreference} onChange={setThemePreference} />
              </Toolbar>
            </AppBar>
            <Drawer
              variant="temporary"
              open={navOpen}
              onClose={() => setNavOpen(false)}
              sx={{ '& .MuiDrawer-paper': { width: Math.min(NAV_WIDTH + 64, 280), maxWidth: '85vw', boxSizing: 'border-box', px: 1 } }}
            >
              {nav}
            </Drawer>
          </>
        ) : (
          <Drawer
            variant="permanent"
            sx={{ width: NAV_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: NAV_WIDTH, boxSizing: 'border-box', px: 1 } }}
          >
            {nav}
            <Box sx={{ mt: 'auto', pb: 1, px: 0.5 }}>
              <AppearanceMenu value={themePreference} onChange={setThemePreference} />
            </Box>
          </Drawer>
        )}
        <Box
          component="main"
          id="main-content"
          ref={mainRef}
          tabIndex={-1}
          sx={{ flexGrow: 1, minWidth: 0, minHeight: 0, overflow: 'auto', p: { xs: 1.5, sm: 3 } }}
        >
          {/* Keyed by page: moving to another page clears an error shown by the previous one. */}
          <DroppedCsvContext.Provider value={droppedCsv}>
            {route && <ErrorBoundary key={`${route.path}/${subpath}`}>{route.render(subpath)}</ErrorBoundary>}
          </DroppedCsvContext.Provider>
        </Box>
      </Box>
      {dragging && !segmentImport && (
        <Alert
          severity="info"
          role="status"
          sx={{
            position: 'fixed',
            top: 16,
            left: '50%',
            transform: 'translateX(-50%)',
            zIndex: 'modal',
            boxShadow: 3,
            pointerEvents: 'none',
          }}
        >
          Drop a .segment.json to import its segments, or a .csv to import data.
        </Alert>
      )}
      {segmentImport && (
        <ImportSegmentsDialog
          key={segmentImport.seq}
          droppedFile={segmentImport.file}
          openedPath={segmentImport.path}
          onClose={() => setSegmentImport(null)}
        />
      )}
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      <Notifier />
      <LiveRegion />
    </ThemeProvider>
  );
}
