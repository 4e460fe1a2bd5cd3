import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createWalletClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { xWeightedLength } from '@/lib/sites/x/profile';
import { messagingKeyOf } from '@/lib/wallet/keys';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { localChain } from '@/scripts/deploy';
import { createDmServer, renderXDmPage } from '../../devsite/x/dm';
import type { XPostFixture, XUserFixture } from '../../devsite/x/site';
import { renderXPage } from '../../devsite/x/site';
import { demoSiteData } from '@/scripts/demo-site';

const deployment = inject('deployment');
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');
const PASSWORD = 'whisper network';
const CONVERSATION = '1111-2222';
/** Conversations with members one cannot lock for: no messaging key, no verified claim. */
const WITHOUT_KEY = '1111-3333';
const UNVERIFIED = '1111-4444';
const SECRET = 'Strike vote on Friday 🗳️ — keep it quiet';
const POST_SECRET = 'Members: town hall moved to 7pm, room B';
const server = createDmServer();
/** Posts added to every profile's home timeline (armoured posts for named recipients). */
const extraPosts: XPostFixture[] = [];
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;
const user = (handle: string): XUserFixture => {
  const m = member(handle);
  return { screenName: handle.slice(2), displayName: m.displayName, bio: m.bio };
};

/** Publishes the member's messaging key on-chain, as onboarding does. */
async function publishKey(privateKey: Hex) {
  const wallet = createWalletClient({ account: privateKeyToAccount(privateKey), chain: localChain(deployment.rpcUrl), transport: http(deployment.rpcUrl) });
  await wallet.writeContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'setEncryptionKey', args: [messagingKeyOf({ kind: 'privateKey', privateKey }).publicKey] });
}

/** A browser profile of `viewer`, whose open conversation is with `peer`. */
async function profile(viewer: string, peer: string): Promise<{ browser: ExtensionBrowser; page: Page }> {
  const browser = await launchWithExtension();
  const site = demoSiteData(deployment, 5);
  const peers: Record<string, string> = { [CONVERSATION]: peer, [WITHOUT_KEY]: 'x:lena_nu', [UNVERIFIED]: 'x:ivy_unvouched' };
  await serveX(
    browser.context,
    (path) => {
      const conversationId = /^\/messages\/([\d-]+)$/.exec(path)?.[1];
      return conversationId && peers[conversationId]
        ? renderXDmPage({ viewer: user(viewer), peer: user(peers[conversationId]), conversationId, messages: [] })
        : renderXPage({ ...site, homeTimeline: [...extraPosts, ...site.homeTimeline] }, path);
    },
    (method, url, body) => server.handle(method, `${url.pathname}${url.search}`, body),
  );
  expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
  await importKey(browser, member(viewer).privateKey, PASSWORD);
  const page = await browser.context.newPage();
  await page.goto(`https://x.com/messages/${CONVERSATION}`);
  return { browser, page };
}

/** All text in the page, closed shadow roots included (what the reader sees, not what the site can read). */
async function visibleToReader(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const texts: string[] = [];
  const walk = (node: { nodeType: number; nodeValue: string; children?: unknown[]; shadowRoots?: unknown[] }) => {
    if (node.nodeType === 3) texts.push(node.nodeValue);
    for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) walk(child as typeof node);
  };
  walk(root as never);
  return texts.join(' ');
}

describe('encrypted DMs on X', () => {
  let a: { browser: ExtensionBrowser; page: Page };
  let b: { browser: ExtensionBrowser; page: Page };
  let c: { browser: ExtensionBrowser; page: Page };

  beforeAll(async () => {
    for (const handle of ['x:nia_nu', 'x:dmitri_nu', 'x:yuki_nu']) await publishKey(member(handle).privateKey);
    a = await profile('x:nia_nu', 'x:dmitri_nu');
  });
  afterAll(async () => {
    for (const p of [a, b, c]) await p?.browser.close();
  });

  it('locks the draft through the editor, so X sends exactly the ciphertext', async () => {
    const composer = a.page.locator('[data-testid="dmComposerTextInput"]');
    await composer.click();
    await a.page.keyboard.type(SECRET);
    await a.page.locator('network-union-message [data-nu="lock"]').click();
    await expect.poll(() => composer.innerText()).toMatch(/^🔒NU1:/);
    await a.page.locator('[data-testid="dmComposerSendButton"]').click();
    await expect.poll(() => server.handle('GET', `/i/api/dm/thread?conversation=${CONVERSATION}`, null)?.json).toMatchObject({
      messages: [{ text: expect.stringMatching(/^🔒NU1:[A-Za-z0-9_-]+$/) }],
    });
    expect(JSON.stringify(server.handle('GET', `/i/api/dm/thread?conversation=${CONVERSATION}`, null)?.json)).not.toContain('Strike');
  });

  it("shows the peer the plaintext with the sender's verified handle, never in the site's DOM", async () => {
    b = await profile('x:dmitri_nu', 'x:nia_nu');
    await expect.poll(() => visibleToReader(b.page), { timeout: 20_000 }).toContain(SECRET);
    expect(await visibleToReader(b.page)).toMatch(/@nia_nu \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), verified/);
    // The site's own scripts see only the ciphertext.
    expect(await b.page.evaluate(() => document.body.innerText)).not.toContain('Strike vote');
  });

  it('tells a third member the message is not addressed to them', async () => {
    c = await profile('x:yuki_nu', 'x:nia_nu');
    await expect.poll(() => visibleToReader(c.page), { timeout: 20_000 }).toContain('not addressed to you');
    expect(await visibleToReader(c.page)).not.toContain(SECRET);
  });

  it('decrypts an armoured post by a member for the recipient it names', async () => {
    const thread = server.handle('GET', `/i/api/dm/thread?conversation=${CONVERSATION}`, null)?.json as { messages: { text: string }[] };
    extraPosts.push({ id: '1960000000000000001', author: user('x:nia_nu'), text: `For Dmitri only: ${thread.messages[0]!.text}` });
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
      await a.page.goto(`https://x.com/messages/${conversation}`);
      const why = a.page.locator('network-union-message [data-nu="lock-why"]');
      await expect.poll(() => why.textContent(), { timeout: 20_000 }).toContain(reason);
      expect(await a.page.locator('network-union-message [data-nu="lock"]').isDisabled()).toBe(true);
    }
  });

  it('checks again when X moves to another conversation and keeps the composer', async () => {
    await a.page.goto(`https://x.com/messages/${CONVERSATION}`);
    const lock = a.page.locator('network-union-message [data-nu="lock"]');
    await lock.waitFor();
    expect(await a.page.locator('network-union-message [data-nu="lock-why"]').count()).toBe(0);
    // The header is swapped in place (the peer's avatar link) and the URL pushed, as a single-page app does.
    await a.page.evaluate((conversation) => {
      for (const link of document.querySelectorAll('section[aria-labelledby="detail-header"] [data-testid="DM_Conversation_Avatar"]')) link.setAttribute('href', '/lena_nu');
      history.pushState(null, '', `/messages/${conversation}`);
    }, WITHOUT_KEY);
    await expect.poll(() => a.page.locator('network-union-message [data-nu="lock-why"]').textContent(), { timeout: 10_000 }).toContain('@lena_nu has not published');
    expect(await lock.isDisabled()).toBe(true);
  });

  it('locks a post for a member chosen in the approval window; only that member (and the author) can read it', async () => {
    await a.page.goto('https://x.com/home');
    const composer = a.page.locator('[data-testid="tweetTextarea_0"]');
    await composer.click();
    await a.page.keyboard.type(POST_SECRET);
    const opened = a.browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });
    await a.page.locator('network-union-message [data-nu="lock"]').click();
    const window = await opened;
    const picker = window.getByTestId('recipient-picker');
    await expect.poll(() => picker.getByRole('checkbox').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(await picker.textContent()).not.toContain('@nia_nu');
    await picker.getByRole('searchbox').fill('dmitri');
    expect(await picker.getByRole('checkbox').count()).toBe(1);
    await picker.getByRole('checkbox', { name: /@dmitri_nu/ }).check();
    expect(await window.getByTestId('picker-fit').textContent()).toMatch(/^Fits a 280-character post/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await window.screenshot({ path: resolve(ARTIFACTS, 'post-lock-picker.png') });
    await window.getByRole('button', { name: 'Lock for the chosen members' }).click();

    await expect.poll(() => composer.innerText(), { timeout: 20_000 }).toMatch(/^🔒NU1~/);
    const armour = (await composer.innerText()).trim();
    expect(xWeightedLength(armour)).toBeLessThanOrEqual(280);
    expect(armour).not.toContain('town hall');

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
});
