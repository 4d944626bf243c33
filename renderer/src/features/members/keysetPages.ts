/**
 * Keyset paging behind a page-numbered grid: the cursor of page n is the `nextAfter` of page n-1.
 * Pages are visited one step at a time (next / previous), so every cursor needed is known. A new
 * query (search, columns, page size…) starts over from the first page.
 */
import { useCallback, useState } from 'react';

/** Cursors by page: index 0 is the first page (no cursor). */
export type Cursors = readonly (number | undefined)[];

/** The `after` to request `page`; null when that page has not been reached yet. */
export function cursorOf(cursors: Cursors, page: number): number | undefined | null {
  return page < cursors.length ? cursors[page] : null;
}

/** Cursors after `page` answered with `nextAfter` (unchanged when nothing new is learnt). */
export function withNextAfter(cursors: Cursors, page: number, nextAfter: number | null): Cursors {
  if (nextAfter === null || cursors[page + 1] === nextAfter) return cursors;
  const next = [...cursors];
  next[page + 1] = nextAfter;
  return next;
}

export function useKeysetPaging(
  queryKey: string,
  page: number,
): { cursor: number | undefined | null; record: (page: number, nextAfter: number | null) => void } {
  const [state, setState] = useState<{ key: string; cursors: Cursors }>({ key: queryKey, cursors: [undefined] });
  if (state.key !== queryKey) setState({ key: queryKey, cursors: [undefined] });
  const cursors = state.key === queryKey ? state.cursors : [undefined];
  const record = useCallback(
    (p: number, nextAfter: number | null) =>
      setState((s) => (s.key === queryKey ? { ...s, cursors: withNextAfter(s.cursors, p, nextAfter) } : s)),
    [queryKey],
  );
  return { cursor: cursorOf(cursors, page), record };
}
