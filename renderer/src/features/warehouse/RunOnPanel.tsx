/**
 * On a segment: "Run on: this computer / the warehouse", and how the last warehouse run went — a
 * warehouse that does not answer is said plainly, with the members of the last run still shown here.
 */
import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { SegmentRecord } from '../../../../shared/models/segment';
import { errorMessage } from '../../app/errors';
import Button from '@mui/material/Button';
import { useRefreshFromWarehouseMutation, useSegmentSourceQuery, useSetRunOnMutation, useWarehouseStatusQuery } from './warehouseApi';

const when = (iso: string): string => new Date(iso).toLocaleString();

export function RunOnPanel({ record }: { record: SegmentRecord }) {
  const status = useWarehouseStatusQuery();
  const source = useSegmentSourceQuery(record.id);
  const [setRunOn, setting] = useSetRunOnMutation();
  const [refresh, refreshing] = useRefreshFromWarehouseMutation();
  const labelId = useId();
  const configured = status.data !== undefined && status.data.state !== 'notConfigured';
  const runOn = source.data?.runOn ?? 'computer';
  // Where it runs is not the concern of a segment without a warehouse unless it was set before.
  if (!configured && runOn === 'computer') return null;
  const name = status.data?.displayName ?? 'the warehouse';
  const last = source.data;
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1.5 }} data-testid="run-on">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} alignItems={{ sm: 'center' }}>
        <Typography id={labelId} fontWeight={500} sx={{ whiteSpace: 'nowrap' }}>
          Run on
        </Typography>
        <ToggleButtonGroup
          exclusive
          size="small"
          aria-labelledby={labelId}
          value={runOn}
          disabled={setting.isLoading || record.type === 'static'}
          onChange={(_e, v: 'computer' | 'warehouse' | null) => {
            if (v && v !== runOn) void setRunOn({ segmentId: record.id, runOn: v });
          }}
        >
          <ToggleButton value="computer">This computer</ToggleButton>
          <ToggleButton value="warehouse">Warehouse</ToggleButton>
        </ToggleButtonGroup>
        <Typography variant="body2" color="text.secondary">
          {runOn === 'warehouse'
            ? `Counted, taken live and refreshed on ${name}; members are copied here for browsing.`
            : 'Counted and refreshed with the data on this computer.'}
        </Typography>
        {runOn === 'warehouse' && record.status === 'live' && (
          <Button size="small" disabled={refreshing.isLoading} onClick={() => void refresh(record.id)} sx={{ ml: { sm: 'auto' } }}>
            Refresh from the warehouse
          </Button>
        )}
      </Stack>
      {setting.error && (
        <Alert severity="error" sx={{ mt: 1 }} role="alert">
          {errorMessage(setting.error)}
        </Alert>
      )}
      {runOn === 'warehouse' && last?.lastError && (
        <Alert severity="warning" sx={{ mt: 1 }} data-testid="run-on-error">
          The last warehouse run failed{last.lastRunAt ? ` (${when(last.lastRunAt)})` : ''}: {last.lastError}{' '}
          {record.status === 'live' ? 'The members shown are from the last successful run.' : ''}
        </Alert>
      )}
      {runOn === 'warehouse' && !last?.lastError && last?.lastRunAt && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="run-on-last">
          Last run on the warehouse {when(last.lastRunAt)}: {last.lastCount?.toLocaleString()} members
          {last.lastUnmatched ? `, of which ${last.lastUnmatched.toLocaleString()} are not on this computer and cannot be listed here` : ''}
          .
        </Typography>
      )}
    </Paper>
  );
}
