import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { xWeightedLength } from '@/lib/sites/x/profile';
import { lockInWindow, publishKey, readableBySite, visibleToReader } from './messaging-page';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { overlay } from '@/scripts/overlay-world';
import { createXChatServer, oneToOneId, renderXChatPage, type XChatConversation, type XChatUser } from '../../devsite/x/xchat';
import type { XPostFixture } from '../../devsite/x/site';
import { renderXPage } from '../../devsite/x/site';
import { demoSiteData } from '@/scripts/demo-site';

const deployment = inject('deployment');
const PASSWORD = 'whisper network';
const SECRET = 'Strike vote on Friday 🗳️ — keep it quiet';
const POST_SECRET = 'Members: town hall moved to 7pm, room B';
/** Numeric account ids, as XChat's conversation ids use them. */
const IDS: Record<string, string> = { 'x:nia_nu': '1111', 'x:dmitri_nu': '2222', 'x:yuki_nu': '3333', 'x:lena_nu': '4444', 'x:ivy_unvouched': '5555' };
const CONVERSATION = oneToOneId(IDS['x:nia_nu']!, IDS['x:dmitri_nu']!);
/** Conversations with members one cannot lock for: no messaging key, no verified claim. */
const WITHOUT_KEY = oneToOneId(IDS['x:nia_nu']!, IDS['x:lena_nu']!);
const UNVERIFIED = oneToOneId(IDS['x:nia_nu']!, IDS['x:ivy_unvouched']!);
/** A group of the three members, where the armour is forwarded. */
const GROUP = 'g1900000000000000001';
const chat = createXChatServer();
/** A post locked for dmitri by nia, in a 280-character X post. */
const POST_LOCK = { choose: 'dmitri_nu', self: '@nia_nu', fits: /^Fits a 280-character post/, screenshot: 'post-lock-compose.png' };
/** What the pages' Post buttons sent (X's CreateTweet), by browser profile. */
const posted = new Map<string, string[]>();
/** Posts added to every profile's home timeline (armoured posts for named recipients). */
const extraPosts: XPostFixture[] = [];
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;
const user = (handle: string): XChatUser => {
  const m = member(handle);
  return { id: IDS[handle]!, screenName: handle.slice(2), displayName: m.displayName, bio: m.bio };
};

/** The viewer's XChat: a conversation with each other member, and the group. */
function chatData(viewer: string) {
  const conversations: XChatConversation[] = Object.keys(IDS)
    .filter((handle) => handle !== viewer)
    .map((handle) => ({ id: oneToOneId(IDS[viewer]!, IDS[handle]!), members: [user(handle)] }));
  const group = ['x:nia_nu', 'x:dmitri_nu', 'x:yuki_nu'];
  if (group.includes(viewer)) conversations.push({ id: GROUP, name: 'Organising committee', members: group.filter((h) => h !== viewer).map(user) });
  return { viewer: user(viewer), conversations };
}

/** A browser profile of `viewer`, on its conversation with nia (nia: with dmitri). */
async function profile(viewer: string, path: string): Promise<{ browser: ExtensionBrowser; page: Page }> {
  const browser = await launchWithExtension();
  const site = demoSiteData(deployment, 5);
  posted.set(viewer, []);
  await serveX(
    browser.context,
    (p) => (p.startsWith('/i/chat') ? renderXChatPage(chatData(viewer), p) : renderXPage({ ...site, viewer: user(viewer), homeTimeline: [...extraPosts, ...site.homeTimeline] }, p)),
    (method, url, body) => {
      if (url.pathname.endsWith('/CreateTweet')) {
        posted.get(viewer)!.push((JSON.parse(body!) as { variables: { tweet_text: string } }).variables.tweet_text);
        return { status: 200, json: {} };
      }
      return chat.handle(method, url, body);
    },
  );
  expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
  await importKey(browser, member(viewer).privateKey, PASSWORD);
  const page = await browser.context.newPage();
  await page.goto(`https://x.com${path}`);
  return { browser, page };
}

describe('encrypted XChat DMs and posts on X', () => {
  let a: { browser: ExtensionBrowser; page: Page };
  let b: { browser: ExtensionBrowser; page: Page };
  let c: { browser: ExtensionBrowser; page: Page };

  beforeAll(async () => {
    for (const handle of ['x:nia_nu', 'x:dmitri_nu', 'x:yuki_nu']) await publishKey(deployment, member(handle).privateKey);
    a = await profile('x:nia_nu', `/i/chat/${CONVERSATION}`);
  });
  afterAll(async () => {
    for (const p of [a, b, c]) await p?.browser.close();
  });

  it('locks a DM written in the extension window; the page records nothing of it; XChat sends exactly the ciphertext', async () => {
    // The site's own listeners on its document, installed before the Lock.
    await a.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { recorded: string[] }).recorded = seen;
      for (const type of ['keydown', 'input', 'beforeinput', 'selectionchange']) {
        document.addEventListener(type, (event) => seen.push(`${type}:${(event as KeyboardEvent).key ?? ''}:${(event as InputEvent).data ?? ''}:${(event.target as HTMLTextAreaElement)?.value ?? ''}`), true);
      }
      new MutationObserver((records) => records.forEach((r) => seen.push(`mutation:${r.target.textContent}`))).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await lockInWindow(a, SECRET, { screenshot: 'dm-lock-compose.png' });
    const composer = a.page.locator('textarea[data-testid="dm-composer-textarea"]');
    await expect.poll(() => composer.inputValue()).toMatch(/^🔒NU2:[A-Za-z0-9_-]+$/);
    const armour = await composer.inputValue();
    // React took the value: its Send button appeared.
    await a.page.locator('[data-testid="dm-composer-send-button"]').click();
    await expect.poll(() => chat.messages(CONVERSATION).map((m) => m.text)).toEqual([armour]);
    await expect.poll(() => a.page.locator('[data-dm-message-row][data-send-status="sent"]').count()).toBe(1);

    // The listeners do hear what is typed into the page itself.
    await composer.click();
    await a.page.keyboard.type('ok');
    const recorded = await a.page.evaluate(() => (window as unknown as { recorded: string[] }).recorded);
    expect(recorded.filter((r) => r.startsWith('keydown')).map((r) => r.split(':')[1])).toEqual(['o', 'k']);
    for (const word of ['Strike', 'vote', 'Friday', 'quiet']) expect(recorded.join('\n')).not.toContain(word);
  });

  it("shows the peer the plaintext with the sender's verified handle, never to the site", async () => {
    b = await profile('x:dmitri_nu', `/i/chat/${CONVERSATION}`);
    await expect.poll(() => visibleToReader(b.page), { timeout: 20_000 }).toContain(SECRET);
    expect(await visibleToReader(b.page)).toMatch(/@nia_nu \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), verified/);
    // The site's own scripts see only the ciphertext, its app's shadow root included.
    expect(await readableBySite(b.page)).toContain('NU2:');
    expect(await readableBySite(b.page)).not.toContain('Strike vote');
  });

  it('tells a third member the forwarded message is not addressed to them; a group gets no Lock', async () => {
    chat.handle('POST', new URL('https://x.com/i/api/xchat/send'), JSON.stringify({ conversationId: GROUP, id: crypto.randomUUID(), sender: 'nia_nu', text: chat.messages(CONVERSATION)[0]!.text }));
    c = await profile('x:yuki_nu', `/i/chat/${GROUP}`);
    await expect.poll(() => visibleToReader(c.page), { timeout: 20_000 }).toContain('not addressed to you');
    expect(await visibleToReader(c.page)).not.toContain(SECRET);
    expect(await overlay(c.page, 'network-union-message >>> [data-nu="lock-why"]').textContent()).toContain('one-to-one conversation');
    expect(await overlay(c.page, 'network-union-message >>> [data-nu="lock"]').isDisabled()).toBe(true);
  });

  it('decrypts an armoured post by a member for the recipient it names', async () => {
    extraPosts.push({ id: '1960000000000000001', author: user('x:nia_nu'), text: `For Dmitri only: ${chat.messages(CONVERSATION)[0]!.text}` });
    await b.page.goto('https://x.com/home');
    await expect.poll(() => visibleToReader(b.page), { timeout: 20_000 }).toContain(SECRET);
    expect(await b.page.locator('article[data-testid="tweet"]').first().evaluate((post) => (post as HTMLElement).innerText)).not.toContain('Strike vote');
  });

  it('lets the sender read its own sent message', async () => {
    await a.page.reload();
    await expect.poll(() => visibleToReader(a.page), { timeout: 20_000 }).toContain(SECRET);
  });

  it('says before any click why a conversation cannot be locked', async () => {
    for (const [conversation, reason] of [
      [WITHOUT_KEY, '@lena_nu has not published a messaging key yet.'],
      [UNVERIFIED, '@ivy_unvouched is not a verified member'],
    ] as const) {
      await a.page.goto(`https://x.com/i/chat/${conversation}`);
      const why = overlay(a.page, 'network-union-message >>> [data-nu="lock-why"]');
      await expect.poll(() => why.textContent(), { timeout: 20_000 }).toContain(reason);
      expect(await overlay(a.page, 'network-union-message >>> [data-nu="lock"]').isDisabled()).toBe(true);
      // Said in a line beside the Lock, whole in its title: the textbox keeps half the row.
      expect(await why.getAttribute('title')).toContain(reason);
      const textbox = a.page.locator('textarea[data-testid="dm-composer-textarea"]');
      const [box, row] = await textbox.evaluate((node) => [node.getBoundingClientRect().width, node.parentElement!.getBoundingClientRect().width]);
      expect(box).toBeGreaterThanOrEqual(row! / 2 - 24);
    }
  });

  it('checks again when XChat moves to another conversation, keeping the header and composer nodes', async () => {
    await a.page.goto(`https://x.com/i/chat/${CONVERSATION}`);
    const lock = overlay(a.page, 'network-union-message >>> [data-nu="lock"]');
    await lock.waitFor();
    await expect.poll(() => lock.isDisabled(), { timeout: 20_000 }).toBe(false);
    const header = await a.page.locator('[data-testid="dm-conversation-header"]').elementHandle();
    await a.page.locator(`[data-testid="dm-conversation-item-${WITHOUT_KEY.replace('-', ':')}"]`).click();
    await expect.poll(() => overlay(a.page, 'network-union-message >>> [data-nu="lock-why"]').textContent(), { timeout: 10_000 }).toContain('@lena_nu has not published');
    expect(await lock.isDisabled()).toBe(true);
    // The same header element, its text changed (as React does).
    expect(await header!.evaluate((node) => node.isConnected && node.textContent!.includes('@lena_nu'))).toBe(true);
  });

  it('locks a post written in the extension window for a chosen member: Draft.js takes it, Post sends exactly the armour, only that member reads it', async () => {
    await a.page.goto('https://x.com/home');
    const post = a.page.locator('[data-testid="tweetButtonInline"]');
    expect(await post.isDisabled()).toBe(true);
    await lockInWindow(a, POST_SECRET, POST_LOCK);
    const composer = a.page.locator('[data-testid="tweetTextarea_0"]');
    await expect.poll(() => composer.innerText(), { timeout: 20_000 }).toMatch(/^🔒NU2~/);
    const armour = (await composer.innerText()).trim();
    expect(xWeightedLength(armour)).toBeLessThanOrEqual(280);
    // Draft.js's own state has the armour: Post is enabled and posts exactly it.
    expect(await post.isDisabled()).toBe(false);
    await post.click();
    await expect.poll(() => posted.get('x:nia_nu')).toEqual([armour]);
    expect(await composer.innerText()).not.toContain('NU2');

    // Posted as X would show it: the author's post, its text the armour.
    extraPosts.unshift({ id: '1960000000000000002', author: user('x:nia_nu'), text: armour });
    await b.page.goto('https://x.com/home');
    await expect.poll(() => visibleToReader(b.page), { timeout: 20_000 }).toContain(POST_SECRET);
    expect(await visibleToReader(b.page)).toMatch(/@nia_nu \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), verified/);
    await c.page.goto('https://x.com/home');
    // Both armoured posts on the timeline (the earlier one and this one) are not for this member.
    await expect.poll(async () => (await visibleToReader(c.page)).match(/not addressed to you/g)?.length, { timeout: 20_000 }).toBe(2);
    expect(await visibleToReader(c.page)).not.toContain(POST_SECRET);
    await a.page.reload();
    await expect.poll(() => visibleToReader(a.page), { timeout: 20_000 }).toContain(POST_SECRET);
  });

  it("locks a reply the same way: the post page's Draft.js reply box takes the armour and Reply sends exactly it", async () => {
    await a.page.goto('https://x.com/nia_nu/status/1960000000000000002');
    const reply = a.page.locator('[data-testid="tweetButtonInline"]');
    expect(await reply.textContent()).toBe('Reply');
    expect(await reply.isDisabled()).toBe(true);
    await lockInWindow(a, 'Reply: see you there', POST_LOCK);
    const composer = a.page.locator('[data-testid="tweetTextarea_0"]');
    await expect.poll(() => composer.innerText(), { timeout: 20_000 }).toMatch(/^🔒NU2~/);
    const armour = (await composer.innerText()).trim();
    await reply.click();
    await expect.poll(() => posted.get('x:nia_nu')!.at(-1)).toBe(armour);
  });
});
