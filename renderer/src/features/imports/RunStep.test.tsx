// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { LiveRegion } from '../../components/Announcer';
import { renderWithProviders } from '../../test/renderWithProviders';
import { backendPerTest } from '../../test/testBackend';
import { RunStep } from './RunStep';

const backend = backendPerTest();

describe('RunStep live region', () => {
  it('announces the end of an import with its counts, through the app’s live region', async () => {
    const summary = await backend.importCsv('contactid,fullname\nc1,Ann Lee\nc2,Bo Berg\nc3,Cy Dahl\n', {
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
    });
    const onDone = vi.fn();
    renderWithProviders(
      <>
        <RunStep id={summary.id} onDone={onDone} />
        <LiveRegion />
      </>,
      { transport: backend.transport },
    );
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(screen.getByTestId('live-region')).toHaveTextContent('Import finished: 3 rows read, 3 new, 0 updated, 0 skipped.');
  });
});
