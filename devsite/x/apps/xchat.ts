/**
 * XChat's React app (see ../xchat.ts for what it reproduces). Rendered into an open shadow root of
 * `[data-testid="xchatEmbedRoute"]` in the page, and to markup by unit tests (XChatApp).
 */
import { createElement as h, Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { XChatConversation, XChatMessage, XChatPageData, XChatUser } from '../xchat';

/** Shown rows: the list is virtualised, only rows near the visible part exist. */
const ROW_HEIGHT = 56;
const OVERSCAN = 4;
const SCROLLER_HEIGHT = 480;

export const XCHAT_CSS = `
:host{display:block;height:100%;color:rgb(231,233,234);font:15px -apple-system,system-ui,sans-serif}
.flex{display:flex}.flex-col{flex-direction:column}.justify-end{justify-content:flex-end}.justify-start{justify-content:flex-start}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.inbox{width:240px;border-right:1px solid rgb(47,51,54)}.inbox a{display:block;padding:12px;color:inherit;text-decoration:none}
.pane{flex:1;min-width:0;display:flex;flex-direction:column}.header{display:flex;gap:8px;align-items:center;padding:12px;border-bottom:1px solid rgb(47,51,54)}
.header a{color:inherit}.muted{color:rgb(113,118,123)}.scroller{height:${SCROLLER_HEIGHT}px;overflow-y:auto}
.row{padding:4px 12px}.bubble{max-width:70%;padding:8px 12px;border-radius:16px;overflow-wrap:anywhere;background:rgb(47,51,54)}
.justify-end .bubble{background:rgb(29,155,240)}.composer{display:flex;gap:8px;padding:12px;border-top:1px solid rgb(47,51,54)}
textarea{flex:1;background:transparent;color:inherit;border:1px solid rgb(47,51,54);border-radius:16px;padding:8px}
`;

/** A conversation's inbox test id: its members' ids joined by ":" (a group: its own id). */
const itemId = (id: string) => `dm-conversation-item-${id.replace('-', ':')}`;
const uuid = () => crypto.randomUUID();

type Route = { kind: 'inbox' | 'requests' | 'pin' } | { kind: 'conversation'; id: string };

export function routeOf(path: string): Route {
  const [, id, ...rest] = path.replace(/^\/i\/chat/, '').split('/');
  if (!id) return { kind: 'inbox' };
  if (id === 'pin') return { kind: 'pin' };
  if (id === 'requests') return { kind: 'requests' };
  return rest.length === 0 ? { kind: 'conversation', id } : { kind: 'inbox' };
}

interface ShownMessage extends XChatMessage {
  status: 'pending' | 'sent' | 'failed';
}

export function XChatApp({ data, path, navigate, initial = [] }: { data: XChatPageData; path: string; navigate?: (path: string) => void; initial?: XChatMessage[] }) {
  const route = routeOf(path);
  const link = (href: string, props: Record<string, unknown>, ...children: ReactNode[]) =>
    h('a', { href, ...props, onClick: (event: MouseEvent) => { event.preventDefault(); navigate?.(href); } }, ...children);
  if (route.kind === 'pin') {
    return h('div', { 'data-testid': 'dm-pin-gate', className: 'flex flex-col' }, h('h1', null, 'Enter your passcode'), h('p', { className: 'muted' }, 'Your messages are end-to-end encrypted. Enter your 4-digit passcode to read them.'),
      h('div', { className: 'flex' }, ...[0, 1, 2, 3].map((i) => h('input', { key: i, 'data-testid': 'pin-code-input', inputMode: 'numeric', maxLength: 1, 'aria-label': `Digit ${i + 1}` }))));
  }
  const list = route.kind === 'requests' ? data.requests ?? [] : data.conversations;
  const open = route.kind === 'conversation' ? [...data.conversations, ...(data.requests ?? [])].find((c) => c.id === route.id) : undefined;
  return h(
    'div',
    { 'data-testid': 'dm-container', className: 'flex' },
    h('nav', { 'data-testid': 'dm-inbox-panel', className: 'inbox', 'aria-label': route.kind === 'requests' ? 'Message requests' : 'Chats' },
      h('h2', null, route.kind === 'requests' ? 'Requests' : 'Chat'),
      ...list.map((c) => link(`/i/chat/${c.id}`, { key: c.id, 'data-testid': itemId(c.id) }, title(c))),
      route.kind !== 'requests' && link('/i/chat/requests', { key: 'requests', 'data-testid': 'dm-requests-link' }, 'Message requests')),
    open ? h(Conversation, { key: 'pane', data, conversation: open, initial }) : h('section', { className: 'pane' }, h('p', { className: 'muted' }, 'Select a conversation')),
  );
}

function title(c: XChatConversation): string {
  return c.name ?? c.members.map((m) => m.displayName).join(', ');
}

/** One conversation: header, virtualised thread, controlled composer. Kept across conversations (same nodes). */
function Conversation({ data, conversation, initial }: { data: XChatPageData; conversation: XChatConversation; initial: XChatMessage[] }) {
  const [messages, setMessages] = useState<ShownMessage[]>(() => initial.map((m) => ({ ...m, status: 'sent' })));
  const [draft, setDraft] = useState('');
  const [scrollTop, setScrollTop] = useState(Number.MAX_SAFE_INTEGER);
  const scroller = useRef<HTMLDivElement>(null);
  const id = conversation.id;

  useEffect(() => {
    let live = true;
    setMessages([]);
    const refresh = async () => {
      const response = await fetch(`/i/api/xchat/thread?conversation=${encodeURIComponent(id)}`).catch(() => null);
      const body = response?.ok ? ((await response.json()) as { messages: XChatMessage[] }) : null;
      if (!live || !body) return;
      setMessages((shown) => {
        const known = new Set(body.messages.map((m) => m.id));
        return [...body.messages.map((m) => ({ ...m, status: 'sent' as const })), ...shown.filter((m) => !known.has(m.id) && m.status !== 'sent')];
      });
    };
    void refresh();
    const timer = setInterval(refresh, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id]);

  // New messages scroll the list to the end, as a chat does.
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [messages.length, id]);

  const send = () => {
    const text = draft;
    if (!text.trim()) return;
    const message: ShownMessage = { id: uuid(), sender: data.viewer.screenName, text, sentAt: Date.now(), status: 'pending' };
    setMessages((shown) => [...shown, message]);
    setDraft('');
    void fetch('/i/api/xchat/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: id, ...message }) })
      .then((response) => response.ok)
      .catch(() => false)
      .then((ok) => setMessages((shown) => shown.map((m) => (m.id === message.id ? { ...m, status: ok ? 'sent' : 'failed' } : m))));
  };

  const visible = Math.ceil(SCROLLER_HEIGHT / ROW_HEIGHT);
  const top = Math.min(Math.floor(scrollTop / ROW_HEIGHT), Math.max(0, messages.length - visible));
  const first = Math.max(0, top - OVERSCAN);
  const last = Math.min(messages.length, top + visible + OVERSCAN);
  const peer = conversation.members[0]!;
  const group = conversation.members.length > 1;
  return h(
    'section',
    { className: 'pane', 'aria-label': 'Conversation' },
    h(
      'div',
      { 'data-testid': 'dm-conversation-header', className: 'header' },
      group
        ? h(Fragment, null, h('span', null, conversation.name ?? title(conversation)), h('span', { className: 'muted' }, `${conversation.members.length + 1} members`))
        : h(Fragment, null, h('a', { href: `/${peer.screenName}`, 'aria-label': peer.displayName }, h('span', null, peer.displayName)), h('span', { className: 'muted' }, `@${peer.screenName}`)),
    ),
    h(
      'div',
      { 'data-testid': 'dm-message-list', role: 'log' },
      h(
        'div',
        { 'data-testid': 'dm-message-scroller', className: 'scroller', ref: scroller, onScroll: (event: { currentTarget: HTMLDivElement }) => setScrollTop(event.currentTarget.scrollTop) },
        h('div', { style: { height: first * ROW_HEIGHT } }),
        ...messages.slice(first, last).map((m) => h(Row, { key: m.id, message: m, own: m.sender === data.viewer.screenName, sender: senderName(data, conversation, m.sender) })),
        h('div', { style: { height: (messages.length - last) * ROW_HEIGHT } }),
      ),
    ),
    h(
      'form',
      { className: 'composer', onSubmit: (event: SubmitEvent) => { event.preventDefault(); send(); } },
      h('textarea', {
        'data-testid': 'dm-composer-textarea',
        placeholder: 'Start a message',
        rows: 1,
        value: draft,
        onChange: (event: { currentTarget: HTMLTextAreaElement }) => setDraft(event.currentTarget.value),
        onKeyDown: (event: KeyboardEvent) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            send();
          }
        },
      }),
      draft.trim() !== '' && h('button', { type: 'submit', 'data-testid': 'dm-composer-send-button', 'aria-label': 'Send' }, 'Send'),
    ),
  );
}

function senderName(data: XChatPageData, conversation: XChatConversation, screenName: string): string {
  if (screenName === data.viewer.screenName) return 'You';
  return conversation.members.find((m: XChatUser) => m.screenName === screenName)?.displayName ?? screenName;
}

function Row({ message, own, sender }: { message: ShownMessage; own: boolean; sender: string }) {
  return h(
    'div',
    { 'data-testid': `message-${message.id}`, 'data-dm-message-row': '', 'data-send-status': message.status, className: `row flex ${own ? 'justify-end' : 'justify-start'}` },
    h('span', { className: 'sr-only' }, `${sender}: `),
    h('div', { className: 'bubble' }, h('span', { 'data-testid': `message-text-${message.id}` }, message.text)),
  );
}

/** Mounts the app into an open shadow root of the embed host and routes it with the page's history. */
export function mountXChat(embed: HTMLElement): void {
  const data = JSON.parse(document.getElementById('xchat-data')!.textContent!) as XChatPageData;
  const shadow = embed.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = XCHAT_CSS;
  const container = document.createElement('div');
  shadow.append(style, container);
  const root = createRoot(container);
  const show = () => root.render(h(XChatApp, { data, path: location.pathname, navigate }));
  const navigate = (path: string) => {
    history.pushState(null, '', path);
    show();
  };
  addEventListener('popstate', show);
  show();
}
