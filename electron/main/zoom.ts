/**
 * Zoom (WCAG 1.4.4): View ▸ Zoom In / Zoom Out / Actual Size change the window's zoom level in Chromium's
 * steps, the level is remembered in the settings file and put back whenever the page loads (a database
 * switch reloads the page, and Chromium would otherwise keep zoom per origin only while it runs).
 */
import type { SettingsStore } from './settings.js';

/** What a menu zoom item asks for. */
export type ZoomDirection = 'in' | 'out' | 'reset';

/** Chromium's zoom levels: 0 is 100 %, each step ×1.2; these bounds are about 33 % and 500 % (Chromium's own range). */
export const MIN_ZOOM_LEVEL = -6;
export const MAX_ZOOM_LEVEL = 9;
/** One menu step: half a level (about ×1.1), as Chrome and Electron's own zoom roles step. */
export const ZOOM_STEP = 0.5;

/** The level after one step `direction` from `current`, kept within the bounds and on the half-level grid. */
export function nextZoomLevel(current: number, direction: ZoomDirection): number {
  if (direction === 'reset') return 0;
  const snapped = Math.round(current / ZOOM_STEP) * ZOOM_STEP;
  const next = snapped + (direction === 'in' ? ZOOM_STEP : -ZOOM_STEP);
  return Math.min(MAX_ZOOM_LEVEL, Math.max(MIN_ZOOM_LEVEL, next));
}

/** The part of webContents that zooms (structural, so tests hand in a fake). */
export interface ZoomableContents {
  getZoomLevel(): number;
  setZoomLevel(level: number): void;
}

/** Applies one menu step to `contents` and remembers the new level. */
export function zoomWindow(contents: ZoomableContents, direction: ZoomDirection, settings: SettingsStore): number {
  const level = nextZoomLevel(contents.getZoomLevel(), direction);
  contents.setZoomLevel(level);
  settings.update((s) => {
    const { zoomLevel: _old, ...rest } = s;
    return level === 0 ? rest : { ...rest, zoomLevel: level };
  });
  return level;
}

/** Puts the remembered level back (on every page load). */
export function restoreZoom(contents: ZoomableContents, settings: SettingsStore): void {
  contents.setZoomLevel(settings.value.zoomLevel ?? 0);
}
