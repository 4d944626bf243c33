import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type NoticeSeverity = 'success' | 'info' | 'warning' | 'error';

/** A message for the snackbar. */
export interface Notice {
  id: number;
  message: string;
  severity: NoticeSeverity;
  /**
   * Belongs to the page it was raised on ("Not saved: …") and is dropped when the user moves to
   * another page; app-wide notices (connection lost, a background import) stay.
   */
  pageBound: boolean;
}

/** What the one polite live region (components/Announcer.tsx) says; `seq` lets the same words be said again. */
export interface Announcement {
  text: string;
  seq: number;
}

export interface UiState {
  /** Queue; the snackbar shows the first. */
  notices: Notice[];
  nextNoticeId: number;
  /** The latest thing said to screen readers about long work (imports, go-live, exports, the estimate). */
  announcement: Announcement | null;
}

const initialState: UiState = { notices: [], nextNoticeId: 1, announcement: null };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    /** `pageBound` defaults to true for errors (they are about what the user just did on this page). */
    notify(state, action: PayloadAction<{ message: string; severity?: NoticeSeverity; pageBound?: boolean }>) {
      // The same message twice in a row (e.g. a refetch failing again) is shown once.
      const last = state.notices[state.notices.length - 1];
      if (last && last.message === action.payload.message) return;
      const severity = action.payload.severity ?? 'info';
      const pageBound = action.payload.pageBound ?? severity === 'error';
      state.notices.push({ id: state.nextNoticeId, message: action.payload.message, severity, pageBound });
      state.nextNoticeId += 1;
    },
    dismissNotice(state, action: PayloadAction<number>) {
      state.notices = state.notices.filter((n) => n.id !== action.payload);
    },
    /** Says `text` through the live region (use the hooks in components/Announcer.tsx, which pace it). */
    announce(state, action: PayloadAction<string>) {
      state.announcement = { text: action.payload, seq: (state.announcement?.seq ?? 0) + 1 };
    },
    /** The user moved to another page: its notices no longer apply. */
    pageChanged(state) {
      state.notices = state.notices.filter((n) => !n.pageBound);
    },
  },
});

export const { notify, dismissNotice, pageChanged, announce } = uiSlice.actions;
