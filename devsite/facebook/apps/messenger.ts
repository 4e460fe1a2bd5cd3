/**
 * Messenger on facebook.com (/messages/t/<id>, /messages/e2ee/t/<id>): the thread's header (a
 * one-to-one thread links its peer's profile, a group's links nobody), the message grid (rows for
 * the conversation's start, the encryption notice and dates besides messages; each message with a
 * visually hidden sender heading, own messages aligned to the end) and the Lexical composer, whose
 * send button appears once the editor has text and which sends on Enter.
 */
import { MESSENGER_SEND_PATH, MESSENGER_THREAD_PATH, threadKey, type MessengerMessage } from '../api';
import { mountLexical } from './lexical';

interface User {
  id: string;
  username?: string;
  name: string;
}
interface Data {
  viewer: User;
  thread: { id: string; members: User[]; name?: string; e2ee?: boolean } | null;
}

const HIDDEN = 'xzpqnlu x1hyvwdk xjm9jq1 x6ikm8r x10wlt62 x10l6tqk x1i1rx1s';
const profileHref = (user: User) => (user.username ? `/${user.username}/` : `/profile.php?id=${user.id}`);

function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function header(data: Data): HTMLElement {
  const thread = data.thread!;
  const peer = thread.members.length === 1 && thread.name === undefined ? thread.members[0]! : null;
  const title = thread.name ?? thread.members.map((m) => m.name).join(', ');
  const name = peer
    ? element('a', { href: profileHref(peer), role: 'link', class: 'x1i10hfl xjbqb8w x1ejq31n', tabindex: '0' }, element('span', { dir: 'auto' }, title))
    : element('span', { dir: 'auto', class: 'x193iq5w xeuugli' }, title);
  const avatar = peer ? element('a', { href: profileHref(peer), role: 'link', 'aria-label': peer.name, class: 'x1i10hfl x1qjc9v5' }, '●') : element('span', {}, '●●');
  return element(
    'div',
    { class: 'x78zum5 x1q0g3np x6s0dn4 x1cy8zhl', style: 'padding:8px 16px;border-bottom:1px solid #3e4042' },
    avatar,
    element('div', { class: 'x78zum5 xdt5ytf', style: 'margin-left:8px' }, element('h2', { class: 'x1heor9g', dir: 'auto' }, name), element('span', {}, peer ? 'Active now' : `${thread.members.length + 1} members`)),
    element('div', { 'aria-label': 'Conversation information', role: 'button', tabindex: '0', style: 'margin-left:auto' }, 'ⓘ'),
  );
}

function infoRow(...children: (Node | string)[]): HTMLElement {
  return element('div', { role: 'row', class: 'x1n2onr6' }, element('div', { class: 'x78zum5 xdt5ytf x6s0dn4', style: 'text-align:center;padding:8px;color:#b0b3b8' }, ...children));
}

function messageRow(message: MessengerMessage, data: Data): HTMLElement {
  const own = message.sender === data.viewer.id;
  const sender = data.thread!.members.find((m) => m.id === message.sender);
  const label = own ? element('h5', { class: HIDDEN, dir: 'auto' }, 'You sent') : element('h4', { class: HIDDEN, dir: 'auto' }, element('span', {}, sender?.name ?? 'Facebook user'));
  const bubble = element('div', { class: 'x1cy8zhl x9f619', style: `max-width:60%;padding:8px 12px;border-radius:18px;background:${own ? '#0866ff' : '#303030'}` }, element('div', { dir: 'auto', class: 'html-div xexx8yu x4uap5 x18d9i69' }, message.text));
  const cell = element('div', { role: 'gridcell', class: `x78zum5 x1q0g3np ${own ? 'x13a6bvl' : 'x1nhvcw1'}`, tabindex: '-1' }, label, bubble);
  return element('div', { role: 'row', class: 'x1n2onr6', 'data-devsite-message': message.id }, element('div', { class: 'x78zum5 xdt5ytf', style: 'padding:2px 16px' }, cell));
}

export function mountMessenger(data: Data): void {
  const slot = document.querySelector('[data-devsite-thread]');
  const main = slot?.parentElement;
  if (!main || !data.thread) return;
  const thread = data.thread;
  const key = threadKey(data.viewer.id, thread);
  const title = thread.name ?? thread.members.map((m) => m.name).join(', ');
  const grid = element('div', { role: 'grid', 'aria-label': `Messages in conversation with ${title}`, class: 'x1n2onr6 x1iyjqo2', style: 'flex:1;overflow-y:auto' });
  const peer = thread.members.length === 1 && thread.name === undefined ? thread.members[0]! : null;
  grid.append(infoRow(peer ? element('a', { href: profileHref(peer), role: 'link' }, peer.name) : title, element('span', {}, peer ? "You're friends on Facebook" : 'Group chat')));
  if (thread.e2ee) grid.append(infoRow(element('span', { dir: 'auto' }, 'Messages and calls are secured with end-to-end encryption. Only people in this chat can read, listen to, or share them.')));
  grid.append(infoRow(element('span', {}, 'Today at 10:30')));

  const send = element('div', { 'aria-label': 'Press enter to send', role: 'button', tabindex: '0', style: 'display:none' }, '➤');
  const like = element('div', { 'aria-label': 'Send a like', role: 'button', tabindex: '0' }, '👍');
  const editorSlot = element('div', { class: 'x1iyjqo2 xs83m0k', style: 'flex:1' });
  const composerRow = element('div', { class: 'x78zum5 x1q0g3np x6s0dn4', style: 'padding:12px 16px' }, editorSlot, send, like);
  slot.replaceWith(header(data), grid, composerRow);

  const shown = new Set<string>();
  const show = (messages: MessengerMessage[]) => {
    for (const message of messages) {
      if (shown.has(message.id)) continue;
      shown.add(message.id);
      grid.append(messageRow(message, data));
    }
  };
  const refresh = async () => {
    const response = await fetch(`${MESSENGER_THREAD_PATH}?key=${encodeURIComponent(key)}`);
    if (response.ok) show(((await response.json()) as { messages: MessengerMessage[] }).messages);
  };
  const composer = mountLexical(editorSlot, {
    label: peer ? `Message` : `Message ${title}`,
    placeholder: 'Aa',
    rich: false,
    className: 'xzsf02u x1a2a7pz x1n2onr6 x14wi4xw x1iyjqo2 x1gh3ibb xisnujt xeuugli x1odjw0f notranslate',
    onChange(text) {
      send.style.display = text.trim() ? '' : 'none';
      like.style.display = text.trim() ? 'none' : '';
    },
    onEnter: () => void submit(),
  });
  async function submit() {
    const text = composer.text();
    if (!text.trim()) return;
    composer.clear();
    await fetch(MESSENGER_SEND_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, id: crypto.randomUUID(), text }) });
    await refresh();
  }
  send.addEventListener('click', () => void submit());
  void refresh();
  setInterval(() => void refresh(), 500);
}
