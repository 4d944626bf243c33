/**
 * The Members tab's chosen columns, remembered per segment in localStorage (this browser profile or
 * the desktop app's), so reopening a segment shows the columns picked last time.
 */
import { useCallback, useState } from 'react';

const PREFIX = 'segment-studio:members-columns:';
/** As many columns as the tab allows. */
const MAX = 12;

function read(segmentId: string, defaults: readonly string[]): string[] {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(PREFIX + segmentId) ?? 'null');
    if (Array.isArray(raw) && raw.every((c) => typeof c === 'string')) return (raw as string[]).slice(0, MAX);
  } catch {
    // Unreadable (changed by hand, or storage refused): the defaults.
  }
  return [...defaults];
}

/** `[columns, setColumns]` like useState, kept in localStorage under the segment's id. */
export function useStoredColumns(segmentId: string, defaults: readonly string[]): [string[], (next: string[]) => void] {
  const [columns, setState] = useState<string[]>(() => read(segmentId, defaults));
  const set = useCallback(
    (next: string[]) => {
      setState(next);
      try {
        window.localStorage.setItem(PREFIX + segmentId, JSON.stringify(next.slice(0, MAX)));
      } catch {
        // Storage full or disabled: the choice lasts for this visit only.
      }
    },
    [segmentId],
  );
  return [columns, set];
}
