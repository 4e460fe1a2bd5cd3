// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://x.com/"}
import { afterEach, describe, expect, it, vi } from 'vitest';
import { xAdapter } from '../../lib/sites/x/adapter';
import {
  createDmServer,
  renderDmText,
  renderXDmPage,
  seedMessageId,
  type XDmPageData,
  type XDmServer,
} from '../../devsite/x/dm';
import type { XUserFixture } from '../../devsite/x/site';

const viewer: XUserFixture = { screenName: 'nu_viewer', displayName: 'Viewer', bio: '' };
/** A display name and bio that read like other people's handles. */
const alice: XUserFixture = { screenName: 'Alice_1', displayName: '@someone', bio: 'Ask @mallory, not me.' };
const bob: XUserFixture = { screenName: 'bob', displayName: 'Bob', bio: '' };
const mallory: XUserFixture = {
  screenName: 'mallory',
  displayName: '<img src=x onerror=alert(1)>\u202E@elonmusk',
  bio: '</script><script>alert(2)</script>',
};

const CONVERSATION = '1001-2002';
const GROUP = '1790000000000000000';

const messages = [
  { fromViewer: false, text: 'Hi, it is me: @mallory (not really)', time: '10:40 AM' },
  { fromViewer: true, text: 'Hello @Alice_1, see https://union.example/join.', time: '10:41 AM' },
  { fromViewer: false, text: '<img src=x onerror=alert(3)> </script><script>alert(4)</script> & "quoted"', time: '10:42 AM' },
  { fromViewer: true, text: 'Line one\nLine two', time: '10:43 AM' },
];

const data: XDmPageData = { viewer, peer: alice, conversationId: CONVERSATION, messages, inbox: [mallory, bob] };
const groupData: XDmPageData = {
  viewer,
  peer: alice,
  conversationId: GROUP,
  messages: messages.slice(0, 2),
  group: { name: 'Organizers @Alice_1', members: [alice, bob] },
};

/** Renders a page into the test document the way a browser would have it (scripts do not run). */
function load(page: XDmPageData, path = `/messages/${page.conversationId}`): void {
  history.replaceState({}, '', path);
  const parsed = new DOMParser().parseFromString(renderXDmPage(page), 'text/html');
  document.title = parsed.title;
  document.body.innerHTML = parsed.body.innerHTML;
}

function dmMessages(): Element[] {
  return [...document.querySelectorAll(xAdapter.selectors.dmMessage)];
}

function composer(): HTMLElement {
  const all = document.querySelectorAll<HTMLElement>(xAdapter.selectors.dmComposer);
  expect(all).toHaveLength(1);
  return all[0]!;
}

/** The fixture's Send button (what the user presses after locking). */
function sendButton(): HTMLButtonElement {
  const button = document.querySelector<HTMLButtonElement>('[data-testid="dmComposerSendButton"]');
  expect(button).not.toBeNull();
  return button!;
}

const url = (href: string) => xAdapter.isConversationUrl(new URL(href));

describe('conversation URLs', () => {
  it('recognises one conversation’s page', () => {
    for (const href of [
      'https://x.com/messages/1234-5678',
      'https://x.com/messages/1234-5678/',
      'https://x.com/messages/1234-5678?ref=inbox',
      'https://twitter.com/messages/1234-5678',
      'https://mobile.x.com/messages/1234-5678',
      `https://x.com/messages/${GROUP}`,
    ]) {
      expect(url(href), href).toBe(true);
    }
  });

  it('rejects the inbox, a new message, settings, requests and other pages', () => {
    for (const href of [
      'https://x.com/messages',
      'https://x.com/messages/',
      'https://x.com/messages/compose',
      'https://x.com/messages/settings',
      'https://x.com/messages/requests',
      'https://x.com/messages/1234-5678/info',
      'https://x.com/messages/1234-5678/group-info',
      'https://x.com/messages/1234-5678-9',
      'https://x.com/messages/abc-def',
      'https://x.com/messages/-5678',
      'https://x.com/i/chat/1234-5678',
      'https://x.com/alice',
      'https://x.com/alice/messages/1234-5678',
      'https://example.com/messages/1234-5678',
      'https://x.com.evil.example/messages/1234-5678',
    ]) {
      expect(url(href), href).toBe(false);
    }
  });

  it('is no profile page', () => {
    expect(xAdapter.handleFromUrl(new URL('https://x.com/messages/1234-5678'))).toBeNull();
  });
});

describe('the conversation page', () => {
  it('finds the one composer, a contenteditable textbox, and its Send button', () => {
    load(data);
    const box = composer();
    expect(box.getAttribute('contenteditable')).toBe('true');
    expect(box.getAttribute('role')).toBe('textbox');
    expect(box.closest('[data-testid="dmComposerTextInputRichTextInputContainer"]')).not.toBeNull();
    expect(document.querySelectorAll(xAdapter.selectors.postComposer)).toHaveLength(0);
    const button = sendButton();
    expect(button.tagName).toBe('BUTTON');
    expect(button.getAttribute('aria-label')).toBe('Send');
    expect(button.getAttribute('data-testid')).toBe('dmComposerSendButton');
    expect(button.disabled).toBe(true);
  });

  it('finds one message per message of the thread, not the inbox previews or the profile summary', () => {
    load(data);
    const found = dmMessages();
    expect(found).toHaveLength(messages.length);
    expect(found.map((m) => xAdapter.dmMessageText(m)?.textContent)).toEqual(messages.map((m) => m.text));
    // The inbox row shows the last message's text, and the summary shows the peer's bio: neither is a message.
    expect(document.querySelector('[data-testid="conversation"]')?.textContent).toContain(messages[3]!.text);
    expect(document.querySelector('[data-testid="DmScrollerContainer"]')?.textContent).toContain(alice.bio);
    for (const m of found) expect(m.closest('[data-testid="conversation"]')).toBeNull();
  });

  it('reads the text element of each message (text, links and mentions; hostile markup as text)', () => {
    load(data);
    const texts = dmMessages().map((m) => xAdapter.dmMessageText(m)!);
    for (const text of texts) expect(text.getAttribute('data-testid')).toBe('tweetText');
    expect(texts[0]!.querySelector('a[href="/mallory"]')?.textContent).toBe('@mallory');
    expect(texts[1]!.querySelector('a[href="https://union.example/join"]')).not.toBeNull();
    expect(texts[2]!.textContent).toBe(messages[2]!.text);
    expect(texts[2]!.children).toHaveLength(1); // one text run: no element made of the text
    expect(texts[3]!.textContent).toBe('Line one\nLine two');
  });

  it('reads the message’s own text, not a shared post’s inside it', () => {
    load(data);
    const message = dmMessages()[1]!;
    const card = document.createElement('div');
    card.setAttribute('role', 'link');
    card.innerHTML = '<article><div data-testid="tweetText">A shared post</div></article>';
    message.firstElementChild!.prepend(card);
    expect(xAdapter.dmMessageText(message)?.textContent).toBe(messages[1]!.text);
    const bare = document.createElement('div');
    bare.setAttribute('data-testid', 'messageEntry');
    expect(xAdapter.dmMessageText(bare)).toBeNull();
  });

  it('tells sent messages from received ones', () => {
    load(data);
    expect(dmMessages().map((m) => xAdapter.dmMessageIsOwn(m))).toEqual(messages.map((m) => m.fromViewer));
  });

  it('tells a received message without the sender’s avatar by its alignment', () => {
    load(data);
    const received = dmMessages()[0]!;
    received.querySelector('[data-testid="DM_Conversation_Avatar"]')!.parentElement!.remove();
    expect(received.querySelector('[data-testid="DM_Conversation_Avatar"]')).toBeNull();
    expect(xAdapter.dmMessageIsOwn(received)).toBe(false);
    const unmarked = document.createElement('div');
    unmarked.innerHTML = '<div><div data-testid="tweetText">?</div></div>';
    expect(xAdapter.dmMessageIsOwn(unmarked)).toBe(false);
  });

  it('creates no element from names, bios or messages', () => {
    load({ ...data, peer: mallory, messages: [...messages, { fromViewer: false, text: mallory.bio, time: '</span>' }] });
    expect(document.querySelectorAll('img[src="x"], b')).toHaveLength(0);
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts.map((s) => s.id || 'runtime')).toEqual(['x-dm-fixture', 'runtime']);
    expect(() => JSON.parse(scripts[0]!.textContent!)).not.toThrow();
    expect(document.querySelector('h2#detail-header')?.textContent).toBe(mallory.displayName);
    expect(dmMessages().at(-1)?.textContent).toContain('</span>');
    expect(renderDmText('<b>&</b>')).not.toContain('<b>');
  });
});

describe('the peer’s handle', () => {
  it('is read from the conversation header’s profile link', () => {
    load(data);
    expect(xAdapter.dmPeerHandle(document)).toBe('Alice_1');
  });

  it('is not taken from display names, bios, messages or the inbox', () => {
    load(data);
    const header = document.querySelector('section[aria-labelledby="detail-header"] h2#detail-header')!;
    expect(header.textContent).toBe('@someone');
    expect(document.querySelector('[data-testid="DmScrollerContainer"]')?.textContent).toContain('@mallory');
    // Other people's inbox rows carry avatar links too.
    expect(document.querySelector('[data-testid="conversation"] [data-testid="DM_Conversation_Avatar"][href="/mallory"]')).not.toBeNull();
    expect(xAdapter.dmPeerHandle(document)).toBe('Alice_1');
  });

  it('comes from the header alone: without its link there is none', () => {
    load(data);
    const panel = document.querySelector('section[aria-labelledby="detail-header"]')!;
    for (const link of panel.querySelectorAll('[data-testid="DM_Conversation_Avatar"]')) {
      if (!link.closest('[data-testid="DmActivityViewport"]')) link.remove();
    }
    // The thread still links to the peer (received messages' avatars, the profile summary).
    expect(panel.querySelectorAll('[data-testid="DmActivityViewport"] a[href="/Alice_1"]').length).toBeGreaterThan(1);
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
  });

  it('is null in a group conversation', () => {
    load(groupData);
    expect(document.querySelector('h2#detail-header')?.textContent).toBe('Organizers @Alice_1');
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
    // The group's header does not link to a profile, wherever the page is.
    history.replaceState({}, '', '/home');
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
  });

  it('is null at a group conversation’s URL, whatever the header shows', () => {
    load(data, `/messages/${GROUP}`);
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
  });

  it('is null when the header links to more than one person', () => {
    load(data);
    const headerAvatar = document.querySelector('h2#detail-header')!.closest('section')!.querySelector('[data-testid="DM_Conversation_Avatar"]')!;
    const second = headerAvatar.cloneNode(true) as Element;
    second.setAttribute('href', '/bob');
    headerAvatar.after(second);
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
    second.setAttribute('href', '/alice_1'); // the same person, differently cased
    expect(xAdapter.dmPeerHandle(document)).toBe('Alice_1');
    second.setAttribute('href', '/i/flow/login');
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
  });

  it('is null on a page without a conversation', () => {
    document.body.innerHTML = '<main><section aria-labelledby="detail-header"><h2 id="detail-header">Messages</h2></section></main>';
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
    document.body.innerHTML = '';
    expect(xAdapter.dmPeerHandle(document)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// The page's runtime: the composer behaves like X's, Send and the thread use the fixture API
// ---------------------------------------------------------------------------------------------

interface Call {
  method: string;
  url: string;
  body: string | null;
}

const realFetch = window.fetch;

afterEach(() => {
  window.__xDm?.stop();
  delete window.__xDm;
  window.fetch = realFetch;
  localStorage.clear();
});

/** Loads the page and runs its runtime against `server`, as `as` (the logged-in account). */
async function start(page: XDmPageData, server: XDmServer, as: string | null = page.viewer.screenName): Promise<Call[]> {
  load(page);
  const calls: Call[] = [];
  window.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const call = { method: init?.method ?? 'GET', url: String(input), body: typeof init?.body === 'string' ? init.body : null };
    calls.push(call);
    const answer = server.handle(call.method, call.url, call.body, as ?? undefined);
    return { ok: answer.status < 300, status: answer.status, json: async () => answer.json } as Response;
  }) as typeof fetch;
  const runtime = [...document.querySelectorAll('script')].find((s) => !s.id)!.textContent!;
  new Function(runtime)();
  await window.__xDm!.refresh();
  return calls;
}

const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST');

/** Types like a user: execCommand where the browser has it, else the events a browser fires. */
function type(box: HTMLElement, text: string): void {
  box.focus();
  if (typeof document.execCommand === 'function') {
    document.execCommand('insertText', false, text);
    return;
  }
  for (const char of text) {
    const before = new InputEvent('beforeinput', { inputType: 'insertText', data: char, bubbles: true, cancelable: true, composed: true });
    if (box.dispatchEvent(before)) {
      // Not handled by the page: the browser edits the DOM, then reports it.
      const selection = document.getSelection()!;
      const range = selection.rangeCount ? selection.getRangeAt(0) : document.createRange();
      range.insertNode(document.createTextNode(char));
      box.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: char, bubbles: true }));
    }
  }
}

function press(box: HTMLElement, inputType: string, data: string | null = null): boolean {
  return box.dispatchEvent(new InputEvent('beforeinput', { inputType, data: data ?? undefined, bubbles: true, cancelable: true }));
}

/** What `document.execCommand('insertText')` does in Chromium: the DOM changes, then `input` (no beforeinput). */
function execInsertText(box: HTMLElement, text: string): void {
  const leaf = [...box.querySelectorAll('[data-block="true"] span[data-offset-key]')].at(-1)!;
  const current = leaf.querySelector('[data-text="true"]')?.textContent ?? '';
  leaf.replaceChildren(document.createTextNode(current + text));
  box.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: text, bubbles: true }));
}

describe('the composer', () => {
  it('enables Send once text is typed, and sends the typed text', async () => {
    const server = createDmServer();
    const calls = await start(data, server);
    // On load (and every second) the page asks for the thread; nothing else until Send.
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toEqual({ method: 'GET', url: `/i/api/dm/thread?conversation=${CONVERSATION}`, body: null });
    const box = composer();
    const button = sendButton();
    expect(button.disabled).toBe(true);

    type(box, 'Hi Alice');
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-disabled')).toBeNull();
    expect(box.textContent).toBe('Hi Alice');
    expect(document.querySelector('.public-DraftEditorPlaceholder-root')).toBeNull();

    button.click();
    await vi.waitFor(() => expect(dmMessages()).toHaveLength(messages.length + 1));
    expect(posts(calls)).toHaveLength(1);
    expect(JSON.parse(posts(calls)[0]!.body!)).toEqual({ conversationId: CONVERSATION, text: 'Hi Alice' });
    expect(server.messages(CONVERSATION)).toEqual([expect.objectContaining({ sender: 'nu_viewer', text: 'Hi Alice' })]);

    const sent = dmMessages().at(-1)!;
    expect(xAdapter.dmMessageText(sent)?.textContent).toBe('Hi Alice');
    expect(xAdapter.dmMessageIsOwn(sent)).toBe(true);
    // The composer is emptied, its placeholder back, Send disabled again.
    expect(composer()).toBe(box);
    expect(box.textContent).toBe('');
    expect(document.querySelector('.public-DraftEditorPlaceholder-root')).not.toBeNull();
    await vi.waitFor(() => expect(button.disabled).toBe(true));
  });

  it('ignores text written into the DOM: Send stays disabled and sends nothing', async () => {
    const calls = await start(data, createDmServer());
    const box = composer();
    box.textContent = 'written, not typed';
    expect(sendButton().disabled).toBe(true);
    sendButton().removeAttribute('disabled'); // even when clicked anyway
    sendButton().click();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    // An input event does not make it the editor's text either: the editor renders its own again.
    box.dispatchEvent(new InputEvent('input', { inputType: 'insertText', bubbles: true }));
    expect(box.textContent).toBe('');
    expect(box.querySelector('[data-contents="true"] [data-block="true"]')).not.toBeNull();
    await Promise.resolve();
    expect(sendButton().disabled).toBe(true);
    expect(posts(calls)).toHaveLength(0);
  });

  it('sends what was typed, not what was later written over it', async () => {
    const calls = await start(data, createDmServer());
    const box = composer();
    type(box, 'typed');
    box.textContent = 'overwritten';
    sendButton().click();
    await vi.waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(JSON.parse(posts(calls)[0]!.body!).text).toBe('typed');
  });

  it('takes a change the browser made inside its blocks (document.execCommand in Chromium)', async () => {
    const calls = await start(data, createDmServer());
    const box = composer();
    execInsertText(box, 'via execCommand');
    expect(sendButton().disabled).toBe(false);
    execInsertText(box, '!');
    sendButton().click();
    await vi.waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(JSON.parse(posts(calls)[0]!.body!).text).toBe('via execCommand!');
  });

  it('edits like a text box: line breaks, deletion, paste; whitespace alone is nothing to send', async () => {
    const calls = await start(data, createDmServer());
    const box = composer();
    type(box, '   ');
    expect(sendButton().disabled).toBe(true);
    for (let i = 0; i < 3; i++) expect(press(box, 'deleteContentBackward')).toBe(false);
    type(box, 'one');
    press(box, 'insertLineBreak');
    type(box, 'twoo');
    press(box, 'deleteContentBackward');
    expect(box.querySelectorAll('[data-block="true"]')).toHaveLength(2);
    const paste = new InputEvent('beforeinput', { inputType: 'insertFromPaste', bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'dataTransfer', { value: { getData: () => ' & <three>' } });
    box.dispatchEvent(paste);
    expect(press(box, 'formatBold')).toBe(false); // no rich text
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(JSON.parse(posts(calls)[0]!.body!).text).toBe('one\ntwo & <three>');
    await vi.waitFor(() => expect(xAdapter.dmMessageText(dmMessages().at(-1)!)?.textContent).toBe('one\ntwo & <three>'));
  });
});

describe('the thread', () => {
  it('shows messages sent from elsewhere, keeping the ones it shows', async () => {
    const server = createDmServer([
      { conversationId: CONVERSATION, messages: messages.map((m) => ({ sender: m.fromViewer ? 'nu_viewer' : 'Alice_1', text: m.text, time: m.time })) },
    ]);
    await start(data, server);
    const before = dmMessages();
    expect(before).toHaveLength(messages.length); // the seeded messages are the rendered ones

    // Alice answers from her own browser, and the viewer writes from another tab.
    expect(server.handle('POST', '/i/api/dm/send', JSON.stringify({ conversationId: CONVERSATION, text: 'From Alice @nu_viewer' }), 'Alice_1').status).toBe(200);
    server.handle('POST', '/i/api/dm/send', JSON.stringify({ conversationId: CONVERSATION, text: 'From my phone' }), 'NU_VIEWER');
    await window.__xDm!.refresh();
    await window.__xDm!.refresh();

    const after = dmMessages();
    expect(after).toHaveLength(messages.length + 2);
    before.forEach((m, i) => expect(after[i]).toBe(m));
    const [fromAlice, fromPhone] = after.slice(-2);
    expect(xAdapter.dmMessageText(fromAlice!)?.innerHTML).toBe(renderDmText('From Alice @nu_viewer'));
    expect(xAdapter.dmMessageIsOwn(fromAlice!)).toBe(false);
    expect(fromAlice!.querySelector('[data-testid="DM_Conversation_Avatar"]')?.getAttribute('href')).toBe('/Alice_1');
    expect(xAdapter.dmMessageIsOwn(fromPhone!)).toBe(true);
    expect(xAdapter.dmPeerHandle(document)).toBe('Alice_1');
    // The inbox row previews the last message.
    expect(document.querySelector('[data-testid="conversation"]')?.textContent).toContain('From my phone');
  });

  it('keeps its own messages its own when the API is not told who calls', async () => {
    const server = createDmServer();
    const calls = await start({ ...data, messages: [] }, server, null);
    type(composer(), 'mine');
    sendButton().click();
    await vi.waitFor(() => expect(dmMessages()).toHaveLength(1));
    expect(server.messages(CONVERSATION)[0]?.sender).toBe('');
    server.handle('POST', '/i/api/dm/send', JSON.stringify({ conversationId: CONVERSATION, text: 'theirs' }));
    await window.__xDm!.refresh();
    expect(dmMessages().map((m) => xAdapter.dmMessageIsOwn(m))).toEqual([true, false]);
    expect(posts(calls)).toHaveLength(1);
    // After a reload too (the page remembers the ids it sent, as X knows the session's account).
    window.__xDm!.stop();
    await start({ ...data, messages: [] }, server, null);
    expect(dmMessages().map((m) => xAdapter.dmMessageText(m)?.textContent)).toEqual(['mine', 'theirs']);
    expect(dmMessages().map((m) => xAdapter.dmMessageIsOwn(m))).toEqual([true, false]);
  });

  it('renders appended messages exactly like the page renders its own', async () => {
    const server = createDmServer();
    await start({ ...data, messages: [] }, server);
    for (const m of messages) {
      server.handle('POST', '/i/api/dm/send', JSON.stringify({ conversationId: CONVERSATION, text: m.text }), m.fromViewer ? 'nu_viewer' : 'Alice_1');
    }
    await window.__xDm!.refresh();
    const appended = dmMessages().map((m) => xAdapter.dmMessageText(m)!.outerHTML);
    load(data);
    expect(appended).toEqual(dmMessages().map((m) => xAdapter.dmMessageText(m)!.outerHTML));
  });
});

describe('the DM API', () => {
  it('keeps each conversation’s thread for every caller', () => {
    const server = createDmServer([{ conversationId: CONVERSATION, messages: [{ sender: 'Alice_1', text: 'seeded', time: '9:00 AM' }] }]);
    const sent = server.handle('POST', '/i/api/dm/send', JSON.stringify({ conversationId: CONVERSATION, text: 'hello' }), 'nu_viewer');
    expect(sent.status).toBe(200);
    const thread = server.handle('GET', `/i/api/dm/thread?conversation=${CONVERSATION}`, null, 'Alice_1');
    expect(thread).toEqual({
      status: 200,
      json: {
        messages: [
          { id: seedMessageId(0), sender: 'Alice_1', text: 'seeded', time: '9:00 AM' },
          { id: (sent.json as { message: { id: string } }).message.id, sender: 'nu_viewer', text: 'hello', time: expect.stringMatching(/^\d{1,2}:\d{2} [AP]M$/) },
        ],
      },
    });
    expect(server.handle('GET', `/i/api/dm/thread?conversation=${GROUP}`).json).toEqual({ messages: [] });
  });

  it('refuses malformed requests', () => {
    const server = createDmServer();
    const post = (body: string) => server.handle('POST', '/i/api/dm/send', body, 'nu_viewer').status;
    expect(post('not json')).toBe(400);
    expect(post(JSON.stringify({ conversationId: CONVERSATION, text: '  ' }))).toBe(400);
    expect(post(JSON.stringify({ conversationId: CONVERSATION, text: 'x'.repeat(10_001) }))).toBe(400);
    expect(post(JSON.stringify({ conversationId: '../1', text: 'hi' }))).toBe(400);
    expect(post(JSON.stringify({ text: 'hi' }))).toBe(400);
    expect(server.handle('GET', '/i/api/dm/thread?conversation=abc').status).toBe(400);
    expect(server.handle('GET', '/i/api/dm/send').status).toBe(405);
    expect(server.handle('POST', `/i/api/dm/thread?conversation=${CONVERSATION}`, '{}').status).toBe(405);
    expect(server.handle('GET', '/i/api/other').status).toBe(404);
    expect(server.messages(CONVERSATION)).toEqual([]);
  });
});
