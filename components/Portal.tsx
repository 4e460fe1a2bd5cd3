import { render, type ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

/** Renders children into another element (the page-level layer); preact/compat's portal costs the content script 5 KB. */
export function Portal({ into, children }: { into: HTMLElement; children: ComponentChildren }) {
  useLayoutEffect(() => {
    render(children, into);
  });
  useLayoutEffect(() => () => render(null, into), [into]);
  return null;
}
