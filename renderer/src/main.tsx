import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { createApiClient } from '../../shared/api/client';
import { App } from './app/App';
import { makeStore, type AppStore } from './app/store';
import { notify } from './app/uiSlice';
import { createPlatformTransport } from './platform/transport';

// Status changes arrive asynchronously (socket events), always after `store` below is initialised.
let wasDisconnected = false;
const transport = createPlatformTransport({
  onStatus: (status) => {
    if (status === 'disconnected') {
      wasDisconnected = true;
      store.dispatch(notify({ message: 'Lost the connection to the Segment Studio backend. Reconnecting…', severity: 'warning' }));
    } else if (wasDisconnected) {
      wasDisconnected = false;
      store.dispatch(notify({ message: 'Connected again.', severity: 'success' }));
    }
  },
});
const store: AppStore = makeStore({ client: createApiClient(transport) });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <Provider store={store}>
      <App />
    </Provider>
  </StrictMode>,
);
