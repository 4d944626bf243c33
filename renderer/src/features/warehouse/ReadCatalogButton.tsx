/**
 * "Read the catalog from the warehouse": adds the connected warehouse's entities, fields and interaction
 * types to this catalog (a fresh database does it by itself on connect) and says what it added, or why not.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import type { CatalogFromWarehouse } from '../../../../shared/api/contract/warehouseSource';
import { errorMessage } from '../../app/errors';
import { useReadCatalogFromWarehouseMutation } from './warehouseApi';

function summary(r: CatalogFromWarehouse): string {
  const from = r.source === 'metadata' ? 'the catalog the push wrote' : 'the warehouse tables (no catalog table was found)';
  const added = `${r.entities} entities, ${r.fields} fields and ${r.interactionTypes} interaction types added`;
  const left = r.skipped.length > 0 ? ` Left out: ${r.skipped.join('; ')}.` : '';
  return `Read from ${from}: ${added}.${left}`;
}

export function ReadCatalogButton({ disabled }: { disabled: boolean }) {
  const [read, state] = useReadCatalogFromWarehouseMutation();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async () => {
    setOutcome(null);
    const r = await read();
    setOutcome('error' in r ? { ok: false, text: errorMessage(r.error) } : { ok: true, text: summary(r.data) });
  };
  return (
    <Stack spacing={1}>
      <Button variant="outlined" disabled={disabled || state.isLoading} onClick={() => void run()} sx={{ alignSelf: 'flex-start' }}>
        Read the catalog from the warehouse
      </Button>
      {outcome && (
        <Alert severity={outcome.ok ? 'success' : 'error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </Alert>
      )}
    </Stack>
  );
}
