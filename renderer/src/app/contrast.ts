/** WCAG 2.x contrast arithmetic, so the palette's promises are checked by tests rather than by eye. */

/** Relative luminance of a `#rrggbb` colour (WCAG 2.2, "relative luminance"). */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`luminance: "${hex}" is not a #rrggbb colour.`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const v = parseInt(h as string, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `#rrggbb` as is, `#rgb` spelt out, or an `rgba(r, g, b, a)` (as MUI writes its text colours) laid over the opaque `under`. */
export function flatten(color: string, under: string): string {
  if (/^#[0-9a-f]{3}$/i.test(color)) return `#${[...color.slice(1)].map((c) => c + c).join('')}`;
  if (color.startsWith('#')) return color;
  const m = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)$/.exec(color);
  if (!m) throw new Error(`flatten: "${color}" is neither #rrggbb nor rgba(r, g, b, a).`);
  const a = Number(m[4]);
  const base = [1, 3, 5].map((i) => parseInt(under.slice(i, i + 2), 16));
  const mixed = [m[1], m[2], m[3]].map((c, i) => Math.round(Number(c) * a + (base[i] as number) * (1 - a)));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
