import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type NoticeSeverity = 'success' | 'info' | 'warning' | 'error';

/** A message for the snackbar. */
export interface Notice {
  id: number;
  message: string;
  severity: NoticeSeverity;
}

export interface UiState {
  /** Queue; the snackbar shows the first. */
  notices: Notice[];
  nextNoticeId: number;
}

const initialState: UiState = { notices: [], nextNoticeId: 1 };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    notify(state, action: PayloadAction<{ message: string; severity?: NoticeSeverity }>) {
      // The same message twice in a row (e.g. a refetch failing again) is shown once.
      const last = state.notices[state.notices.length - 1];
      if (last && last.message === action.payload.message) return;
      state.notices.push({ id: state.nextNoticeId, message: action.payload.message, severity: action.payload.severity ?? 'info' });
      state.nextNoticeId += 1;
    },
    dismissNotice(state, action: PayloadAction<number>) {
      state.notices = state.notices.filter((n) => n.id !== action.payload);
    },
  },
});

export const { notify, dismissNotice } = uiSlice.actions;
