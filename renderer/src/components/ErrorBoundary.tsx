import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Catches render errors below it so one broken view never blanks the whole app. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('A view failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert severity="error" role="alert" sx={{ maxWidth: 720 }}>
        <AlertTitle>This view could not be shown</AlertTitle>
        <Stack spacing={1.5}>
          <span>Your data is safe; only the display failed. Details: {error.message}</span>
          <Stack direction="row" spacing={1}>
            <Button variant="outlined" color="error" onClick={() => this.setState({ error: null })}>
              Try again
            </Button>
            <Button color="error" onClick={() => window.location.reload()}>
              Reload the app
            </Button>
          </Stack>
        </Stack>
      </Alert>
    );
  }
}
