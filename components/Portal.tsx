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
 * The node a document-level listener sees for `node` in an event's composed path: our roots are
 * closed, so the path stops at their hosts.
 */
function visibleFromDocument(node: EventTarget | null): EventTarget | null {
  let current = node;
  while (current instanceof Node) {
    const root = current.getRootNode();
    if (!(root instanceof ShadowRoot) || root.mode !== 'closed') break;
    current = root.host;
  }
  return current;
}

/**
 * While `open`, calls `close` on a pointer press outside `inside()` (our own elements, matched by
 * their hosts in the event's composed path) and, if `onScroll`, when the page scrolls.
 */
export function useDismiss(open: boolean, inside: () => (EventTarget | null)[], close: () => void, onScroll = false) {
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      const path = event.composedPath();
      if (!inside().some((node) => node && path.includes(visibleFromDocument(node)!))) close();
    };
    document.addEventListener('pointerdown', outside, true);
    if (onScroll) window.addEventListener('scroll', close, { passive: true, capture: true });
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('scroll', close, true);
    };
  });
}
