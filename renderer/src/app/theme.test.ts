import { describe, expect, it } from 'vitest';
import { contrastRatio, flatten } from './contrast';
import { CHART_COLORS, makeTheme, PALETTE } from './theme';

describe('contrastRatio', () => {
  it('matches the WCAG reference points', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    // The audit's failures, reproduced: white on MUI's info blue and the old amber series against white.
    expect(contrastRatio('#ffffff', '#0288d1')).toBeCloseTo(3.85, 1);
    expect(contrastRatio('#ffb422', '#ffffff')).toBeLessThan(2);
  });

  it('says which input is not a colour', () => {
    expect(() => contrastRatio('#fff', '#000000')).toThrow('"#fff" is not a #rrggbb colour');
  });
});

describe.each(['light', 'dark'] as const)('the %s palette', (mode) => {
  const p = PALETTE[mode];
  const theme = makeTheme(mode);

  it('gives chip and button text ≥ 4.5:1 on every coloured fill', () => {
    for (const key of ['primary', 'secondary', 'info', 'warning', 'success', 'error'] as const) {
      const fill = theme.palette[key].main;
      const text = flatten(theme.palette[key].contrastText, fill);
      expect({ key, ratio: contrastRatio(fill, text) >= 4.5 }).toEqual({ key, ratio: true });
    }
  });

  it('keeps helper text of a disabled field (the contact page key) ≥ 4.5:1', () => {
    if (mode === 'light') expect(contrastRatio(flatten('rgba(0, 0, 0, 0.6)', p.paper), p.paper)).toBeGreaterThanOrEqual(4.5);
    else expect(contrastRatio(flatten(theme.palette.text.secondary, p.paper), p.paper)).toBeGreaterThanOrEqual(4.5);
  });

  it('draws the focus ring ≥ 3:1 against the paper and the page background', () => {
    expect(contrastRatio(p.focus, p.paper)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(p.focus, p.background)).toBeGreaterThanOrEqual(3);
  });

  it('draws every chart series ≥ 3:1 against the paper, with distinct hues in the same order in both modes', () => {
    for (const c of CHART_COLORS[mode]) expect({ c, ratio: contrastRatio(c, p.paper) >= 3 }).toEqual({ c, ratio: true });
    expect(new Set(CHART_COLORS[mode]).size).toBe(CHART_COLORS[mode].length);
  });

  it('keeps coloured text (links, headings, status words) ≥ 4.5:1 on the paper, and body text on the page background', () => {
    for (const key of ['primary', 'secondary', 'info', 'warning', 'success', 'error'] as const) {
      const ratio = contrastRatio(theme.palette[key].main, p.paper);
      expect({ key, ok: ratio >= 4.5 }).toEqual({ key, ok: true });
    }
    for (const surface of [p.paper, p.background]) {
      expect(contrastRatio(flatten(theme.palette.text.primary, surface), surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(flatten(theme.palette.text.secondary, surface), surface)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('outlines text fields and selects ≥ 3:1 against the paper and the page, and hands that edge to every outlined field', () => {
    expect(contrastRatio(p.edge, p.paper)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(p.edge, p.background)).toBeGreaterThanOrEqual(3);
    expect(theme.components?.MuiOutlinedInput?.styleOverrides?.notchedOutline).toEqual({ borderColor: p.edge });
  });

  it('uses the palette it promises', () => {
    expect(theme.palette.info.main).toBe(p.info);
    expect(theme.palette.warning.main).toBe(p.warning);
  });
});

describe('makeTheme', () => {
  it('hands the checked series colours to every bar and line chart', () => {
    const theme = makeTheme('light');
    expect(theme.components?.MuiBarChart?.defaultProps?.colors).toEqual(CHART_COLORS.light);
    expect(theme.components?.MuiLineChart?.defaultProps?.colors).toEqual(CHART_COLORS.light);
  });

  it('turns ripples and transitions off only when the OS asks for reduced motion', () => {
    expect(makeTheme('light').components?.MuiButtonBase?.defaultProps?.disableRipple).toBe(false);
    const still = makeTheme('light', { reducedMotion: true });
    expect(still.components?.MuiButtonBase?.defaultProps?.disableRipple).toBe(true);
    expect(still.transitions.create('opacity')).toBe('none');
    expect(makeTheme('light').transitions.create('opacity')).not.toBe('none');
  });
});
