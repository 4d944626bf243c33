/**
 * Paths of files dropped on the window, for main. Only here, in the preload's own listener of a drop
 * event the user made (`isTrusted`; a page script can dispatch synthetic drops, but not trusted ones),
 * are paths read with `webUtils.getPathForFile` (empty for a File the page built itself) and sent on
 * the one fixed drop channel. The page never gets a way to send a path of its choosing.
 */
import { DROP_FILES_CHANNEL } from '../../shared/api/manifest.js';

/** The part of a DragEvent read here (the preload is compiled without the DOM library). */
export interface DropEventLike {
  readonly isTrusted: boolean;
  readonly dataTransfer: { readonly files: ArrayLike<unknown> } | null;
}

export interface DropTargetLike {
  addEventListener(type: 'drop', listener: (event: DropEventLike) => void, options: { capture: true }): void;
}

/** Sends the paths of every trusted drop's files to main; returns nothing to the page. */
export function watchDrops(
  target: DropTargetLike,
  getPathForFile: (file: unknown) => string,
  send: (channel: string, paths: string[]) => void,
): void {
  target.addEventListener(
    'drop',
    (event) => {
      if (!event.isTrusted || !event.dataTransfer) return;
      const paths = Array.from(event.dataTransfer.files, (f) => getPathForFile(f)).filter((p) => typeof p === 'string' && p !== '');
      if (paths.length > 0) send(DROP_FILES_CHANNEL, paths);
    },
    // Capture: the page's own handler (which prevents the browser from opening the file) cannot stop it.
    { capture: true },
  );
}
