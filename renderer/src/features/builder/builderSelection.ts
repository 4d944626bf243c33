/**
 * Which rows and groups of one builder are checked, and which groups are collapsed: a tiny external
 * store (one per ConditionBuilder) that rows subscribe to with useSyncExternalStore. Checking a row
 * re-renders that row and the toolbar only, not the other 499 (RQB's context prop changing would
 * re-render them all).
 */
import { useSyncExternalStore } from 'react';

export class BuilderSelection {
  private checked: ReadonlySet<string> = new Set();
  private folded: ReadonlySet<string> = new Set();
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  /** The checked ids (a new set after every change, so it can be a snapshot). */
  get selected(): ReadonlySet<string> {
    return this.checked;
  }

  /** The collapsed group ids (a new set after every change). */
  get collapsed(): ReadonlySet<string> {
    return this.folded;
  }

  isSelected(id: string): boolean {
    return this.checked.has(id);
  }

  isCollapsed(id: string): boolean {
    return this.folded.has(id);
  }

  toggle(id: string, on = !this.checked.has(id)): void {
    if (on === this.checked.has(id)) return;
    const next = new Set(this.checked);
    if (on) next.add(id);
    else next.delete(id);
    this.checked = next;
    this.emit();
  }

  /** Replaces the checked ids (e.g. after an edit removed some, or to clear them). */
  select(ids: Iterable<string>): void {
    const next = new Set(ids);
    if (next.size === this.checked.size && [...next].every((id) => this.checked.has(id))) return;
    this.checked = next;
    this.emit();
  }

  toggleCollapsed(id: string): void {
    const next = new Set(this.folded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.folded = next;
    this.emit();
  }
}

/** True while the row or group `id` is checked (re-renders the caller only when that changes). */
export function useIsSelected(store: BuilderSelection | undefined, id: string): boolean {
  return useSyncExternalStore(store?.subscribe ?? noSubscribe, () => store?.isSelected(id) ?? false);
}

/** True while the group `id` is collapsed. */
export function useIsCollapsed(store: BuilderSelection | undefined, id: string): boolean {
  return useSyncExternalStore(store?.subscribe ?? noSubscribe, () => store?.isCollapsed(id) ?? false);
}

const noSubscribe = (): (() => void) => () => undefined;
