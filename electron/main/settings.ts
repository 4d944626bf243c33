/**
 * The desktop settings file in userData (`settings.json`): recent databases, the last one opened and the
 * window's bounds and zoom level. Validated on load (a corrupt or foreign file is ignored with a log line and the
 * defaults apply); written atomically (a temp file in the same folder, then rename), so a crash
 * mid-write leaves the old file or the new one, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAX_ZOOM_LEVEL, MIN_ZOOM_LEVEL } from './zoom.js';

/** How many databases File ▸ Open Recent lists. */
export const MAX_RECENT = 10;

const int = z.number().int().min(-100_000).max(100_000);

/** Where and how big the window was; `maximized` restores over these bounds. */
export const windowStateSchema = z.strictObject({
  x: int,
  y: int,
  width: z.number().int().min(100).max(100_000),
  height: z.number().int().min(100).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

const dbPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => path.isAbsolute(p), 'An absolute path');

export const settingsSchema = z.strictObject({
  /** Bumped when the shape changes incompatibly; another number is a foreign file. */
  version: z.literal(1),
  /** Most recent first, no duplicates. */
  recentDatabases: z.array(dbPath).max(MAX_RECENT),
  /** The database reopened at start; absent on first start (the default database in userData). */
  lastDatabase: dbPath.optional(),
  window: windowStateSchema.optional(),
  /** View ▸ Zoom's level (Chromium's: 0 is 100 %, each unit ×1.2); absent means 100 %. zoom.ts keeps it in range. */
  zoomLevel: z.number().min(MIN_ZOOM_LEVEL).max(MAX_ZOOM_LEVEL).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { version: 1, recentDatabases: [] };

/** `recent` with `p` moved (or added) to the front, at most {@link MAX_RECENT} long. */
export function withRecent(recent: readonly string[], p: string): string[] {
  const resolved = path.resolve(p);
  return [resolved, ...recent.filter((r) => r !== resolved)].slice(0, MAX_RECENT);
}

/**
 * Reads and validates the settings file. A missing file gives the defaults silently; an unreadable,
 * non-JSON or foreign file gives the defaults and one `log` line saying why (the next save replaces it).
 */
export function loadSettings(file: string, log: (message: string) => void): Settings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      log(`Settings file ${file} could not be read (${(err as Error).message}); using the defaults.`);
    return { ...DEFAULT_SETTINGS };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    log(`Settings file ${file} is not JSON (${(err as Error).message}); ignoring it and using the defaults.`);
    return { ...DEFAULT_SETTINGS };
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    log(`Settings file ${file} is not a Segment Studio settings file (${where}); ignoring it and using the defaults.`);
    return { ...DEFAULT_SETTINGS };
  }
  return parsed.data;
}

/** Writes `settings` to `file` atomically: a temp file beside it, flushed, then renamed over it. */
export function saveSettings(file: string, settings: Settings): void {
  const valid = settingsSchema.parse(settings);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, `${JSON.stringify(valid, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** The settings of this run: read once, changed through {@link SettingsStore.update}, saved on each change. */
export class SettingsStore {
  private current: Settings;

  constructor(
    private readonly file: string,
    private readonly log: (message: string) => void,
  ) {
    this.current = loadSettings(file, log);
  }

  get value(): Settings {
    return this.current;
  }

  /** Applies `change` and saves. A failed save is logged; the app goes on with the new values in memory. */
  update(change: (s: Settings) => Settings): Settings {
    this.current = change(this.current);
    try {
      saveSettings(this.file, this.current);
    } catch (err) {
      this.log(`Settings could not be saved to ${this.file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.current;
  }
}
