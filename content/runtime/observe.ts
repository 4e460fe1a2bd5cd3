import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** How the observer's animations are named: the page sees their events too (the bench times them). */
export const SEEN_ANIMATION_PREFIX = 'network-union-seen-';

/**
 * Reports elements matching `selectors` as the page inserts them, in batches of one animation
 * frame. The browser's own style matching does the finding: a CSS animation on the selectors
 * fires `animationstart` for each new element, so nothing scans the DOM on every mutation. A
 * frame's events come in one task: the batch is reported in the next frame's callbacks or in the
 * task after it, whichever comes first (the browser may run either first).
 * Styles and these events stop at shadow roots, so the open shadow root of each element matching
 * `shadowHosts` (an app the site embeds, such as XChat) gets the same style and listener.
 */
export function observeElements(
  ctx: ContentScriptContext,
  selectors: readonly string[],
  onAdded: (elements: Element[]) => void,
  shadowHosts: readonly string[] = [],
): void {
  const animationName = `${SEEN_ANIMATION_PREFIX}${Math.random().toString(36).slice(2, 8)}`;
  // One rule per selector, so the browser files each under its rightmost part and matches it only
  // against elements that have that part (one rule of a selector list is tried on every element
  // styled). In a layer of its own, any animation the page sets on an element still wins.
  // Zero long, it starts and ends as the element is first styled, and its events still fire. A
  // 1 ms one, with a class marking seen elements so they would not animate again, restyled each
  // element about three times more: on a 500-post timeline the observer alone made the page style
  // 3,009 elements more than its 69,046, now 1,004. An element moved or put back (a feed restoring
  // the posts it hollowed out) is reported again, and the runtime drops what it has handled.
  const rules = [...selectors, ...shadowHosts].map((selector) => `${selector}{animation:0s ${animationName}}`).join('');
  // Its keyframes set a property that is not inherited and draws nothing, should it ever apply.
  const css = `@keyframes ${animationName}{from{scroll-margin-top:0}to{scroll-margin-top:0}}@layer ${animationName}{${rules}}`;
  const hosts = shadowHosts.join(',');
  const watched = new WeakSet<ShadowRoot>();

  let pending: Element[] = [];
  const flush = () => {
    if (pending.length === 0) return; // the other of its two callbacks came first
    // One taken out before it is reported animates again when put back.
    const batch = pending.filter((element) => element.isConnected);
    pending = [];
    onAdded(batch);
  };
  const watch = (root: Document | ShadowRoot) => {
    const style = document.createElement('style');
    style.textContent = css;
    (root instanceof Document ? (root.head ?? root.documentElement) : root).append(style);
    ctx.onInvalidated(() => style.remove());
    ctx.addEventListener(
      root,
      'animationstart',
      (event: Event) => {
        if (!(event instanceof AnimationEvent) || event.animationName !== animationName || !(event.target instanceof Element)) return;
        if (hosts && event.target.matches(hosts)) openShadow(event.target, 0);
        if (pending.length === 0) {
          ctx.requestAnimationFrame(flush);
          ctx.setTimeout(flush, 0);
        }
        pending.push(event.target);
      },
      { capture: true },
    );
  };
  // The app may attach its shadow root a little after its host appears.
  const openShadow = (host: Element, frames: number) => {
    const root = host.shadowRoot;
    if (root && !watched.has(root)) {
      watched.add(root);
      watch(root);
    } else if (!root && frames < 120) ctx.requestAnimationFrame(() => openShadow(host, frames + 1));
  };
  watch(document);
}
