import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from './settings.js';
import { MAX_ZOOM_LEVEL, MIN_ZOOM_LEVEL, nextZoomLevel, restoreZoom, zoomWindow, type ZoomableContents } from './zoom.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-zoom-'));
  file = path.join(dir, 'settings.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A webContents stand-in holding a zoom level, as Chromium does. */
function contents(level = 0): ZoomableContents & { level: number } {
  return {
    level,
    getZoomLevel() {
      return this.level;
    },
    setZoomLevel(l: number) {
      this.level = l;
    },
  };
}

describe('nextZoomLevel', () => {
  it('steps by half a level, resets to 0 and stops at the bounds', () => {
    expect(nextZoomLevel(0, 'in')).toBe(0.5);
    expect(nextZoomLevel(0, 'out')).toBe(-0.5);
    expect(nextZoomLevel(2.5, 'reset')).toBe(0);
    expect(nextZoomLevel(MAX_ZOOM_LEVEL, 'in')).toBe(MAX_ZOOM_LEVEL);
    expect(nextZoomLevel(MIN_ZOOM_LEVEL, 'out')).toBe(MIN_ZOOM_LEVEL);
  });

  it('snaps a level set elsewhere (pinch, Ctrl+wheel) back onto the menu grid', () => {
    expect(nextZoomLevel(0.37, 'in')).toBe(1);
    expect(nextZoomLevel(-0.8, 'out')).toBe(-1.5);
  });
});

describe('zoomWindow and restoreZoom', () => {
  it('zooms the window, remembers the level in the settings file and puts it back at the next start', () => {
    const store = new SettingsStore(file, () => {});
    const wc = contents();
    zoomWindow(wc, 'in', store);
    zoomWindow(wc, 'in', store);
    expect(wc.level).toBe(1);
    const saved: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ zoomLevel: 1 });

    const nextRun = new SettingsStore(file, () => {});
    const fresh = contents();
    restoreZoom(fresh, nextRun);
    expect(fresh.level).toBe(1);
  });

  it('Actual Size forgets the level, so the file holds no zoom at 100 %', () => {
    const store = new SettingsStore(file, () => {});
    const wc = contents();
    zoomWindow(wc, 'out', store);
    zoomWindow(wc, 'reset', store);
    expect(wc.level).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).not.toHaveProperty('zoomLevel');
  });

  it('a settings file with a zoom level out of range is ignored with a log line, and the page opens at 100 %', () => {
    fs.writeFileSync(file, JSON.stringify({ version: 1, recentDatabases: [], zoomLevel: 40 }));
    const logged: string[] = [];
    const store = new SettingsStore(file, (m) => logged.push(m));
    const wc = contents(3);
    restoreZoom(wc, store);
    expect(wc.level).toBe(0);
    expect(logged.join('\n')).toMatch(/zoomLevel/);
  });
});
