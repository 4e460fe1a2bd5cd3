/**
 * Drafts written outside the host page: a Lock on a host page opens an extension-owned composer
 * window, whose page asks what it composes for (`details`) and hands back the sealed armour
 * (`finish`); the host page's request then answers with the armour alone. Closing the window
 * answers it with a refusal. The plaintext never crosses into the page's content script.
 */
import { RequestError } from '../context';

export interface ComposeWindows {
  /** Opens the composer window for session `id`; resolves once it is open. */
  open(id: string): Promise<void>;
}

export interface ComposeSession<D> {
  details: D;
  /** The host page that asked: its origin and tab (the tab is named in the window). */
  origin: string;
}

export function createComposeSessions<D>(windows: ComposeWindows) {
  const sessions = new Map<string, ComposeSession<D> & { settle: (armour: string | Error) => void }>();

  return {
    /** Opens a window for `details`; resolves with the armour written there, or refuses when it is closed. */
    async start(details: D, origin: string): Promise<string> {
      const id = crypto.randomUUID();
      const armour = new Promise<string>((resolve, reject) =>
        sessions.set(id, { details, origin, settle: (value) => (value instanceof Error ? reject(value) : resolve(value)) }),
      );
      try {
        await windows.open(id);
      } catch {
        sessions.delete(id);
        throw new RequestError('The Lock window could not open.');
      }
      return armour;
    },
    get(id: string): ComposeSession<D> {
      const session = sessions.get(id);
      if (!session) throw new RequestError('This draft is no longer waiting: press Lock on the page again.');
      return session;
    },
    finish(id: string, armour: string): void {
      sessions.get(id)?.settle(armour);
      sessions.delete(id);
    },
    /** The window was closed: nothing is written into the page. */
    closed(id: string): void {
      sessions.get(id)?.settle(new RequestError('The Lock window was closed: nothing was locked.'));
      sessions.delete(id);
    },
  };
}

export type ComposeSessions<D> = ReturnType<typeof createComposeSessions<D>>;
