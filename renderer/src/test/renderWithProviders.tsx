import { ThemeProvider } from '@mui/material/styles';
import { cleanup, configure, render, type RenderOptions } from '@testing-library/react';
import { afterEach } from 'vitest';
import type { ReactElement, ReactNode } from 'react';
import { Provider } from 'react-redux';
import { createApiClient, type ApiTransport } from '../../../shared/api/client';
import { makeStore, type AppStore } from '../app/store';
import { makeTheme } from '../app/theme';
import { fail } from '../../../shared/api/result';

interface Options extends Omit<RenderOptions, 'wrapper'> {
  /**
   * The transport behind the store's ApiClient: a real backend's (`backendPerTest().transport`, see
   * ./testBackend.ts). Without one, every call fails, saying the test has no backend.
   */
  transport?: ApiTransport;
  store?: AppStore;
}

/** For components that need no data: any call is a test bug, reported as a failed call. */
const noBackend: ApiTransport = {
  invoke: async (channel) => fail('internal', `This test has no backend ("${channel}" was called): pass { transport: backend.transport }.`),
  subscribe: () => () => undefined,
};

/** Renders `ui` inside the app's providers (Redux store over an injected client, theme), as in the app. */
export function renderWithProviders(ui: ReactElement, { transport = noBackend, store, ...options }: Options = {}) {
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

// The components talk to a real backend (a real SQLite query per call): on a loaded build machine an
// answer can take longer than Testing Library's 1 s default for findBy/waitFor. This is a budget for
// waiting on the real event, not a pause: a passing wait returns as soon as its condition holds.
configure({ asyncUtilTimeout: 5000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup: unmount after each test here.
afterEach(() => cleanup());
