import { describe, expect, it } from 'vitest';
import { captureWindowState, restoreWindow, type DisplayLike } from './windowState.js';

const defaults = { width: 1280, height: 820 };
const laptop: DisplayLike = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
// An external monitor to the right of the laptop.
const monitor: DisplayLike = { workArea: { x: 1440, y: 0, width: 2560, height: 1440 } };

describe('window state', () => {
  it('first start: default size, no position (Electron centres it), not maximised', () => {
    expect(restoreWindow(undefined, [laptop], defaults)).toEqual({ bounds: defaults, maximized: false });
  });

  it('restores size, position and maximised on the display it was on', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900, maximized: true };
    expect(restoreWindow(saved, [laptop, monitor], defaults)).toEqual({
      bounds: { x: 1600, y: 100, width: 1400, height: 900 },
      maximized: true,
    });
  });

  it('a window saved on an unplugged monitor opens at the default, centred, on the remaining display', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900, maximized: false };
    expect(restoreWindow(saved, [laptop], defaults)).toEqual({ bounds: defaults, maximized: false });
  });

  it('a window whose title bar is above the screen counts as not visible', () => {
    const saved = { x: 100, y: -500, width: 1000, height: 700, maximized: false };
    expect(restoreWindow(saved, [laptop], defaults).bounds).toEqual(defaults);
  });

  it('a window partly off its display is pulled inside, and shrunk to fit a smaller display', () => {
    const saved = { x: 1000, y: 300, width: 2000, height: 1200, maximized: false };
    expect(restoreWindow(saved, [laptop], defaults).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    const hanging = { x: 1200, y: 100, width: 800, height: 600, maximized: false };
    expect(restoreWindow(hanging, [laptop], defaults).bounds).toEqual({ x: 640, y: 100, width: 800, height: 600 });
  });

  it('captures the normal bounds, rounded, and full screen as maximised', () => {
    const win = {
      getNormalBounds: () => ({ x: 10.4, y: 20.6, width: 1000, height: 700 }),
      isMaximized: () => false,
      isFullScreen: () => true,
    };
    expect(captureWindowState(win)).toEqual({ x: 10, y: 21, width: 1000, height: 700, maximized: true });
  });
});
