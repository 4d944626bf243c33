import { ThemeProvider } from '@mui/material/styles';
import { cleanup, render, type RenderOptions } from '@testing-library/react';
import { afterEach } from 'vitest';
import type { ReactElement, ReactNode } from 'react';
import { Provider } from 'react-redux';
import { createApiClient, type ApiTransport } from '../../../shared/api/client';
import { makeStore, type AppStore } from '../app/store';
import { makeTheme } from '../app/theme';
import { createFakeTransport } from './fakeTransport';

interface Options extends Omit<RenderOptions, 'wrapper'> {
  /** The transport behind the store's ApiClient (default: an empty fake backend). */
  transport?: ApiTransport;
  store?: AppStore;
}

/** Renders `ui` inside the app's providers (Redux store over an injected client, theme), as in the app. */
export function renderWithProviders(ui: ReactElement, { transport = createFakeTransport(), store, ...options }: Options = {}) {
  const theStore = store ?? makeStore({ client: createApiClient(transport) });
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <Provider store={theStore}>
        <ThemeProvider theme={makeTheme('light')}>{children}</ThemeProvider>
      </Provider>
    );
  }
  return { store: theStore, transport, ...render(ui, { wrapper: Wrapper, ...options }) };
}

// Vitest runs without globals, so Testing Library cannot register its own cleanup: unmount after each test here.
afterEach(() => cleanup());
