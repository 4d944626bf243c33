import { createTheme, type Theme } from '@mui/material/styles';
import type {} from '@mui/x-charts/themeAugmentation';
import type {} from '@mui/x-data-grid/themeAugmentation';

/**
 * Colours whose contrast is promised (and checked in theme.test.ts): text on fills ≥ 4.5:1, focus rings and
 * chart marks ≥ 3:1 against the paper they sit on (WCAG 2.2 1.4.3, 1.4.11).
 */
export const PALETTE = {
  light: {
    primary: '#3949ab',
    secondary: '#00796b',
    /** The Intersect chip and other info fills carry white 12 px text. */
    info: '#0277bd',
    /** The Except chip and warnings: MUI's #ed6c02 gives white text only 3.1:1. */
    warning: '#b45309',
    success: '#2e7d32',
    error: '#d32f2f',
    paper: '#ffffff',
    background: '#f6f7fb',
    focus: '#3949ab',
    /** Field outlines: MUI's 23 % black is 1.6:1, too faint to find a field by (WCAG 1.4.11 asks 3:1). */
    edge: '#80858f',
  },
  dark: {
    primary: '#8c9eff',
    secondary: '#4db6ac',
    info: '#29b6f6',
    warning: '#ffb74d',
    success: '#66bb6a',
    /** MUI's dark #f44336 takes white text at only 3.7:1; this lighter red takes black. */
    error: '#f28b82',
    paper: '#1b1e24',
    background: '#121418',
    focus: '#8c9eff',
    edge: '#7d828c',
  },
} as const;

/**
 * Chart series colours: the Okabe–Ito colour-blind-safe hues (blue, vermillion, bluish green, reddish purple,
 * grey), darkened in light mode until each is ≥ 3:1 against white, in the same order in both modes.
 */
export const CHART_COLORS = {
  light: ['#0072b2', '#d55e00', '#007a5a', '#a64d79', '#5c5c5c'],
  dark: ['#56b4e9', '#e69f00', '#009e73', '#cc79a7', '#b0b0b0'],
} as const;

/** The one focus indicator: a 2 px ring outside the control, so it shows around filled buttons too. */
function focusRing(color: string, offset: number) {
  return { outline: `2px solid ${color}`, outlineOffset: offset };
}

/** Options from the OS besides light/dark. */
export interface ThemeOptions {
  /** `prefers-reduced-motion: reduce`: no transitions, no ripples. */
  reducedMotion?: boolean;
}

/** The one theme, in light or dark (following the OS), with compact density for data-heavy screens. */
export function makeTheme(mode: 'light' | 'dark', options: ThemeOptions = {}): Theme {
  const p = PALETTE[mode];
  const outside = focusRing(p.focus, 2);
  // Inside the control where an ancestor clips (menus, tab strips, grid cells, nav lists).
  const inside = focusRing(p.focus, -2);
  const still = options.reducedMotion === true;
  return createTheme({
    palette: {
      mode,
      primary: { main: p.primary },
      secondary: { main: p.secondary },
      info: { main: p.info },
      warning: { main: p.warning },
      success: { main: p.success },
      error: { main: p.error },
      background: { default: p.background, paper: p.paper },
    },
    shape: { borderRadius: 8 },
    typography: { fontSize: 13, h5: { fontWeight: 600 }, h6: { fontWeight: 600 } },
    spacing: 7,
    ...(still ? { transitions: { create: () => 'none' } } : {}),
    components: {
      MuiCssBaseline: {
        styleOverrides: {
          'a:focus-visible': outside,
          'main:focus-visible': inside,
          ...(still ? { '*, *::before, *::after': { animationDuration: '0s !important', scrollBehavior: 'auto !important' } } : {}),
        },
      },
      MuiButtonBase: {
        defaultProps: { disableRipple: still },
        styleOverrides: { root: { '&.Mui-focusVisible, &:focus-visible': outside } },
      },
      MuiButton: {
        defaultProps: { size: 'small', disableElevation: true },
        styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } },
      },
      MuiTab: { styleOverrides: { root: { '&.Mui-focusVisible, &:focus-visible': inside } } },
      MuiMenuItem: { styleOverrides: { root: { '&.Mui-focusVisible, &:focus-visible': inside } } },
      MuiListItemButton: { styleOverrides: { root: { borderRadius: 6, '&.Mui-focusVisible, &:focus-visible': inside } } },
      // The switch's ring goes round its thumb: the hidden input inside it is what has focus.
      MuiSwitch: { styleOverrides: { switchBase: { '&.Mui-focusVisible': inside } } },
      MuiChip: {
        defaultProps: { size: 'small' },
        styleOverrides: {
          root: {
            '&.Mui-focusVisible, &:focus-visible': outside,
            // A read-only rule's values are content to read, not a control to skip: full opacity keeps them at
            // ≥ 4.5:1 in both themes (MUI's 0.38 gave 2.98:1 on the dark paper).
            '&.Mui-disabled': { opacity: 1 },
          },
        },
      },
      MuiLink: { styleOverrides: { root: { '&:focus-visible, &.Mui-focusVisible': outside } } },
      // Text fields and selects: the ring goes round the whole field, not the bare <input> inside it.
      MuiInputBase: { styleOverrides: { root: { '&:has(:focus-visible)': { ...outside, borderRadius: 4 } } } },
      MuiOutlinedInput: { styleOverrides: { notchedOutline: { borderColor: p.edge } } },
      MuiFormHelperText: { styleOverrides: { root: { '&.Mui-disabled': { color: mode === 'light' ? 'rgba(0, 0, 0, 0.6)' : undefined } } } },
      MuiDataGrid: {
        styleOverrides: {
          root: {
            '& .MuiDataGrid-cell:focus, & .MuiDataGrid-cell:focus-within, & .MuiDataGrid-columnHeader:focus, & .MuiDataGrid-columnHeader:focus-within':
              inside,
          },
        },
      },
      MuiBarChart: { defaultProps: { colors: [...CHART_COLORS[mode]] } },
      MuiLineChart: { defaultProps: { colors: [...CHART_COLORS[mode]] } },
      MuiTextField: { defaultProps: { size: 'small' } },
      MuiFormControl: { defaultProps: { size: 'small' } },
      MuiSelect: { defaultProps: { size: 'small' } },
      MuiTable: { defaultProps: { size: 'small' } },
      MuiTableCell: { styleOverrides: { head: { fontWeight: 600 } } },
      MuiIconButton: { defaultProps: { size: 'small' } },
      MuiTooltip: { defaultProps: { arrow: true } },
    },
  });
}
