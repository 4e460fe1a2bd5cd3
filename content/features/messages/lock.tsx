import { render } from 'preact';
import { LockButton, type LockOutcome, type LockState } from '@/components/Messages';
import { displayHandle } from '@/lib/identity/handles';
import type { Runtime } from '@/content/runtime';
import { ARMOUR } from './armour';
import { peerHandle } from './peer';

const NOT_ONE_TO_ONE = 'Lock works in a one-to-one conversation with a member.';

/**
 * The Lock of one composer, taking over from the light button the content script drew: it says
 * before any click why a DM cannot be locked, and replaces the draft with an envelope. Returns
 * what locks (the button, its first click before this loaded, Ctrl+Shift+L).
 */
export function attachLock(options: {
  runtime: Runtime;
  composer: HTMLElement;
  container: HTMLElement;
  /** The composer's text colour: X's themes are not the system's. */
  color: string;
  /** A DM's composer (locks for the conversation's peer), else a post's. */
  dm: boolean;
  openWallet: () => void;
}): () => Promise<void> {
  const { runtime, composer, container } = options;
  const { ctx, api } = runtime;
  // Read when needed: X keeps the composer across conversations.
  const peer = options.dm ? () => peerHandle(runtime.adapter) : undefined;
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
  if (peer) ctx.addEventListener(window, 'wxt:locationchange', () => void conversation());
  return lock;
}

/** Replaces the draft the way typing does, so the site's editor (and its Send) sees it. */
function writeDraft(composer: HTMLElement, text: string) {
  composer.focus();
  document.execCommand('selectAll', false);
  document.execCommand('insertText', false, text);
}

/** Encrypts the draft for `peer`, or when null for the members chosen in the approval window, and writes the envelope in its place. */
async function lockDraft({ api, adapter }: Runtime, composer: HTMLElement, peer: string | null): Promise<LockOutcome> {
  const plaintext = composer.innerText.trim();
  if (!plaintext) return { error: 'Write the message first, then lock it.', locked: false };
  if (plaintext.match(ARMOUR)) return { error: 'This draft is already locked.', locked: false };
  const result = peer ? await api('sealForPeer', { peerHandle: peer, plaintext }) : await api('lockPost', { plaintext, platform: adapter.site.platform });
  if (!result.ok) return { error: result.error, locked: result.locked === true };
  // Typing goes on while the approval window is open: never overwrite words that were not locked.
  if (composer.innerText.trim() !== plaintext) return { error: 'The draft changed meanwhile: lock it again.', locked: false };
  writeDraft(composer, result.value.armour);
  return null;
}
