/**
 * What the host offers beyond the API, as features see it: `usePlatform().dialogs` is the native
 * dialogs in Electron and undefined in the browser preview. Features never touch `window.bridge`;
 * tests give a fake platform with {@link PlatformProvider}.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { bridgeDialogs, type PlatformDialogs } from './dialogs';

export interface Platform {
  /** Native open/save dialogs; undefined where there are none (browser preview). */
  dialogs?: PlatformDialogs;
}

let fromWindow: Platform | undefined;

/** The platform of this page, read once from `window.bridge`. */
export function windowPlatform(): Platform {
  if (fromWindow === undefined) {
    const bridge = typeof window === 'undefined' ? undefined : window.bridge;
    fromWindow =
      bridge?.saveDialog && bridge.openDialog
        ? { dialogs: bridgeDialogs({ saveDialog: bridge.saveDialog, openDialog: bridge.openDialog }) }
        : {};
  }
  return fromWindow;
}

const PlatformContext = createContext<Platform | null>(null);

export function PlatformProvider({ platform, children }: { platform: Platform; children: ReactNode }) {
  return <PlatformContext.Provider value={platform}>{children}</PlatformContext.Provider>;
}

/** The host's platform: the provided one (tests), else the one of this window. */
export function usePlatform(): Platform {
  return useContext(PlatformContext) ?? windowPlatform();
}
