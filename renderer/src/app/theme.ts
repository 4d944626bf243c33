import { createTheme, type Theme } from '@mui/material/styles';

/** The one theme, in light or dark (following the OS), with compact density for data-heavy screens. */
export function makeTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#3949ab' : '#8c9eff' },
      secondary: { main: mode === 'light' ? '#00897b' : '#4db6ac' },
      background: mode === 'light' ? { default: '#f6f7fb', paper: '#ffffff' } : { default: '#121418', paper: '#1b1e24' },
    },
    shape: { borderRadius: 8 },
    typography: { fontSize: 13, h5: { fontWeight: 600 }, h6: { fontWeight: 600 } },
    spacing: 7,
    components: {
      MuiButton: {
        defaultProps: { size: 'small', disableElevation: true },
        styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } },
      },
      MuiTextField: { defaultProps: { size: 'small' } },
      MuiFormControl: { defaultProps: { size: 'small' } },
      MuiSelect: { defaultProps: { size: 'small' } },
      MuiTable: { defaultProps: { size: 'small' } },
      MuiTableCell: { styleOverrides: { head: { fontWeight: 600 } } },
      MuiChip: { defaultProps: { size: 'small' } },
      MuiIconButton: { defaultProps: { size: 'small' } },
      MuiListItemButton: { styleOverrides: { root: { borderRadius: 6 } } },
      MuiTooltip: { defaultProps: { arrow: true } },
    },
  });
}
