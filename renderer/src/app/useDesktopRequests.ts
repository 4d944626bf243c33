/** Carries out each pending desktop request (desktopSlice.ts) once, in arrival order, with `handle`. */
import { useEffect, useEffectEvent } from 'react';
import { handled, type DesktopRequest } from './desktopSlice';
import { useAppDispatch, useAppSelector } from './hooks';

export function useDesktopRequests(handle: (request: DesktopRequest) => void): void {
  const pending = useAppSelector((s) => s.desktop.pending);
  const dispatch = useAppDispatch();
  const run = useEffectEvent((requests: DesktopRequest[]) => {
    for (const r of requests) {
      dispatch(handled(r.seq));
      handle(r);
    }
  });
  useEffect(() => {
    if (pending.length > 0) run(pending);
  }, [pending]);
}
