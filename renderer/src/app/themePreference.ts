/**
 * The person's choice of theme: Light, Dark or Follow system (the OS's `prefers-color-scheme`, followed live).
 * Kept in localStorage, which both hosts have (the desktop app's page is one fixed origin), so it survives
 * restarts without a round trip to the backend.
 */
import { useCallback, useState } from 'react';

/** What the Appearance menu offers. */
export type ThemePreference = 'light' | 'dark' | 'system';

export const THEME_PREFERENCES: readonly { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'Follow system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The localStorage key; the value is one of {@link ThemePreference}. */
export const THEME_STORAGE_KEY = 'segment-studio.theme';

/** The stored choice; anything missing, unreadable or foreign means Follow system. */
export function loadThemePreference(storage: Pick<Storage, 'getItem'> | undefined): ThemePreference {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(THEME_STORAGE_KEY) ?? null;
  } catch {
    // Storage can be switched off (privacy settings): the OS decides then.
  }
  return stored === 'light' || stored === 'dark' || stored === 'system' ? stored : 'system';
}

/** The mode to draw in. */
export function resolveThemeMode(preference: ThemePreference, systemPrefersDark: boolean): 'light' | 'dark' {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

/** The current choice and a setter that remembers it (a storage failure keeps the choice for this run). */
export function useThemePreference(): [ThemePreference, (p: ThemePreference) => void] {
  const [preference, setPreference] = useState<ThemePreference>(() => loadThemePreference(browserStorage()));
  const choose = useCallback((p: ThemePreference) => {
    setPreference(p);
    try {
      browserStorage()?.setItem(THEME_STORAGE_KEY, p);
    } catch {
      // Full or switched-off storage: the choice holds until the page reloads.
    }
  }, []);
  return [preference, choose];
}
