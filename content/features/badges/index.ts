import { Fragment, h, render, type ComponentChild, type ComponentType } from 'preact';
import { PostBadge } from '@/components/Badge';
import type { LoadComponent } from '@/components/LazyPopover';
import { TipButton, type TipActions } from '@/components/Tip';
import { BADGE_CSS, POST_BADGE_CSS } from '@/components/badge-styles';
import { MAX_BIO_CHARS, MAX_HANDLES_PER_REQUEST } from '@/lib/protocol/limits';
import { handleOn } from '@/lib/identity/handles';
import { registerFeature, type Runtime } from '@/content/runtime';
import type { ChunkName, Chunks } from '@/content/runtime/chunk-files';
import type { ShadowUi } from '@/content/runtime/shadow-ui';

/** The popover layer: fixed at the page's top level, above the host's stacking contexts. */
const LAYER_CSS = ':host{position:fixed !important;top:0 !important;left:0 !important;width:0 !important;height:0 !important;overflow:visible !important;z-index:2147483647 !important}';

/**
 * A post's badge and Tip never wrap: beside a long display name they would make the name row
 * taller. On one line they keep their width, and X's name (which X ellipsises) gives way; the Tip
 * is as tall as the badge, within the row's line. No `contain` on the host: paint containment
 * gives each its own paint layer, which the page then paints, layerizes and hit-tests one by one.
 */
const POST_CSS =
  POST_BADGE_CSS +
  ':host{display:inline-block !important;vertical-align:middle !important;white-space:nowrap !important}';

interface Mounted {
  key: string;
  ui: ShadowUi;
}

/**
 * Union badges: the full badge (rank popover, Vouch, Tip) in a profile header, and by each post's
 * author a compact one with a Tip button for the post. A post gets one shadow root, in the row
 * its name already lays out again for the badge: a second one in the action bar cost the page a
 * third more work to draw (every action there moves over for it). Each frame's new elements are
 * resolved with one request, which the background batches into one chain read.
 */
registerFeature({
  selectors: (adapter) => [adapter.selectors.profileName, adapter.selectors.postAuthor],
  start(runtime) {
    const { ctx, adapter, api } = runtime;
    const { profileName } = adapter.selectors;
    const mounted = new WeakMap<Element, Mounted>();
    let layer: ShadowRoot | undefined;

    // X may keep the header's nodes across a navigation and only change their text, after the
    // URL: a header is read again whenever its text changes. The location event can come before
    // `location` changes: its own URL is the page's.
    ctx.addEventListener(window, 'wxt:locationchange', (event) => void process([...document.querySelectorAll(profileName)], event.newUrl));
    const watched = new WeakSet<Node>();
    function watch(header: Element, node: Node | null) {
      if (!node || watched.has(node)) return;
      watched.add(node);
      const observer = new MutationObserver(() => void process([header]));
      observer.observe(node, { subtree: true, characterData: true });
      ctx.onInvalidated(() => observer.disconnect());
    }

    async function process(elements: Element[], url = new URL(location.href)) {
      const posts: { element: Element; anchor: Element; handle: string; permalink?: string | null }[] = [];
      let profile: { anchor: Element; handle: string; bio: string; aliases: string[] } | undefined;
      for (const element of elements) {
        if (element.matches(profileName)) {
          watch(element, element);
          watch(element, document.querySelector(adapter.selectors.profileBio));
          const anchor = adapter.profileBadgeAnchor(element);
          const handle = currentProfileHandle(element, url);
          // The account's other handles (a username's numeric id): the background shows the claimed one.
          const aliases = handle ? (adapter.profileAliases?.(element) ?? []).flatMap((name) => handleOn(adapter.site, name) ?? []) : [];
          if (anchor && handle) profile = { anchor, handle, bio: adapter.profileBio(element).slice(0, MAX_BIO_CHARS), aliases };
          else if (anchor) unmount(anchor);
        } else {
          const name = adapter.postAuthorHandle(element);
          const handle = name && handleOn(adapter.site, name);
          const anchor = adapter.postBadgeAnchor(element);
          if (handle && anchor) {
            posts.push({ element, anchor, handle });
          }
        }
      }
      // The header's badge ships in a chunk: loaded while the chain is read.
      const profileBadge = profile && runtime.load('profile-badge');
      const handles = [...new Set(posts.map((p) => p.handle))];
      const chunks: string[][] = [];
      for (let start = 0; start < handles.length; start += MAX_HANDLES_PER_REQUEST) {
        chunks.push(handles.slice(start, start + MAX_HANDLES_PER_REQUEST));
      }
      if (profile && chunks.length === 0) chunks.push([]);
      for (const [index, chunk] of chunks.entries()) {
        const withProfile = index === 0 ? profile : undefined;
        const asked = api('resolve', {
          handles: chunk,
          ...(withProfile ? { profile: { handle: withProfile.handle, bio: withProfile.bio, aliases: withProfile.aliases } } : {}),
        });
        // What each post's Tip names is read while the background answers, not before asking.
        if (index === 0) for (const post of posts) post.permalink = adapter.postPermalink(post.element);
        const result = await asked;
        // Fail closed and quietly: no answer, no badge.
        if (!result.ok) continue;
        const views = result.value.profiles;
        // An author's posts share one view: its key is made once.
        const keys = new Map<string, string>();
        for (const post of posts) {
          const view = views[post.handle];
          if (view?.state !== 'verified') continue;
          const key = keys.get(post.handle) ?? JSON.stringify(view);
          keys.set(post.handle, key);
          // A quoted or shared post's author gets the badge alone: the Tip is for the post shown.
          const { permalink } = post;
          const tip = permalink && h(TipButton, { handle: view.handle, layer: popoverLayer, actions: tipActions(runtime, view.handle, permalink), compact: true });
          mount(post.anchor, `${key} ${permalink}`, h(Fragment, null, h(PostBadge, { view }), tip), POST_CSS);
        }
        if (withProfile) {
          const view = views[withProfile.handle];
          const chunk = await profileBadge;
          if (view && view.state !== 'none' && chunk?.ok) {
            // Read once per profile header, before any write, so it costs no extra layout.
            const color = getComputedStyle(withProfile.anchor).color;
            const onVouch = async () => {
              const vouched = await api('requestVouch', { handle: view.handle });
              return vouched.ok ? null : vouched.error;
            };
            const profileUrl = adapter.site.profileUrl(view.handle.slice(view.handle.indexOf(':') + 1));
            const tips = tipActions(runtime, view.handle, profileUrl);
            const details = fromChunk(runtime, 'rank-details', (chunk) => chunk.RankDetails);
            const badge = h(chunk.value.ProfileBadge, { view, color, layer: popoverLayer, onVouch, tipActions: tips, details });
            mount(withProfile.anchor, JSON.stringify(view), badge, BADGE_CSS);
          } else unmount(withProfile.anchor);
        }
      }
    }

    /** The header's handle, only when it is the profile the URL shows (not a stale header). */
    function currentProfileHandle(header: Element, url: URL): string | null {
      const fromUrl = adapter.handleFromUrl(url);
      const shown = adapter.profileHandle(header);
      if (!fromUrl || !shown || fromUrl.toLowerCase() !== shown.toLowerCase()) return null;
      return handleOn(adapter.site, shown);
    }

    /** Made on the first popover: a fixed layer costs the page a compositing layer. */
    function popoverLayer(): ShadowRoot {
      layer ??= runtime.mount(document.body, { name: 'network-union-layer', css: BADGE_CSS + LAYER_CSS }).container;
      return layer;
    }

    function mount(anchor: Element, key: string, badge: ComponentChild, css: string) {
      if (mounted.get(anchor)?.key === key) return;
      unmount(anchor);
      const ui = runtime.mount(anchor, { name: 'network-union-badge', css });
      render(badge, ui.container);
      mounted.set(anchor, { key, ui });
    }

    function unmount(anchor: Element) {
      const current = mounted.get(anchor);
      if (!current) return;
      render(null, current.ui.container);
      current.ui.remove();
      mounted.delete(anchor);
    }

    return (elements) => void process(elements);
  },
});

/** What a Tip button may ask the background (sending is always approved in its window), and its composer. */
function tipActions(runtime: Runtime, handle: string, url: string): TipActions {
  const { api } = runtime;
  return {
    options: () => api('tipOptions', { handle }),
    send: (tip) => api('tip', { handle, url, ...tip }),
    openWallet: () => void api('openWallet'),
    composer: fromChunk(runtime, 'tip-composer', (chunk) => chunk.TipComposer),
  };
}

/** A component of a chunk, loaded when a popover first opens. */
function fromChunk<K extends ChunkName, P>(runtime: Runtime, name: K, pick: (chunk: Chunks[K]) => ComponentType<P>): LoadComponent<P> {
  return async () => {
    const chunk = await runtime.load(name);
    return chunk.ok ? { ok: true, value: pick(chunk.value) } : chunk;
  };
}
