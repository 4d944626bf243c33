/**
 * The Warehouse page: connect the app to the data team's PostgreSQL warehouse (server, port, database,
 * user, schema, encryption, time limit, password), test it, see its status, disconnect. Segments set to
 * "Run on: warehouse" are then counted and refreshed there (docs/warehouse.md).
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { SslMode, WarehouseSettings, WarehouseStatus } from '../../../../shared/api/contract/warehouseSource';
import type { ApiError } from '../../../../shared/api/result';
import { errorMessage, isApiError } from '../../app/errors';
import { ReadCatalogButton } from './ReadCatalogButton';
import { WarehouseStatusCard } from './WarehouseStatusCard';
import {
  useConnectWarehouseMutation,
  useDisconnectWarehouseMutation,
  useTestWarehouseMutation,
  useWarehouseStatusQuery,
} from './warehouseApi';

const SSL_LABELS: Record<SslMode, string> = {
  disable: 'Off (local or private network only)',
  require: 'Encrypted',
  'verify-full': 'Encrypted, certificate verified',
};

interface Form {
  host: string;
  port: string;
  database: string;
  user: string;
  schema: string;
  sslMode: SslMode;
  timeout: string;
  password: string;
}

const EMPTY: Form = { host: '', port: '5432', database: '', user: '', schema: 'public', sslMode: 'require', timeout: '60', password: '' };

function fromSettings(s: WarehouseSettings): Form {
  return { ...s, port: String(s.port), timeout: String(s.statementTimeoutSeconds), password: '' };
}

function toSettings(f: Form): WarehouseSettings {
  return {
    host: f.host,
    port: Number(f.port),
    database: f.database,
    user: f.user,
    schema: f.schema,
    sslMode: f.sslMode,
    statementTimeoutSeconds: Number(f.timeout),
  };
}

/** Field errors from an invalid_input answer (`settings.port` → port). */
function fieldErrors(error: ApiError | null): Partial<Record<keyof WarehouseSettings | 'password', string>> {
  const out: Record<string, string> = {};
  for (const i of error?.issues ?? []) out[i.path.replace(/^settings\./, '')] ??= i.message;
  return out;
}

export function WarehousePage() {
  // Checked afresh each time the page opens: the warehouse may have gone away (or come back) since.
  const status = useWarehouseStatusQuery(undefined, { refetchOnMountOrArgChange: true });
  const saved = status.data?.settings ?? null;
  return (
    <Stack spacing={2} sx={{ maxWidth: 760 }}>
      <Typography variant="h5" component="h1">
        Warehouse
      </Typography>
      <Typography color="text.secondary">
        Connect Segment Studio to your data team&apos;s PostgreSQL warehouse. Segments you set to run on the warehouse are counted, taken
        live and refreshed there; their members are copied back here so you can browse them, and written to the warehouse table{' '}
        <code>segment_studio_members</code> for other tools.
      </Typography>
      {status.error && <Alert severity="error">The warehouse status could not be read: {errorMessage(status.error)}</Alert>}
      {status.data && <WarehouseStatusCard status={status.data} />}
      {/* A new saved connection (or none) starts the form afresh from it. */}
      <ConnectionForm key={JSON.stringify(saved)} saved={saved} status={status.data} />
    </Stack>
  );
}

function ConnectionForm({ saved, status }: { saved: WarehouseSettings | null; status: WarehouseStatus | undefined }) {
  const [test, testState] = useTestWarehouseMutation();
  const [connect, connectState] = useConnectWarehouseMutation();
  const [disconnect, disconnectState] = useDisconnectWarehouseMutation();
  const [form, setForm] = useState<Form>(saved ? fromSettings(saved) : EMPTY);
  const [outcome, setOutcome] = useState<{ tested: WarehouseStatus | null; error: ApiError | null }>({ tested: null, error: null });

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const input = () => ({ settings: toSettings(form), ...(form.password ? { password: form.password } : {}) });
  const run = async (kind: 'test' | 'connect') => {
    setOutcome({ tested: null, error: null });
    const r = kind === 'test' ? await test(input()) : await connect(input());
    if ('error' in r)
      setOutcome({ tested: null, error: isApiError(r.error) ? r.error : { code: 'internal', message: errorMessage(r.error) } });
    else setOutcome({ tested: kind === 'test' ? r.data : null, error: null });
  };
  const errors = fieldErrors(outcome.error?.code === 'invalid_input' ? outcome.error : null);
  const busy = testState.isLoading || connectState.isLoading || disconnectState.isLoading;
  const env = status?.secretStore === 'environment';
  /** What every text field of the form shares: its value, its error from the last answer (else the help text). */
  const fieldProps = (k: Exclude<keyof Form, 'sslMode'>, label: string, help?: string) => {
    const error = errors[k === 'timeout' ? 'statementTimeoutSeconds' : k];
    return { label, value: form[k], onChange: set(k), error: !!error, helperText: error ?? help, fullWidth: true };
  };

  return (
    <>
      <Paper
        variant="outlined"
        sx={{ p: 2 }}
        component="form"
        aria-labelledby="warehouse-settings-title"
        onSubmit={(e) => e.preventDefault()}
      >
        <Typography variant="h6" component="h2" id="warehouse-settings-title" sx={{ mb: 2 }}>
          Connection
        </Typography>
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextField {...fieldProps('host', 'Server', 'Name or address, e.g. db.example.com')} required />
            <TextField
              {...fieldProps('port', 'Port')}
              required
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              fullWidth={false}
              sx={{ width: { sm: 140 } }}
            />
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextField {...fieldProps('database', 'Database')} required />
            <TextField {...fieldProps('schema', 'Schema', 'Where the tables are; usually public')} required />
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextField {...fieldProps('user', 'User')} required autoComplete="username" />
            <TextField
              label="Password"
              type="password"
              value={form.password}
              onChange={set('password')}
              fullWidth
              autoComplete="current-password"
              helperText={
                env
                  ? 'Kept for this session only. To keep it, start the app with SS_WAREHOUSE_PASSWORD set.'
                  : status?.hasPassword
                    ? 'A password is saved, encrypted by your operating system. Type a new one to replace it.'
                    : 'Saved encrypted by your operating system, never in plain text.'
              }
            />
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextField select label="Encryption" value={form.sslMode} onChange={set('sslMode')} fullWidth>
              {(Object.keys(SSL_LABELS) as SslMode[]).map((m) => (
                <MenuItem key={m} value={m}>
                  {SSL_LABELS[m]}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              {...fieldProps('timeout', 'Time limit per query (seconds)', 'The warehouse stops a query that runs longer')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
          </Stack>
          {outcome.error && (
            <Alert severity="error" role="alert">
              {outcome.error.code === 'invalid_input' ? 'Some settings need fixing (see the fields above).' : outcome.error.message}
            </Alert>
          )}
          {outcome.tested && (
            <Alert severity={outcome.tested.state === 'connected' ? 'success' : 'warning'} role="status">
              {outcome.tested.state === 'connected'
                ? `The connection works: ${outcome.tested.displayName ?? ''} (PostgreSQL ${outcome.tested.serverVersion ?? ''}) ` +
                  'holds everything this catalog needs.'
                : outcome.tested.message}
            </Alert>
          )}
          <Stack direction="row" spacing={1}>
            <Button variant="outlined" disabled={busy} onClick={() => void run('test')}>
              Test connection
            </Button>
            <Button variant="contained" disabled={busy} onClick={() => void run('connect')}>
              {saved ? 'Save and reconnect' : 'Connect'}
            </Button>
            {saved && (
              <Button color="error" disabled={busy} onClick={() => void disconnect()}>
                Disconnect
              </Button>
            )}
          </Stack>
          {saved && <ReadCatalogButton disabled={busy} />}
        </Stack>
      </Paper>
    </>
  );
}
