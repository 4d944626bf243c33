/**
 * What the desktop app asks of the page: menu commands (`app.commandInvoked`) and files the OS handed
 * over (`app.fileOpened`). The store subscribes at start-up (store.ts), so a request that arrives
 * before the App shell has mounted waits here; the shell carries each out once and marks it handled.
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { AppCommand, EventPayload } from '../../../shared/api/contract';

/** A request as it arrives (without its sequence number). */
export type IncomingDesktopRequest = { type: 'command'; command: AppCommand } | ({ type: 'file' } & EventPayload<'app.fileOpened'>);

/** A request waiting for the App shell, numbered in order of arrival. */
export type DesktopRequest = { seq: number } & IncomingDesktopRequest;

export interface DesktopState {
  pending: DesktopRequest[];
  nextSeq: number;
}

const initialState: DesktopState = { pending: [], nextSeq: 1 };

export const desktopSlice = createSlice({
  name: 'desktop',
  initialState,
  reducers: {
    received(state, action: PayloadAction<IncomingDesktopRequest>) {
      state.pending.push({ ...action.payload, seq: state.nextSeq });
      state.nextSeq += 1;
    },
    handled(state, action: PayloadAction<number>) {
      state.pending = state.pending.filter((r) => r.seq !== action.payload);
    },
  },
});

export const { received, handled } = desktopSlice.actions;
