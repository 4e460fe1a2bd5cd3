import { render } from 'preact';
import { DecryptedMessage } from '@/components/DecryptedMessage';
import { handleOn } from '@/lib/identity/handles';
import { MAX_ARMOUR_CHARS } from '@/lib/protocol/limits';
import type { SiteAdapter } from '@/lib/sites/types';
import type { Runtime } from '@/content/runtime';
import { peerHandle } from './peer';

/**
 * Opens the armours of one message or post (at most three) and shows what they say after it, in
 * a closed shadow root the site cannot read. Loaded when the first armour is seen.
 */
export async function showDecrypted(options: {
  runtime: Runtime;
  /** The site's DM message or post text. */
  element: HTMLElement;
  /** The element holding the armoured text: hidden once a message opens. */
  text: HTMLElement;
  armours: string[];
  /** The closed shadow root to draw in, or null when the message already has one. */
  mount: () => ShadowRoot | null;
  openWallet: () => void;
}): Promise<void> {
  const { runtime, text } = options;
  const authors = authorsOf(runtime.adapter, options.element);
  // Cut here as the background would: a megabyte of page text is not copied across to be cut there.
  const results = await Promise.all(options.armours.slice(0, 3).map((armour) => runtime.api('openArmour', { armour: `🔒${armour}`.slice(0, MAX_ARMOUR_CHARS), authors })));
  const container = options.mount();
  if (!container) return;
  const setCiphertextShown = (shown: boolean) => void (text.style.display = shown ? '' : 'none');
  render(<DecryptedMessage results={results} setCiphertextShown={setCiphertextShown} openWallet={options.openWallet} />, container);
  if (results.some((r) => r.ok && r.value.opened)) text.style.display = 'none';
}

/** Who may have written it: a received DM's peer (never one's own), a post's author. */
function authorsOf(adapter: SiteAdapter, element: HTMLElement): string[] {
  if (element.matches(adapter.selectors.dmMessage)) {
    const handle = peerHandle(adapter, element);
    return adapter.dmMessageIsOwn(element) || !handle ? [] : [handle];
  }
  const author = adapter.postTextAuthor(element);
  const handle = author && handleOn(adapter.site, author);
  return handle ? [handle] : [];
}
