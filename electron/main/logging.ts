/**
 * Logs in `userData/logs` (electron-log): `main.log`, rotated past {@link LOG_MAX_BYTES} into
 * `main.1.log` … `main.<LOG_KEEP>.log`, the oldest dropped. Uncaught exceptions and unhandled
 * rejections of main are written there too (no Electron error box: start failures have their own
 * dialog). The logger comes in as a parameter: index.ts passes `electron-log/main`, tests the Node one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NodeLogger } from 'electron-log';

export const LOG_MAX_BYTES = 2 * 1024 * 1024;
/** Rotated files kept besides the current one. */
export const LOG_KEEP = 3;

/** Shifts `main.log` → `main.1.log` → … → `main.<keep>.log`; the one past `keep` is deleted. Synchronous. */
export function rotateLogFile(file: string, keep: number): void {
  const ext = path.extname(file);
  const numbered = (n: number) => `${file.slice(0, file.length - ext.length)}.${n}${ext}`;
  fs.rmSync(numbered(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    if (fs.existsSync(numbered(n))) fs.renameSync(numbered(n), numbered(n + 1));
  }
  if (fs.existsSync(file)) fs.renameSync(file, numbered(1));
}

export interface LoggingOptions {
  logsDir: string;
  /** Rotation size; tests make it small. */
  maxBytes?: number;
  /** Catch uncaught exceptions and unhandled rejections (the app does; tests of the file part do not). */
  catchErrors?: boolean;
}

/** Points `log` at `logsDir` with rotation and error catching. Returns the log file path. */
export function configureLogging(log: NodeLogger, o: LoggingOptions): string {
  const file = path.join(o.logsDir, 'main.log');
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = o.maxBytes ?? LOG_MAX_BYTES;
  log.transports.file.archiveLogFn = (old) => rotateLogFile(old.path, LOG_KEEP);
  log.transports.file.level = 'info';
  if (o.catchErrors !== false) log.errorHandler.startCatching({ showDialog: false });
  return file;
}
