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

  it('announces a refused file in words: why, and that nothing was imported', async () => {
    const file = await backend.writeFile('nokey.csv', 'fullname,city\nAnn Lee,Oslo\n');
    const { id } = await backend.call('imports.start', { kind: 'entity', entity: 'contact', key: 'contactid', path: file });
    const onDone = vi.fn();
    renderWithProviders(
      <>
        <RunStep id={id} onDone={onDone} />
        <LiveRegion />
      </>,
      { transport: backend.transport },
    );
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ id, status: 'refused' })));
    expect(screen.getByTestId('live-region')).toHaveTextContent(
      /^The import cannot start: .*key column "contactid" is not in the header[^.]*\. Nothing was imported\.$/,
    );
  });
});
