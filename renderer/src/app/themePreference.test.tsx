// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/renderWithProviders';
import { backendPerTest } from '../test/testBackend';
import { App } from './App';
import { loadThemePreference, resolveThemeMode, THEME_STORAGE_KEY } from './themePreference';

afterEach(() => {
  window.localStorage.clear();
  window.location.hash = '';
});

describe('theme preference', () => {
  it('reads a stored choice, and anything else as Follow system', () => {
    const storage = (value: string | null) => ({ getItem: () => value });
    expect(loadThemePreference(storage('dark'))).toBe('dark');
    expect(loadThemePreference(storage('light'))).toBe('light');
    expect(loadThemePreference(storage('purple'))).toBe('system');
    expect(loadThemePreference(storage(null))).toBe('system');
    expect(loadThemePreference(undefined)).toBe('system');
    const blocked = {
      getItem: (): string | null => {
        throw new Error('SecurityError: storage is disabled');
      },
    };
    expect(loadThemePreference(blocked)).toBe('system');
  });

  it('follows the system only when asked to', () => {
    expect(resolveThemeMode('system', true)).toBe('dark');
    expect(resolveThemeMode('system', false)).toBe('light');
    expect(resolveThemeMode('light', true)).toBe('light');
    expect(resolveThemeMode('dark', false)).toBe('dark');
  });
});

describe('Appearance menu', () => {
  const backend = backendPerTest();

  it('switches to Dark, remembers it, and the next start opens dark', async () => {
    const user = userEvent.setup();
    const first = renderWithProviders(<App />, { transport: backend.transport });
    // The app opens on Home (the first page).
    expect(await screen.findByRole('heading', { name: 'Home', level: 1 })).toBeInTheDocument();
    expect(document.documentElement.dataset.theme).toBe('light');
    await user.click(screen.getByRole('button', { name: 'Appearance: Follow system' }));
    const menu = screen.getByRole('menu', { name: 'Theme' });
    expect(screen.getByRole('menuitemradio', { name: 'Follow system' })).toHaveAttribute('aria-checked', 'true');
    expect(menu).toHaveTextContent(/Follow system.*Light.*Dark/);
    await user.click(screen.getByRole('menuitemradio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(screen.getByRole('button', { name: 'Appearance: Dark' })).toBeInTheDocument();
    first.unmount();

    renderWithProviders(<App />, { transport: backend.transport });
    expect(await screen.findByRole('button', { name: 'Appearance: Dark' })).toBeInTheDocument();
    expect(document.documentElement.dataset.theme).toBe('dark');
    await user.click(screen.getByRole('button', { name: 'Appearance: Dark' }));
    expect(screen.getByRole('menuitemradio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');
    await user.click(screen.getByRole('menuitemradio', { name: 'Light' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });
});
