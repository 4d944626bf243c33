import { useCallback, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash.replace(/^#\/?/, '');

/** Asked before in-app navigation; returns false to stay (e.g. a page with unsaved changes). */
type NavigationGuard = (next: string) => boolean;
let guard: NavigationGuard | null = null;

/** Installs the navigation guard; returns its release. One page guards at a time. */
export function setNavigationGuard(g: NavigationGuard): () => void {
  guard = g;
  return () => {
    if (guard === g) guard = null;
  };
}

/**
 * The current page from the URL hash (`#/segments`). Hash routing works unchanged from file://
 * (Electron) and http:// (web host), and reload keeps the page.
 */
export function useHashRoute(): [string, (route: string) => void] {
  const route = useSyncExternalStore(subscribe, readHash, () => '');
  const navigate = useCallback((next: string) => {
    if (guard && next !== readHash() && !guard(next)) return;
    window.location.hash = `#/${next}`;
  }, []);
  return [route, navigate];
}
