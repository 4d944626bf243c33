/** The connection's state in words: connected to what, unreachable and why, or a schema that does not fit. */
import Alert from '@mui/material/Alert';
import type { WarehouseStatus } from '../../../../shared/api/contract/warehouseSource';

export function WarehouseStatusCard({ status }: { status: WarehouseStatus }) {
  switch (status.state) {
    case 'notConfigured':
      return (
        <Alert severity="info" data-testid="warehouse-status" role="status">
          Not connected. Every segment runs on this computer.
        </Alert>
      );
    case 'connected':
      return (
        <Alert severity="success" data-testid="warehouse-status" role="status">
          Connected to {status.displayName} (PostgreSQL {status.serverVersion}).
        </Alert>
      );
    case 'unreachable':
      return (
        <Alert severity="warning" data-testid="warehouse-status" role="status">
          {status.message} Segments that run on the warehouse keep their last members until it answers again.
        </Alert>
      );
    case 'schemaMismatch':
      return (
        <Alert severity="error" data-testid="warehouse-status" role="status">
          {status.message}
        </Alert>
      );
  }
}
