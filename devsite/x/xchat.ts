/**
 * An emulation of XChat, X's direct messages since 2025-26 (x.com/i/chat, chat.x.com): served as
 * https://x.com/i/chat/… by Playwright in end-to-end tests, its React app (./apps/xchat.ts)
 * rendered to markup by unit tests.
 *
 * What it reproduces (ARCHITECTURE.md, "Sites as they are in late 2026"): the chat app renders
 * inside an open shadow root hosted by `[data-testid="xchatEmbedRoute"]` (overlays beside it in
 * `xchatEmbedOverlays`), so `document.querySelector` finds none of its elements; kebab-case test
 * ids (`dm-container`, `dm-inbox-panel`, `dm-conversation-item-<a>:<b>`, `dm-conversation-header`,
 * `dm-message-list`, `dm-message-scroller`, rows `[data-testid="message-<uuid>"][data-dm-message-row]`
 * with `data-send-status`, text `message-text-<uuid>`, `dm-composer-textarea`,
 * `dm-composer-send-button`); own vs received told only by the row's alignment (`justify-end` /
 * `justify-start`) and a visually hidden sender label; one-to-one ids `<lower id>-<higher id>`
 * (a group's is `g<number>`); the header links to `/<handle>` and shows `@handle`; a virtualised
 * message list (only the rows near the visible part exist); a React-controlled textarea whose
 * Send button appears once there is text; the PIN gate (`/i/chat/pin/…`) and message requests
 * (`/i/chat/requests`). Moving between conversations keeps the header's nodes and changes their
 * text and links, as React does.
 *
 * The thread lives in `createXChatServer()`, shared by every browser profile the test serves:
 * the page POSTs /i/api/xchat/send and polls GET /i/api/xchat/thread?conversation=ID every second.
 */
import { escapeHtml, leftNav, STYLES, X_APPS_PATH, type XUserFixture } from './site';

export interface XChatUser extends XUserFixture {
  /** The account's numeric id, as in conversation ids. */
  id: string;
}

export interface XChatConversation {
  /** `<lower id>-<higher id>` for one-to-one, `g<number>` for a group. */
  id: string;
  /** The other members (one for one-to-one). */
  members: XChatUser[];
  /** A group's name. */
  name?: string;
}

export interface XChatPageData {
  /** The logged-in account. */
  viewer: XChatUser;
  conversations: XChatConversation[];
  /** Message requests: conversations from people the viewer does not follow. */
  requests?: XChatConversation[];
}

export interface XChatMessage {
  /** A uuid. */
  id: string;
  /** The sender's screen name. */
  sender: string;
  text: string;
  sentAt: number;
}

/** The one-to-one conversation id of two accounts: lower id first. */
export function oneToOneId(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

/** The page of any /i/chat path (the app routes itself in the page). */
export function renderXChatPage(data: XChatPageData, path: string): string {
  return (
    `<!DOCTYPE html><html dir="ltr" lang="en" style="font-size: 15px; color-scheme: dark;"><head><meta charset="utf-8">` +
    `<title>Chat / X</title><style>${STYLES}</style></head><body style="background-color: rgb(0, 0, 0);">` +
    `<div id="react-root" style="height: 100%; display: flex;">` +
    leftNav(data.viewer, '/i/chat') +
    `<main role="main" style="flex: 3 1 0; min-width: 640px;"><div data-testid="xchatEmbedRoute" data-path="${escapeHtml(path)}"></div><div data-testid="xchatEmbedOverlays"></div></main></div>` +
    // JSON in a script element: "<" escaped so no text can close it.
    `<script type="application/json" id="xchat-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>` +
    `<script src="${X_APPS_PATH}"></script></body></html>`
  );
}

export interface XChatServer {
  /** Answers the page's GET /i/api/xchat/thread?conversation=ID and POST /i/api/xchat/send; null for anything else. */
  handle(method: string, url: URL, body: string | null): { status: number; json: unknown } | null;
  messages(conversationId: string): XChatMessage[];
}

export function createXChatServer(): XChatServer {
  const threads = new Map<string, XChatMessage[]>();
  const thread = (id: string) => threads.get(id) ?? threads.set(id, []).get(id)!;
  return {
    handle(method, url, body) {
      if (url.pathname === '/i/api/xchat/thread' && method === 'GET') {
        return { status: 200, json: { messages: thread(url.searchParams.get('conversation') ?? '') } };
      }
      if (url.pathname === '/i/api/xchat/send' && method === 'POST') {
        const sent = JSON.parse(body ?? '{}') as Partial<XChatMessage> & { conversationId?: string };
        if (!sent.conversationId || !sent.id || !sent.sender || typeof sent.text !== 'string' || !sent.text.trim()) return { status: 400, json: { error: 'bad message' } };
        const list = thread(sent.conversationId);
        if (!list.some((m) => m.id === sent.id)) list.push({ id: sent.id, sender: sent.sender, text: sent.text, sentAt: Date.now() });
        return { status: 200, json: { ok: true } };
      }
      return null;
    },
    messages: (id) => [...thread(id)],
  };
}
