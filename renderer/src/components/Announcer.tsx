/**
 * The app's one polite live region (WCAG 4.1.3 Status Messages) and the hooks that speak through it.
 * Long work (imports, go-live, exports) and the builder's estimate announce here rather than in live regions
 * of their own: this one is mounted once with the shell, so it exists before anything is said (a region
 * added together with its text is often not read), and it outlives the step or dialog that spoke.
 */
import Box from '@mui/material/Box';
import { useCallback, useEffect, useRef } from 'react';
import { useAppDispatch, useAppSelector } from '../app/hooks';
import { announce } from '../app/uiSlice';

/** Visually hidden but read by screen readers (not display:none, which would silence it). */
const hidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  p: 0,
  m: '-1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/**
 * Mounted once, in the shell. Each announcement replaces the last (keyed, so the same words are read again).
 * aria-live without role="status", so a page's own visible status line stays the one `status` on the page.
 */
export function LiveRegion() {
  const announcement = useAppSelector((s) => s.ui.announcement);
  return (
    <Box aria-live="polite" aria-atomic="true" data-testid="live-region" sx={hidden}>
      {announcement && <span key={announcement.seq}>{announcement.text}</span>}
    </Box>
  );
}

/**
 * When to speak: a message differing from the last one said is said now if at least `minIntervalMs` have
 * passed since then, else it waits and the newest waiting message is said when the interval is up.
 * Pure, so the pacing is tested without timers.
 */
export class AnnouncementPacer {
  private lastText: string | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private waiting: string | null = null;

  constructor(private readonly minIntervalMs: number) {}

  /** Offers `text` at time `now`: what to say now, or after how many ms to call {@link due}. */
  offer(text: string, now: number): { say: string } | { waitMs: number } | null {
    if (text === this.lastText) {
      this.waiting = null;
      return null;
    }
    if (now - this.lastAt >= this.minIntervalMs) return { say: this.said(text, now) };
    this.waiting = text;
    return { waitMs: this.lastAt + this.minIntervalMs - now };
  }

  /** The interval is up: the newest waiting message, if any, to say now. */
  due(now: number): string | null {
    const text = this.waiting;
    this.waiting = null;
    return text === null || text === this.lastText ? null : this.said(text, now);
  }

  private said(text: string, now: number): string {
    this.lastText = text;
    this.lastAt = now;
    return text;
  }
}

/** A stable function that announces one message now (for one-off events: started, finished, failed). */
export function useAnnounce(): (text: string) => void {
  const dispatch = useAppDispatch();
  return useCallback((text: string) => void dispatch(announce(text)), [dispatch]);
}

/**
 * Announces `message` whenever it changes (null says nothing), at most once every `minIntervalMs`:
 * progress ("Importing… 50,000 rows read.") is read every few seconds, not at every event, and a value
 * that settles back to what was last said is not said twice.
 */
export function usePacedAnnouncement(message: string | null, minIntervalMs: number): void {
  const dispatch = useAppDispatch();
  const pacer = useRef<AnnouncementPacer | null>(null);
  pacer.current ??= new AnnouncementPacer(minIntervalMs);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (message === null) return;
    const p = pacer.current;
    if (!p) return;
    const next = p.offer(message, Date.now());
    if (next === null) return;
    if ('say' in next) {
      dispatch(announce(next.say));
      return;
    }
    timer.current ??= setTimeout(() => {
      timer.current = null;
      const text = p.due(Date.now());
      if (text !== null) dispatch(announce(text));
    }, next.waitMs);
  }, [message, dispatch]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}
