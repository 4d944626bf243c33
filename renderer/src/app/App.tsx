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
import { useMemo } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Notifier } from '../components/Notifier';
import { DEFAULT_ROUTE, ROUTES } from './routes';
import { makeTheme } from './theme';
import { useHashRoute } from './useHashRoute';

const NAV_WIDTH = 196;

/** The shell: theme, navigation, the current page inside an error boundary, and the snackbar. */
export function App() {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const theme = useMemo(() => makeTheme(prefersDark ? 'dark' : 'light'), [prefersDark]);
  const [path, navigate] = useHashRoute();
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
          {route && <ErrorBoundary key={`${route.path}/${subpath}`}>{route.render(subpath)}</ErrorBoundary>}
        </Box>
      </Box>
      <Notifier />
    </ThemeProvider>
  );
}
