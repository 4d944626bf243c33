/**
 * Window size, position and maximised state, remembered in the settings file and restored only where
 * the user can see the window: a saved position on a display that has since been unplugged (or moved)
 * falls back to the default, centred one. `screen` comes in as displays, so tests need no Electron.
 */
import type { WindowState } from './settings.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of an Electron Display used here. */
export interface DisplayLike {
  workArea: Rect;
}

/** What a restored window is created with: bounds (position only when it is visible) and maximised. */
export interface RestoredWindow {
  bounds: Partial<Pick<Rect, 'x' | 'y'>> & Pick<Rect, 'width' | 'height'>;
  maximized: boolean;
}

/** How much of the window (title bar included) must lie on one display to count as visible. */
const MIN_VISIBLE = { width: 120, height: 60 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open the window with. A saved window whose top strip (where the title bar is) lies on
 * no display opens at the default size, centred by Electron; a saved size larger than its display
 * shrinks to the display's work area.
 */
export function restoreWindow(
  saved: WindowState | undefined,
  displays: readonly DisplayLike[],
  defaults: { width: number; height: number },
): RestoredWindow {
  if (!saved) return { bounds: { ...defaults }, maximized: false };
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: Math.min(saved.height, MIN_VISIBLE.height) };
  const home = displays.find((d) => {
    const o = overlap(titleBar, d.workArea);
    return o.width >= Math.min(MIN_VISIBLE.width, saved.width) && o.height >= Math.min(MIN_VISIBLE.height, saved.height);
  });
  if (!home) return { bounds: { ...defaults }, maximized: saved.maximized };
  const area = home.workArea;
  const width = Math.min(saved.width, area.width);
  const height = Math.min(saved.height, area.height);
  // Pull the window back inside its display when the shrink or the saved position left it hanging out.
  const x = Math.max(area.x, Math.min(saved.x, area.x + area.width - width));
  const y = Math.max(area.y, Math.min(saved.y, area.y + area.height - height));
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** The part of a BrowserWindow read when saving its state. */
export interface StatefulWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
}

/** The state to save for `win`: its normal (unmaximised) bounds, so un-maximising later restores them. */
export function captureWindowState(win: StatefulWindow): WindowState {
  const b = win.getNormalBounds();
  const r = (n: number) => Math.round(n);
  return {
    x: r(b.x),
    y: r(b.y),
    width: Math.max(100, r(b.width)),
    height: Math.max(100, r(b.height)),
    maximized: win.isMaximized() || win.isFullScreen(),
  };
}
