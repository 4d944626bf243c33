import { configureStore, isRejectedWithValue, type Middleware } from '@reduxjs/toolkit';
import type { ApiClient } from '../../../shared/api/client';
import { api } from './api';
import { desktopSlice, received } from './desktopSlice';
import { errorMessage, isApiError } from './errors';
import { notify, uiSlice } from './uiSlice';

export interface MakeStoreOptions {
  /** The API client over the page's transport (or a fake one in tests). */
  client: ApiClient;
}

/**
 * A failed query (loading data) goes to the snackbar. Failed mutations are the caller's to show,
 * usually inline next to what the user typed (e.g. a duplicate name in the New segment dialog).
 */
const queryErrorsToSnackbar: Middleware = (store) => (next) => (action) => {
  if (isRejectedWithValue(action)) {
    const arg = (action.meta as { arg?: { type?: string } }).arg;
    if (arg?.type === 'query' && isApiError(action.payload))
      store.dispatch(notify({ message: errorMessage(action.payload), severity: 'error' }));
  }
  return next(action);
};

export function makeStore({ client }: MakeStoreOptions) {
  const store = configureStore({
    reducer: { [api.reducerPath]: api.reducer, [uiSlice.name]: uiSlice.reducer, [desktopSlice.name]: desktopSlice.reducer },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: { client } } }).concat(api.middleware, queryErrorsToSnackbar),
  });
  // Changes made elsewhere (another window, the CLI, the evaluator) refresh what is on screen:
  // the record and the list row (status chip, member count).
  const refreshSegment = (id: string) =>
    store.dispatch(
      api.util.invalidateTags([
        { type: 'Segment', id },
        { type: 'Segment', id: 'LIST' },
      ]),
    );
  client.on('segment.changed', (payload) => refreshSegment(payload.id));
  client.on('segmentStatus.changed', (payload) => refreshSegment(payload.id));
  client.on('membership.changed', (payload) => refreshSegment(payload.segmentId));
  // The desktop app's menu and files from the OS (never sent by the web host); the App shell acts on them.
  client.on('app.commandInvoked', (payload) => store.dispatch(received({ type: 'command', command: payload.command })));
  client.on('app.fileOpened', (payload) => store.dispatch(received({ type: 'file', ...payload })));
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
