import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** Our clicks and keys stay ours: X opens a post on any click inside it, and has keyboard shortcuts. */
export const ISOLATED_EVENTS = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress'];

export interface ShadowUi {
  /** The shadow root our components render into: no element of ours between it and them, as each one is styled and laid out on every post. */
  container: ShadowRoot;
  remove(): void;
}

/** The host page's inherited styles (fonts, colours, line height) stop at the host. */
const HOST_CSS = ':host{all:initial !important}';

/** One parsed stylesheet per CSS text, shared by every root that uses it. */
const sheets = new Map<string, CSSStyleSheet | null>();

/**
 * Adopts the shared sheet for `css`: parsed once, matched through one rule set in every root.
 * Where a content script cannot adopt sheets (Firefox's wrappers refuse them), a style element.
 */
function adoptStyles(root: ShadowRoot, css: string) {
  let sheet = sheets.get(css);
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch {
      sheet = null;
    }
    sheets.set(css, sheet);
    if (sheet) return;
  } else if (sheet) {
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}

/** One listener for every root: a closure per root and event would be kept for each post. */
const keepOurs = (event: Event) => event.stopPropagation();

/** Our hosts' element names, and for each context the documents and shadow roots they were put in. */
const hostNames = new Set<string>();
const hostRoots = new WeakMap<ContentScriptContext, WeakSet<Node>>();

/**
 * Removes our hosts from `root` when the extension goes away: one query per root at that moment,
 * not a callback per host, which would keep every host the page has since discarded (a
 * virtualised timeline discards its posts) alive until then.
 */
function removeHostsOnInvalidation(ctx: ContentScriptContext, root: Node) {
  const roots = hostRoots.get(ctx) ?? hostRoots.set(ctx, new WeakSet()).get(ctx)!;
  if (roots.has(root) || !(root.nodeType === Node.DOCUMENT_NODE || root instanceof ShadowRoot)) return;
  roots.add(root);
  ctx.onInvalidated(() => {
    for (const host of (root as ParentNode).querySelectorAll([...hostNames].join(','))) host.remove();
  });
}

/**
 * Our UI in a shadow root on the host page: the page's styles cannot reach in, ours cannot leak
 * out, and the listed events stop at our boundary. It
 * does what WXT's createShadowRootUi does for inline UI, without its auto-mount machinery, which
 * would cost the content script 7 KB of its budget.
 */
export function mountShadowUi(
  ctx: ContentScriptContext,
  options: { name: string; anchor: Element; css: string; isolateEvents: readonly string[] },
): ShadowUi {
  const host = document.createElement(options.name);
  // Closed: the page's scripts can neither read what we show nor reach our buttons to click them.
  const shadow = host.attachShadow({ mode: 'closed' });
  adoptStyles(shadow, HOST_CSS + options.css);
  for (const type of options.isolateEvents) shadow.addEventListener(type, keepOurs);
  options.anchor.append(host);
  hostNames.add(options.name);
  removeHostsOnInvalidation(ctx, options.anchor.getRootNode());
  return { container: shadow, remove: () => host.remove() };
}
