import { render, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';

/** Renders children into another element (the page-level layer); preact/compat's portal costs the content script 5 KB. */
export function Portal({ into, children }: { into: HTMLElement; children: ComponentChildren }) {
  useLayoutEffect(() => {
    render(children, into);
  });
  useLayoutEffect(() => () => render(null, into), [into]);
  return null;
}

/**
 * While `open`, calls `close` on a pointer press outside `inside()` (our own elements, found
 * across shadow roots through the event's composed path) and, if `onScroll`, when the page scrolls.
 */
export function useDismiss(open: boolean, inside: () => (EventTarget | null)[], close: () => void, onScroll = false) {
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      const path = event.composedPath();
      if (!inside().some((node) => node && path.includes(node))) close();
    };
    document.addEventListener('pointerdown', outside, true);
    if (onScroll) window.addEventListener('scroll', close, { passive: true, capture: true });
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('scroll', close, true);
    };
  });
}
