/**
 * Drafts written outside the host page: a Lock on a host page opens an extension-owned composer
 * window, whose page asks what it composes for (`details`) and hands back the sealed armour
 * (`finish`); the host page's request then answers with the armour alone. Closing the window
 * answers it with a refusal. The plaintext never crosses into the page's content script.
 * A window rather than an iframe of an extension page in the host page: the iframe's page would
 * have to be web-accessible (any site can probe for it) and would sit under the site's overlays.
 */
import { RequestError } from '../context';

export interface ComposeWindows {
  /** Opens the composer window for session `id`; resolves once it is open. */
  open(id: string): Promise<void>;
}

export function createComposeSessions<D>(windows: ComposeWindows) {
  const sessions = new Map<string, { details: D; owner: string; settle: (armour: string | Error) => void }>();

  return {
    /**
     * Opens a window for `details` asked by `owner` (a page's frame); resolves with the armour
     * written there, or refuses when it is closed. One window per page at a time: a page cannot
     * open windows one after another.
     */
    async start(details: D, owner: string): Promise<string> {
      if ([...sessions.values()].some((session) => session.owner === owner)) throw new RequestError('A Lock window is already open for this page.');
      const id = crypto.randomUUID();
      const armour = new Promise<string>((resolve, reject) =>
        sessions.set(id, { details, owner, settle: (value) => (value instanceof Error ? reject(value) : resolve(value)) }),
      );
      try {
        await windows.open(id);
      } catch {
        sessions.delete(id);
        throw new RequestError('The Lock window could not open.');
      }
      return armour;
    },
    get(id: string): { details: D } {
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
