// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/renderWithProviders';
import { App } from './App';
import { ROUTES } from './routes';

afterEach(() => {
  window.location.hash = '';
});

describe('App shell', () => {
  it('opens on Segments', async () => {
    renderWithProviders(<App />);
    expect(await screen.findByRole('heading', { name: 'Segments', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Segments' })).toHaveAttribute('aria-current', 'page');
  });

  it('moves between every page of the navigation and keeps the page in the URL', async () => {
    const user = userEvent.setup();
    renderWithProviders(<App />);
    for (const route of [...ROUTES].reverse()) {
      await user.click(screen.getByRole('button', { name: route.label }));
      expect(window.location.hash).toBe(`#/${route.path}`);
      expect(screen.getByRole('button', { name: route.label })).toHaveAttribute('aria-current', 'page');
      expect(await screen.findByRole('heading', { name: route.label, level: 1 })).toBeInTheDocument();
    }
  });
});
