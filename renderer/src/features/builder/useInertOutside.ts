/**
 * While `active`, everything outside `ref`'s element is made `inert` (not focusable, not read, not
 * clickable): the full-screen designer covers the window, and Tab must not reach the page hidden under
 * it (WCAG 2.4.3 / 2.4.11). Menus and dialogs opened later are appended to <body> after this ran, so
 * they stay usable. Everything is restored when it ends.
 */
import { useEffect, type RefObject } from 'react';

export function useInertOutside(ref: RefObject<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    const el = ref.current;
    if (!active || !el) return;
    const made: HTMLElement[] = [];
    for (let node: HTMLElement | null = el; node && node !== document.body; node = node.parentElement) {
      const parent: HTMLElement | null = node.parentElement;
      if (!parent) break;
      for (const sibling of Array.from(parent.children)) {
        if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert) continue;
        sibling.inert = true;
        made.push(sibling);
      }
    }
    return () => {
      for (const s of made) s.inert = false;
    };
  }, [ref, active]);
}
