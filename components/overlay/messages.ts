import { h, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { DecryptedMessage, LockButton } from '@/components/Messages';
import badgeCss from '@/components/badge.css?inline';
import { displayHandle, toHandle } from '@/lib/identity/handles';
import { sendRequest } from '@/lib/messages';
import type { SiteAdapter } from '@/lib/sites/types';
import { ISOLATED_EVENTS, mountShadowUi, type ShadowUi } from './shadow-ui';

type Send = (message: unknown) => Promise<unknown>;

const NOT_ONE_TO_ONE = 'Lock works in a one-to-one conversation with a member.';

/**
 * Armoured envelopes in page text (base64url after ":", letters after "~"), found without their
 * 🔒: X draws emoji as images, so the lock is not in the text. Loose on purpose: the background
 * parses them properly.
 */
const ARMOUR = /NU\d+(:[\w-]{16,}|~[\xC0-\u10FF]{16,})/g;

/**
 * Encrypted messages on a host site: a Lock button by the DM and post composers that replaces
 * the draft with an envelope (written through the editor, as typing is) for the DM's peer or for
 * the members chosen in the approval window, and, for each armoured message or post, the
 * decrypted text in a closed shadow root the site cannot read.
 */
export function createMessagesFeature(ctx: ContentScriptContext, adapter: SiteAdapter, send: Send) {
  const mounted = new WeakMap<Element, ShadowUi>();

  /** A shadow root of our own on `anchor`, or null when it already has one. */
  function mount(anchor: Element, mode: 'open' | 'closed'): HTMLElement | null {
    if (mounted.has(anchor)) return null;
    const ui = mountShadowUi(ctx, { name: 'network-union-message', anchor, css: badgeCss, isolateEvents: ISOLATED_EVENTS, mode });
    mounted.set(anchor, ui);
    return ui.container;
  }

  function peerHandle(): string | null {
    if (!adapter.isConversationUrl(new URL(location.href))) return null;
    const name = adapter.dmPeerHandle(document);
    return name ? toHandle(adapter.platform, name) : null;
  }

  /** Replaces the draft the way typing does, so the site's editor (and its Send) sees it. */
  function writeDraft(composer: HTMLElement, text: string) {
    composer.focus();
    document.execCommand('selectAll', false);
    document.execCommand('insertText', false, text);
  }

  /** A DM is locked for the conversation's peer; a post for members chosen in the approval window. */
  async function lock(composer: HTMLElement, isDm: boolean): Promise<{ error: string; locked: boolean } | null> {
    const peer = isDm ? peerHandle() : null;
    if (isDm && !peer) return { error: NOT_ONE_TO_ONE, locked: false };
    const plaintext = composer.innerText.trim();
    if (!plaintext) return { error: 'Write the message first, then lock it.', locked: false };
    if (plaintext.match(ARMOUR)) return { error: 'This draft is already locked.', locked: false };
    const result = isDm
      ? await sendRequest(send, { type: 'sealForPeer', peerHandle: peer!, plaintext })
      : await sendRequest(send, { type: 'lockPost', plaintext });
    if (!result.ok) return { error: result.error, locked: result.locked === true };
    // Typing goes on while the approval window is open: never overwrite words that were not locked.
    if (composer.innerText.trim() !== plaintext) return { error: 'The draft changed meanwhile: lock it again.', locked: false };
    writeDraft(composer, result.value.armour);
    return null;
  }

  function composerFound(composer: Element) {
    const container = composer instanceof HTMLElement && composer.parentElement && mount(composer.parentElement, 'open');
    if (!container) return;
    const isDm = composer.matches(adapter.selectors.dmComposer);
    const run = () => lock(composer, isDm);
    // Ctrl+Shift+L in the composer locks too.
    ctx.addEventListener(composer, 'keydown', (event) => {
      if (!(event instanceof KeyboardEvent)) return;
      if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void run();
      }
    });
    // The composer's own text colour: X's themes are not the system's.
    const color = getComputedStyle(composer).color;
    // Drawn again for each conversation the page moves to: X may keep the composer.
    const draw = () => {
      const peer = isDm && peerHandle();
      const button = h(LockButton, {
        hint: `Encrypt the draft for ${peer ? displayHandle(peer) : 'members you choose'} (Ctrl+Shift+L)`,
        sendLabel: isDm ? 'Send' : 'Post',
        color,
        check: isDm
          ? async () => {
              if (!peer) return NOT_ONE_TO_ONE;
              const status = await sendRequest(send, { type: 'lockStatus', peerHandle: peer });
              // A chain that does not answer now does not disable the button: the click says why.
              return status.ok ? status.value.reason : null;
            }
          : undefined,
        lock: run,
        openWallet: () => void sendRequest(send, { type: 'openWallet' }),
      });
      render(button, container);
    };
    draw();
    if (isDm) ctx.addEventListener(window, 'wxt:locationchange', draw);
  }

  async function textFound(text: Element, authors: string[]) {
    const armours = (text.textContent ?? '').match(ARMOUR);
    if (!armours || !text.parentElement) return;
    const results = await Promise.all(armours.slice(0, 3).map((armour) => sendRequest(send, { type: 'openArmour', armour: `🔒${armour}`, authors })));
    const original = text as HTMLElement;
    // The decrypted text lives in a closed shadow root: the site's scripts cannot read it.
    const container = mount(original.parentElement!, 'closed');
    if (!container) return;
    const decrypted = h(DecryptedMessage, {
      results,
      setCiphertextShown: (shown: boolean) => void (original.style.display = shown ? '' : 'none'),
      openWallet: () => void sendRequest(send, { type: 'openWallet' }),
    });
    render(decrypted, container);
    if (results.some((r) => r.ok && r.value.opened)) original.style.display = 'none';
  }

  return {
    selectors: [adapter.selectors.dmComposer, adapter.selectors.postComposer, adapter.selectors.dmMessage, adapter.selectors.postText],
    /** Handles the elements of one frame that match this feature's selectors. */
    process(elements: Element[]) {
      const peer = peerHandle();
      for (const element of elements) {
        if (element.matches(adapter.selectors.dmComposer) || element.matches(adapter.selectors.postComposer)) composerFound(element);
        else if (element.matches(adapter.selectors.dmMessage)) {
          const text = adapter.dmMessageText(element);
          const authors = adapter.dmMessageIsOwn(element) || !peer ? [] : [peer];
          if (text) void textFound(text, authors);
        } else if (element.matches(adapter.selectors.postText)) {
          const author = adapter.postTextAuthor(element);
          const handle = author && toHandle(adapter.platform, author);
          void textFound(element, handle ? [handle] : []);
        }
      }
    },
  };
}
