// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://x.com/"}
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { xAdapter } from '../../lib/sites/x/adapter';
import { XChatApp } from '../../devsite/x/apps/xchat';
import { oneToOneId, type XChatMessage, type XChatPageData, type XChatUser } from '../../devsite/x/xchat';

const viewer: XChatUser = { id: '1111', screenName: 'nia_nu', displayName: 'Nia', bio: '' };
const dmitri: XChatUser = { id: '2222', screenName: 'dmitri_nu', displayName: '@elonmusk', bio: '' };
const yuki: XChatUser = { id: '3333', screenName: 'yuki_nu', displayName: 'Yuki', bio: '' };
const ONE_TO_ONE = oneToOneId(viewer.id, dmitri.id);
const GROUP = 'g1900000000000000001';
const data: XChatPageData = {
  viewer,
  conversations: [
    { id: ONE_TO_ONE, members: [dmitri] },
    { id: GROUP, name: 'Organising committee', members: [dmitri, yuki] },
  ],
  requests: [{ id: oneToOneId(viewer.id, '9999'), members: [{ id: '9999', screenName: 'stranger', displayName: 'Stranger', bio: '' }] }],
};
const message = (i: number, sender: string, text = `message ${i}`): XChatMessage => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, sender, text, sentAt: i });

const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

/** Renders XChat at `url` as the page does: into an open shadow root of its embed host. */
function load(url: string, initial: XChatMessage[] = []): ShadowRoot {
  setUrl(url);
  const path = new URL(url).pathname;
  document.body.innerHTML = '<main><div data-testid="xchatEmbedRoute"></div><div data-testid="xchatEmbedOverlays"></div></main>';
  const root = document.querySelector('[data-testid="xchatEmbedRoute"]')!.attachShadow({ mode: 'open' });
  root.innerHTML = `<div>${renderToStaticMarkup(createElement(XChatApp, { data, path, initial }))}</div>`;
  return root;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('XChat URLs', () => {
  it('recognises a conversation on x.com and chat.x.com', () => {
    for (const url of [`https://x.com/i/chat/${ONE_TO_ONE}`, `https://chat.x.com/i/chat/${ONE_TO_ONE}`, `https://x.com/i/chat/${GROUP}`]) {
      expect(xAdapter.isConversationUrl(new URL(url)), url).toBe(true);
    }
  });

  it('leaves the inbox, the PIN gate, requests, the retired /messages and other sites alone', () => {
    for (const url of [
      'https://x.com/i/chat',
      'https://x.com/i/chat/pin/recovery',
      'https://x.com/i/chat/requests',
      `https://x.com/i/chat/requests/${ONE_TO_ONE}`,
      `https://x.com/messages/${ONE_TO_ONE}`,
      `https://x.com/i/chat/${ONE_TO_ONE}/info`,
      `https://example.com/i/chat/${ONE_TO_ONE}`,
    ]) {
      expect(xAdapter.isConversationUrl(new URL(url)), url).toBe(false);
    }
  });

  it('is no profile page', () => {
    expect(xAdapter.handleFromUrl(new URL(`https://x.com/i/chat/${ONE_TO_ONE}`))).toBeNull();
  });
});

describe('a conversation in the embed’s shadow root', () => {
  it('is out of the document’s reach, and inside it the composer and each message row are found', () => {
    const root = load(`https://x.com/i/chat/${ONE_TO_ONE}`, [message(1, 'dmitri_nu'), message(2, 'nia_nu')]);
    expect(document.querySelectorAll('[data-testid^="dm-"], textarea')).toHaveLength(0);
    expect(root.querySelectorAll(xAdapter.selectors.dmComposer)).toHaveLength(1);
    expect([...root.querySelectorAll(xAdapter.selectors.dmMessage)].map((row) => row.getAttribute('data-testid'))).toEqual([
      `message-${message(1, '').id}`,
      `message-${message(2, '').id}`,
    ]);
    expect(root.querySelector(xAdapter.selectors.dmHeader!)).not.toBeNull();
    // The embed host is what the observer reaches into.
    expect(document.querySelector(xAdapter.shadowHosts!.join(','))?.shadowRoot).toBe(root);
  });

  it('reads each row’s own text by its uuid, and tells own from received by alignment only', () => {
    const root = load(`https://x.com/i/chat/${ONE_TO_ONE}`, [message(1, 'dmitri_nu', 'hello <b>there</b>'), message(2, 'nia_nu', 'hi')]);
    const [received, own] = [...root.querySelectorAll(xAdapter.selectors.dmMessage)];
    expect(xAdapter.dmMessageText(received!)?.textContent).toBe('hello <b>there</b>');
    expect(xAdapter.dmMessageText(own!)?.textContent).toBe('hi');
    expect(xAdapter.dmMessageIsOwn(received!)).toBe(false);
    expect(xAdapter.dmMessageIsOwn(own!)).toBe(true);
    // The visually hidden sender label is not the text.
    expect(xAdapter.dmMessageText(own!)?.textContent).not.toContain('You');
    own!.classList.remove('justify-end');
    expect(xAdapter.dmMessageIsOwn(own!)).toBe(false);
  });

  it('keeps only the rows near the end of a long thread, each still found by its uuid', () => {
    const thread = Array.from({ length: 200 }, (_, i) => message(i, i % 2 ? 'nia_nu' : 'dmitri_nu'));
    const root = load(`https://x.com/i/chat/${ONE_TO_ONE}`, thread);
    const rows = [...root.querySelectorAll(xAdapter.selectors.dmMessage)];
    expect(rows.length).toBeLessThan(30);
    expect(rows.at(-1)!.getAttribute('data-testid')).toBe(`message-${thread.at(-1)!.id}`);
    for (const row of rows) {
      const i = Number(row.getAttribute('data-testid')!.slice(-12));
      expect(xAdapter.dmMessageText(row)?.textContent).toBe(`message ${i}`);
      expect(xAdapter.dmMessageIsOwn(row)).toBe(i % 2 === 1);
      expect(row.getAttribute('data-send-status')).toBe('sent');
    }
  });

  it('shows no Send button while the composer is empty', () => {
    const root = load(`https://x.com/i/chat/${ONE_TO_ONE}`);
    expect(root.querySelector('[data-testid="dm-composer-send-button"]')).toBeNull();
  });
});

describe('the peer’s handle', () => {
  const composer = (root: ShadowRoot) => root.querySelector(xAdapter.selectors.dmComposer)!;

  it('is read from the header’s profile link and @handle, not the display name', () => {
    const root = load(`https://x.com/i/chat/${ONE_TO_ONE}`, [message(1, 'dmitri_nu', '@someone_else wrote this')]);
    expect(xAdapter.dmPeerHandle(composer(root))).toBe('dmitri_nu');
    expect(xAdapter.dmPeerHandle(root.querySelector(xAdapter.selectors.dmMessage)!)).toBe('dmitri_nu');
  });

  it('is null when the link and the @handle disagree, or the header has no link', () => {
    const root = load(`https://x.com/i/chat/${ONE_TO_ONE}`);
    const header = root.querySelector(xAdapter.selectors.dmHeader!)!;
    header.querySelector('a')!.setAttribute('href', '/yuki_nu');
    expect(xAdapter.dmPeerHandle(composer(root))).toBeNull();
    header.querySelector('a')!.remove();
    expect(xAdapter.dmPeerHandle(composer(root))).toBeNull();
  });

  it('is null in a group, whatever its header shows, and for ids not in lower-higher order', () => {
    const group = load(`https://x.com/i/chat/${GROUP}`);
    expect(xAdapter.dmPeerHandle(composer(group))).toBeNull();
    const root = load(`https://x.com/i/chat/${ONE_TO_ONE}`);
    setUrl(`https://x.com/i/chat/${dmitri.id}-${viewer.id}`);
    expect(xAdapter.dmPeerHandle(composer(root))).toBeNull();
  });

  it('is read on chat.x.com too', () => {
    const root = load(`https://chat.x.com/i/chat/${ONE_TO_ONE}`);
    expect(xAdapter.dmPeerHandle(composer(root))).toBe('dmitri_nu');
  });
});

describe('pages that are no conversation', () => {
  it('the PIN gate and the requests list have no composer, rows or header', () => {
    for (const url of ['https://x.com/i/chat/pin/recovery', 'https://x.com/i/chat/requests', 'https://x.com/i/chat']) {
      const root = load(url);
      expect(root.querySelectorAll(`${xAdapter.selectors.dmComposer}, ${xAdapter.selectors.dmMessage}, ${xAdapter.selectors.dmHeader}`), url).toHaveLength(0);
    }
    expect(load('https://x.com/i/chat/pin/recovery').querySelector('[data-testid="dm-pin-gate"]')).not.toBeNull();
  });
});
