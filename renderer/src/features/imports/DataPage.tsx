/** The Data page: the import wizard with the recent imports (each can be undone), and the catalog of what has been imported. */
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useDroppedCsv } from '../../app/droppedFiles';
import { CatalogView } from '../catalog/CatalogView';
import { ImportHistory } from './ImportHistory';
import { ImportWizard } from './ImportWizard';

export function DataPage() {
  const [tab, setTab] = useState<'import' | 'catalog'>('import');
  // A CSV dropped on the window (App shell): show the wizard, started afresh with it.
  const dropped = useDroppedCsv();
  const [seenDrop, setSeenDrop] = useState(dropped.seq);
  if (seenDrop !== dropped.seq) {
    setSeenDrop(dropped.seq);
    setTab('import');
  }
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        Data
      </Typography>
      <Tabs value={tab} onChange={(_e, t: 'import' | 'catalog') => setTab(t)}>
        <Tab value="import" label="Import CSV" />
        <Tab value="catalog" label="Catalog" />
      </Tabs>
      {tab === 'import' ? (
        <>
          <ImportWizard key={dropped.seq} droppedFile={dropped.file} droppedPath={dropped.path} onDroppedTaken={dropped.taken} />
          <ImportHistory />
        </>
      ) : (
        <CatalogView />
      )}
    </Stack>
  );
}
