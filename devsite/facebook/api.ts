/**
 * The emulated facebook.com's own API: where its pages send posts and Messenger messages. One
 * server is shared by every browser profile of a test, so two members reach each other.
 */

/** Where the page's scripts send a post (Facebook's GraphQL endpoint, ComposerStoryCreateMutation). */
export const FACEBOOK_API_PATH = '/api/graphql/';
export const MESSENGER_THREAD_PATH = '/api/messenger/thread';
export const MESSENGER_SEND_PATH = '/api/messenger/send';

export interface MessengerMessage {
  id: string;
  /** The sender's account id. */
  sender: string;
  text: string;
  sentAt: number;
}

/** The key both sides of a thread share: the two account ids of a one-to-one thread, or the group's id. */
export function threadKey(viewerId: string, thread: { id: string; members: { id: string }[]; name?: string }): string {
  if (thread.name !== undefined || thread.members.length !== 1) return `g${thread.id}`;
  return [viewerId, thread.members[0]!.id].sort().join('-');
}

export interface FacebookServer {
  /** Answers the pages' API calls; null for anything else. `viewer` is the account of the asking browser. */
  handle(viewer: string, method: string, url: URL, body: string | null): { status: number; json: unknown } | null;
  /** Texts each account posted, in order. */
  posts(viewer: string): string[];
  messages(key: string): MessengerMessage[];
}

export function createFacebookServer(): FacebookServer {
  const threads = new Map<string, MessengerMessage[]>();
  const posted = new Map<string, string[]>();
  const thread = (key: string) => threads.get(key) ?? threads.set(key, []).get(key)!;
  return {
    handle(viewer, method, url, body) {
      if (url.pathname === FACEBOOK_API_PATH && method === 'POST') {
        const request = JSON.parse(body ?? '{}') as { doc?: string; variables?: { message?: { text?: string } } };
        const text = request.variables?.message?.text;
        if (request.doc !== 'ComposerStoryCreateMutation' || typeof text !== 'string' || !text.trim()) return { status: 400, json: { errors: [{ message: 'bad post' }] } };
        (posted.get(viewer) ?? posted.set(viewer, []).get(viewer)!).push(text);
        return { status: 200, json: { data: { story_create: { story: { id: String(Date.now()) } } } } };
      }
      if (url.pathname === MESSENGER_THREAD_PATH && method === 'GET') return { status: 200, json: { messages: thread(url.searchParams.get('key') ?? '') } };
      if (url.pathname === MESSENGER_SEND_PATH && method === 'POST') {
        const sent = JSON.parse(body ?? '{}') as { key?: string; id?: string; text?: string };
        if (!sent.key || !sent.id || typeof sent.text !== 'string' || !sent.text.trim()) return { status: 400, json: { error: 'bad message' } };
        const list = thread(sent.key);
        if (!list.some((m) => m.id === sent.id)) list.push({ id: sent.id, sender: viewer, text: sent.text, sentAt: Date.now() });
        return { status: 200, json: { ok: true } };
      }
      return null;
    },
    posts: (viewer) => [...(posted.get(viewer) ?? [])],
    messages: (key) => [...thread(key)],
  };
}
