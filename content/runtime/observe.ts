import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Reports elements matching `selectors` as the page inserts them, in batches of one animation
 * frame. The browser's own style matching does the finding: a 1 ms CSS animation on the selectors
 * fires `animationstart` for each new element, so nothing scans the DOM on every mutation.
 */
export function observeElements(
  ctx: ContentScriptContext,
  selectors: readonly string[],
  onAdded: (elements: Element[]) => void,
): void {
  const animationName = `network-union-seen-${Math.random().toString(36).slice(2, 8)}`;
  const style = document.createElement('style');
  style.textContent = `@keyframes ${animationName}{from{outline-color:inherit}to{outline-color:inherit}}:where(${selectors.join(',')}){animation:1ms ${animationName}}`;
  (document.head ?? document.documentElement).append(style);

  let pending: Element[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    onAdded(batch);
  };
  ctx.addEventListener(
    document,
    'animationstart',
    (event) => {
      if (event.animationName !== animationName || !(event.target instanceof Element)) return;
      if (pending.length === 0) ctx.requestAnimationFrame(flush);
      pending.push(event.target);
    },
    { capture: true },
  );
  ctx.onInvalidated(() => style.remove());
}
