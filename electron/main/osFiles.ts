/**
 * Files the operating system hands over: a `.segment.json` opened from the file manager (macOS
 * `open-file`, also before the app is ready), passed on the command line (Windows and Linux open files
 * that way), forwarded from a second launch by the single-instance lock, or dropped on the window. Each
 * is checked, trusted for reading (the user handed it over, as in an open dialog) and delivered to the
 * page as an `app.fileOpened` event; files arriving before the page can take them wait in a queue.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EventPayload, OpenedFileKind } from '../../shared/api/contract.js';

export type FileOpened = EventPayload<'app.fileOpened'>;

/** What a file is for, by its name: segment files (`.segment.json`, any `.json`) and CSV data. */
export function openedFileKind(p: string): OpenedFileKind | null {
  if (/\.json$/i.test(p)) return 'segmentFile';
  if (/\.csv$/i.test(p)) return 'csv';
  return null;
}

/**
 * The file arguments of a launch: everything after the executable that is not a flag (`--foo`,
 * `-x`, Chromium's `--allow-file-access-from-files`) and, when not packaged (`electron .`), not the app
 * path either. Relative paths resolve against `cwd` (a second launch's working directory).
 */
export function filesFromArgv(argv: readonly string[], o: { isPackaged: boolean; cwd: string }): string[] {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const files = o.isPackaged ? args : args.slice(1);
  return files.filter((a) => openedFileKind(a) !== null).map((a) => path.resolve(o.cwd, a));
}

export interface OsFileRouterOptions {
  /** Trusts paths for reading by the API (ChosenPaths.add('read', …)). */
  trust: (paths: string[]) => void;
  log: (message: string) => void;
}

/**
 * Routes handed-over files to the page. `open` may be called at any time; `attach` gives the function
 * that delivers to the page once it is loaded, `detach` when the window goes (files then queue again).
 */
export class OsFileRouter {
  private readonly queue: FileOpened[] = [];
  private deliver: ((file: FileOpened) => void) | undefined;

  constructor(private readonly o: OsFileRouterOptions) {}

  /** Checks `p` (a file of a known kind that exists), trusts it and delivers or queues it. False when refused. */
  open(p: string, via: FileOpened['via']): boolean {
    const resolved = path.resolve(p);
    const kind = openedFileKind(resolved);
    if (kind === null) {
      this.o.log(`Ignored ${resolved} (${via}): only .segment.json and .csv files can be opened.`);
      return false;
    }
    let isFile: boolean;
    try {
      isFile = fs.statSync(resolved).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) {
      this.o.log(`Ignored ${resolved} (${via}): no such file.`);
      return false;
    }
    this.o.trust([resolved]);
    const file: FileOpened = { kind, path: resolved, via };
    if (this.deliver) this.deliver(file);
    else this.queue.push(file);
    return true;
  }

  /** Opens the files of a launch's command line (this one's at start, a second launch's when forwarded). */
  openArgv(argv: readonly string[], o: { isPackaged: boolean; cwd: string }): number {
    return filesFromArgv(argv, o).filter((p) => this.open(p, 'os')).length;
  }

  /** The page is ready: delivers the waiting files in arrival order, then each new one at once. */
  attach(deliver: (file: FileOpened) => void): void {
    this.deliver = deliver;
    for (const file of this.queue.splice(0)) deliver(file);
  }

  detach(): void {
    this.deliver = undefined;
  }

  /** Files waiting for a page. */
  get pending(): readonly FileOpened[] {
    return this.queue;
  }
}
