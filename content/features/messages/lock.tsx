import { render } from 'preact';
import { LockButton, type LockOutcome, type LockState } from '@/components/Messages';
import { displayHandle } from '@/lib/identity/handles';
import type { Runtime } from '@/content/runtime';
import { ARMOUR } from './armour';
import { peerHandle } from './peer';

const NOT_ONE_TO_ONE = 'Lock works in a one-to-one conversation with a member.';

/**
 * The Lock of one composer, taking over from the light button the content script drew: it says
 * before any click why a DM cannot be locked, and puts the envelope written in the composer
 * window in the draft's place. Returns
 * what locks (the button, its first click before this loaded, Ctrl+Shift+L).
 */
export function attachLock(options: {
  runtime: Runtime;
  composer: HTMLElement;
  container: ShadowRoot;
  /** The composer's text colour: X's themes are not the system's. */
  color: string;
  /** A DM's composer (locks for the conversation's peer), else a post's. */
  dm: boolean;
  openWallet: () => void;
}): () => Promise<void> {
  const { runtime, composer, container } = options;
  const { ctx, api } = runtime;
  // Read when needed: X keeps the composer across conversations.
  const peer = options.dm ? () => peerHandle(runtime.adapter, composer) : undefined;
  let state: LockState = { kind: 'idle' };
  let why: string | null = null;
  let hint = '';

  const draw = () =>
    render(
      <LockButton hint={hint} sendLabel={peer ? 'Send' : 'Post'} color={options.color} why={why} state={state} lock={() => void lock()} openWallet={options.openWallet} />,
      container,
    );

  /** A DM is locked for the conversation's peer; a post for members chosen in the approval window. */
  async function lock() {
    if (state.kind === 'busy' || why) return;
    state = { kind: 'busy' };
    draw();
    const handle = peer ? peer() : null;
    const outcome = peer && !handle ? { error: NOT_ONE_TO_ONE, locked: false } : await lockDraft(runtime, composer, handle);
    state = outcome ? { kind: 'error', ...outcome } : { kind: 'done' };
    draw();
  }

  /** Drawn again for each conversation the page moves to: X may keep the composer. */
  async function conversation() {
    const handle = peer?.();
    hint = `Encrypt the draft for ${handle ? displayHandle(handle) : 'members you choose'} (Ctrl+Shift+L)`;
    why = peer && !handle ? NOT_ONE_TO_ONE : null;
    draw();
    if (!handle) return;
    const status = await api('lockStatus', { peerHandle: handle });
    // A chain that does not answer now does not disable the button: the click says why.
    if (status.ok && peer?.() === handle) {
      why = status.value.reason;
      draw();
    }
  }

  void conversation();
  if (peer) {
    ctx.addEventListener(window, 'wxt:locationchange', () => void conversation());
    // X keeps the header's nodes across conversations and changes their text and links.
    const header = runtime.adapter.selectors.dmHeader && (composer.getRootNode() as ParentNode).querySelector(runtime.adapter.selectors.dmHeader);
    if (header) {
      const observer = new MutationObserver(() => void conversation());
      observer.observe(header, { subtree: true, characterData: true, childList: true, attributes: true });
      ctx.onInvalidated(() => observer.disconnect());
    }
  }
  return lock;
}

/** What the site's composer holds: a textarea's value, an editor's text. */
function readDraft(composer: HTMLElement): string {
  return (composer instanceof HTMLTextAreaElement ? composer.value : composer.innerText).trim();
}

/**
 * Writes `text` in place of the draft so that the site's editor takes it into its own state (its
 * Send or Post then sends exactly `text`); false when the editor did not take it.
 */
async function writeDraft(composer: HTMLElement, text: string): Promise<boolean> {
  composer.focus();
  if (composer instanceof HTMLTextAreaElement) {
    // React-controlled (XChat): React remembers the value it last rendered and calls onChange
    // only when an input event finds the element's value different, so the value is set with
    // the element's native setter (not through any setter a page script put on the element).
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(composer, text);
    composer.dispatchEvent(new Event('input', { bubbles: true }));
  } else {
    // Draft.js (X's post composer) keeps its own model and re-renders the DOM from it: text
    // written into the DOM is not in it. A paste is one event it handles itself (editOnPaste:
    // the clipboard's plain text replaces its selection, Post enables), where execCommand's
    // insertText goes through the browser's editing and Draft.js's DOM reconciliation. Its
    // selection must cover the old draft first, and reaches it on the next selectionchange.
    const range = document.createRange();
    range.selectNodeContents(composer);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const data = new DataTransfer();
    data.setData('text/plain', text);
    composer.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }
  // React renders the change on its next task.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return readDraft(composer) === text;
}

/**
 * Opens the extension's composer window for `peer`, or when null for members chosen there, and
 * writes the envelope written there in place of the site's draft. The plaintext is typed in the
 * window, never into the page.
 */
async function lockDraft({ api, adapter }: Runtime, composer: HTMLElement, peer: string | null): Promise<LockOutcome> {
  const before = readDraft(composer);
  if (before.match(ARMOUR)) return { error: 'This draft is already locked.', locked: false };
  const result = await api('compose', { peerHandle: peer ?? undefined, platform: adapter.site.platform });
  if (!result.ok) return { error: result.error, locked: result.locked === true };
  // Typing may go on in the page while the window is open: never overwrite it.
  if (readDraft(composer) !== before) return { error: 'The draft on the page changed meanwhile: lock again.', locked: false };
  if (!(await writeDraft(composer, result.value.armour))) return { error: `${adapter.site.name} did not take the locked text: lock again.`, locked: false };
  return null;
}
