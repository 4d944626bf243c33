/**
 * Unsaved-changes guard: while `dirty`, in-app navigation asks first (through the navigation guard of
 * app/useHashRoute) and closing or reloading the window asks the browser's question.
 */
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useEffect, useRef, useState } from 'react';
import { setNavigationGuard } from '../../app/useHashRoute';

export function useLeaveGuard(dirty: boolean, onDiscard: () => void) {
  const [target, setTarget] = useState<string | null>(null);
  const releaseRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', beforeUnload);
    const release = setNavigationGuard((next) => {
      setTarget(next);
      return false;
    });
    releaseRef.current = release;
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      release();
    };
  }, [dirty]);

  const dialog = (
    <Dialog open={target !== null} onClose={() => setTarget(null)} aria-labelledby="leave-title">
      <DialogTitle id="leave-title">Leave without saving?</DialogTitle>
      <DialogContent>Your changes to this segment have not been saved. If you leave now they are lost.</DialogContent>
      <DialogActions>
        <Button onClick={() => setTarget(null)}>Stay</Button>
        <Button
          color="error"
          onClick={() => {
            const next = target;
            setTarget(null);
            onDiscard();
            // The guard is released with the discard (dirty becomes false); go on the next tick.
            if (next !== null) setTimeout(() => (window.location.hash = `#/${next}`), 0);
          }}
        >
          Leave
        </Button>
      </DialogActions>
    </Dialog>
  );
  /** Lifts the guard now (e.g. the segment was deleted: there is nothing left to save). */
  const release = () => releaseRef.current();
  return { dialog, release };
}
