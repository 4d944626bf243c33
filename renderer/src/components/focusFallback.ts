/**
 * Focus that would be lost goes somewhere sensible (WCAG 2.4.3). MUI dialogs give focus back to their
 * opener when they close; when the opener is gone (a deleted row's menu button) or disabled (Go live once
 * live), the browser drops focus on the page body and a keyboard user starts again from the top. Call
 * this as a dialog closes: on the next frame, if focus is on nothing, it goes to the first fallback found.
 */
export function focusFallback(...candidates: (() => HTMLElement | null | undefined)[]): void {
  focusFallbackUnless(null, ...candidates);
}

/**
 * The same, when focus is also as good as lost inside `leaving` (a row about to be removed: the dialog has
 * just given focus back to its menu button, which goes with it).
 */
export function focusFallbackUnless(leaving: string | null, ...candidates: (() => HTMLElement | null | undefined)[]): void {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected || (leaving !== null && active.closest(leaving) !== null);
    if (!lost) return;
    for (const find of candidates) {
      const el = find();
      if (el) {
        el.focus();
        return;
      }
    }
  });
}
