import { h, render, type ComponentChild } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ProfileBadge, PostBadge, type HostTheme } from '@/components/Badge';
import { TipButton, type TipActions } from '@/components/Tip';
import badgeCss from '@/components/badge.css?inline';
import { toHandle } from '@/lib/identity/handles';
import { MAX_BIO_CHARS, MAX_HANDLES_PER_REQUEST, sendRequest } from '@/lib/messages';
import type { SiteAdapter } from '@/lib/sites/types';
import { createMessagesFeature } from './messages';
import { observeElements } from './observe';
import { ISOLATED_EVENTS, mountShadowUi, type ShadowUi } from './shadow-ui';

type Send = (message: unknown) => Promise<unknown>;

/** The popover layer: fixed at the page's top level, above the host's stacking contexts. */

const LAYER_CSS = '.nu-root{position:fixed;top:0;left:0;width:0;height:0;overflow:visible;z-index:2147483647}';

interface Mounted {
  key: string;
  ui: ShadowUi;
}

/**
 * Draws union badges on a host site: the full badge in a profile header, a compact one by each
 * post's author. Elements are handled once, as they appear; each frame's new elements are
 * resolved with one message to the background, which batches them into one chain read.
 */
export function startOverlay(ctx: ContentScriptContext, adapter: SiteAdapter, send: Send): void {
  const { profileName, postAuthor } = adapter.selectors;
  const handled = new WeakSet<Element>();
  const mounted = new WeakMap<Element, Mounted>();
  let layer: HTMLElement | undefined;

  const messages = createMessagesFeature(ctx, adapter, send);
  observeElements(ctx, [profileName, postAuthor, ...messages.selectors], (elements) => {
    const fresh = elements.filter((element) => !handled.has(element) && element.isConnected);
    fresh.forEach((element) => handled.add(element));
    messages.process(fresh);
    void process(fresh.filter((element) => element.matches(profileName) || element.matches(postAuthor)));
  });
  // X may keep the header's nodes across a navigation and only change their text.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    void process([...document.querySelectorAll(profileName)]);
  });

  async function process(elements: Element[]) {
    const posts: { anchor: Element; handle: string; actionBar: Element | null; permalink: string | null }[] = [];
    let profile: { anchor: Element; handle: string; bio: string } | undefined;
    for (const element of elements) {
      if (element.matches(profileName)) {
        const anchor = adapter.profileBadgeAnchor(element);
        const handle = currentProfileHandle(element);
        if (anchor && handle) profile = { anchor, handle, bio: adapter.profileBio(element).slice(0, MAX_BIO_CHARS) };
        else if (anchor) unmount(anchor);
      } else {
        const name = adapter.postAuthorHandle(element);
        const handle = name && toHandle(adapter.platform, name);
        const anchor = adapter.postBadgeAnchor(element);
        if (handle && anchor) {
          posts.push({ anchor, handle, actionBar: adapter.postActionBar(element), permalink: adapter.postPermalink(element) });
        }
      }
    }
    const handles = [...new Set(posts.map((p) => p.handle))];
    const chunks: string[][] = [];
    for (let start = 0; start < handles.length; start += MAX_HANDLES_PER_REQUEST) {
      chunks.push(handles.slice(start, start + MAX_HANDLES_PER_REQUEST));
    }
    if (profile && chunks.length === 0) chunks.push([]);
    for (const [index, chunk] of chunks.entries()) {
      const withProfile = index === 0 ? profile : undefined;
      const result = await sendRequest(send, {
        type: 'resolve',
        handles: chunk,
        ...(withProfile ? { profile: { handle: withProfile.handle, bio: withProfile.bio } } : {}),
      });
      // Fail closed and quietly: no answer, no badge.
      if (!result.ok) continue;
      const views = result.value.profiles;
      for (const post of posts) {
        const view = views[post.handle];
        if (view?.state !== 'verified') continue;
        mount(post.anchor, JSON.stringify(view), h(PostBadge, { view }));
        if (post.actionBar && post.permalink) {
          const tip = h(TipButton, { handle: view.handle, layer: popoverLayer(), actions: tipActions(view.handle, post.permalink), compact: true });
          mount(post.actionBar, `tip:${view.handle}`, tip);
        }
      }
      if (withProfile) {
        const view = views[withProfile.handle];
        if (view && view.state !== 'none') {
          const theme = hostTheme(withProfile.anchor);
          const onVouch = () => requestVouch(withProfile.handle);
          const profileUrl = `${location.origin}/${withProfile.handle.slice(withProfile.handle.indexOf(':') + 1)}`;
          const badge = h(ProfileBadge, { view, theme, layer: popoverLayer(), onVouch, tipActions: tipActions(view.handle, profileUrl) });
          mount(withProfile.anchor, JSON.stringify(view), badge);
        } else unmount(withProfile.anchor);
      }
    }
  }

  /** What a Tip button may ask the background: options, sending (always approved in its window). */
  function tipActions(handle: string, url: string): TipActions {
    return {
      options: () => sendRequest(send, { type: 'tipOptions', handle }),
      send: (tip) => sendRequest(send, { type: 'tip', handle, url, ...tip }),
      openWallet: () => void sendRequest(send, { type: 'openWallet' }),
    };
  }

  async function requestVouch(handle: string): Promise<string | null> {
    const result = await sendRequest(send, { type: 'requestVouch', handle });
    return result.ok ? null : result.error;
  }

  /** The header's handle, only when it is the profile the URL shows (not a stale header). */
  function currentProfileHandle(header: Element): string | null {
    const fromUrl = adapter.handleFromUrl(new URL(location.href));
    const shown = adapter.profileHandle(header);
    if (!fromUrl || !shown || fromUrl.toLowerCase() !== shown.toLowerCase()) return null;
    return toHandle(adapter.platform, shown);
  }

  function popoverLayer(): HTMLElement {
    layer ??= mountShadowUi(ctx, { name: 'network-union-layer', anchor: document.body, css: badgeCss + LAYER_CSS, isolateEvents: ISOLATED_EVENTS }).container;
    return layer;
  }

  function mount(anchor: Element, key: string, badge: ComponentChild) {
    if (mounted.get(anchor)?.key === key) return;
    unmount(anchor);
    const ui = mountShadowUi(ctx, { name: 'network-union-badge', anchor, css: badgeCss, isolateEvents: ISOLATED_EVENTS });
    render(badge, ui.container);
    mounted.set(anchor, { key, ui });
  }

  /** Read once per profile header, before any write, so it costs no extra layout. */
  function hostTheme(anchor: Element): HostTheme {
    const color = getComputedStyle(anchor).color;
    const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    return { color, dark: 0.299 * r + 0.587 * g + 0.114 * b > 128 };
  }

  function unmount(anchor: Element) {
    const current = mounted.get(anchor);
    if (!current) return;
    render(null, current.ui.container);
    current.ui.remove();
    mounted.delete(anchor);
  }
}
