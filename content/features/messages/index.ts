import { h, render } from 'preact';
import { BADGE_CSS } from '@/components/badge-styles';
import { registerFeature } from '@/content/runtime';
import { ARMOUR } from './armour';

/**
 * A composer's Lock shares the composer's row: it may take up to half of it and no more, its
 * note shortened to fit, so the textbox beside it keeps its room.
 */
const LOCK_HOST_CSS = ':host{display:block !important;min-width:0 !important;max-width:50% !important}';

/**
 * Encrypted messages on a host site: a Lock button by the DM and post composers, and the
 * decrypted text of each armoured message or post. Only noticing them and drawing a light button
 * happen here; the Lock itself (./lock) and the decrypted view (./decrypt) are loaded on first use.
 */
registerFeature({
  selectors: ({ selectors }) => [selectors.dmComposer, selectors.postComposer, selectors.dmMessage, selectors.postText],
  start(runtime) {
    const { ctx, adapter, api } = runtime;
    const mounted = new WeakSet<Element>();
    const openWallet = () => void api('openWallet');

    /** A shadow root of our own on `anchor`, or null when it already has one. */
    function mount(anchor: Element, css = BADGE_CSS): ShadowRoot | null {
      if (mounted.has(anchor)) return null;
      mounted.add(anchor);
      return runtime.mount(anchor, { name: 'network-union-message', css }).container;
    }

    function composerFound(composer: HTMLElement) {
      const anchor = adapter.composerLockAnchor(composer);
      const container = anchor && mount(anchor, BADGE_CSS + LOCK_HOST_CSS);
      if (!container) return;
      const isDm = composer.matches(adapter.selectors.dmComposer);
      // The composer's own text colour: X's themes are not the system's.
      const color = getComputedStyle(composer).color;
      let attached: Promise<(() => Promise<void>) | null> | undefined;
      // The full Lock takes over from the light button: by a DM at once (it says before any click
      // why a conversation cannot be locked), by a post on the first Lock.
      const attach = () =>
        (attached ??= runtime.load('lock').then((chunk) => {
          if (chunk.ok) return chunk.value.attachLock({ runtime, composer, container, color, dm: isDm, openWallet });
          attached = undefined;
          drawLight(chunk.error);
          return null;
        }));
      // The page can click our buttons and send keys too: only the member's own act locks.
      const lock = (event: Event) => void (event.isTrusted && attach().then((locks) => locks?.()));
      const drawLight = (error?: string) => {
        const button = h('button', { type: 'button', class: 'nu-rank', 'data-nu': 'lock', onClick: lock }, '🔒 Lock');
        render(h('span', { class: 'nu-lock', style: { color } }, button, error && h('span', { class: 'nu-neutral', role: 'alert' }, error)), container);
      };
      drawLight();
      // Ctrl+Shift+L in the composer locks too.
      ctx.addEventListener(composer, 'keydown', (event) => {
        if (!(event instanceof KeyboardEvent)) return;
        if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'l') {
          event.preventDefault();
          lock(event);
        }
      });
      if (isDm) void attach();
    }

    /** A message's or post's text: noticed here when it holds an armour, opened by ./decrypt. */
    function textFound(element: HTMLElement, text: Element | null) {
      const armours = text?.textContent?.match(ARMOUR);
      const parent = text?.parentElement;
      if (!armours || !parent || !(text instanceof HTMLElement)) return;
      // Without the view the armour stays as the site shows it.
      void runtime.load('decrypt').then((chunk) => {
        if (chunk.ok) void chunk.value.showDecrypted({ runtime, element, text, armours, openWallet, mount: () => mount(parent) });
      });
    }

    return (elements) => {
      for (const element of elements) {
        if (!(element instanceof HTMLElement)) continue;
        if (element.matches(adapter.selectors.dmComposer) || element.matches(adapter.selectors.postComposer)) composerFound(element);
        else textFound(element, element.matches(adapter.selectors.dmMessage) ? adapter.dmMessageText(element) : element);
      }
    };
  },
});
