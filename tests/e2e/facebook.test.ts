/**
 * The overlay on facebook.com, end to end on its own seeded chain (the demo members' Facebook
 * handles claimed and vouched there): badges with exact counts on profiles in each URL form and on
 * feed stories (not comments), a Tip from a story through the approval window, the forged union
 * of the trust rule, a post locked for one member in the Create post dialog's Lexical editor, and
 * an encrypted Messenger round trip between two browser profiles.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPublicClient, http, parseEther, type Hash } from 'viem';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { createFacebookServer, threadKey } from '../../devsite/facebook/api';
import { renderFacebookPage, type FacebookPost, type FacebookThread, type FacebookUser } from '../../devsite/facebook/site';
import type { LocalNode } from '@/scripts/anvil';
import { configureChain, launchWithExtension, serveFacebook, type ExtensionBrowser } from '@/scripts/browser';
import { startSeededChain } from '@/scripts/chain';
import { devAccount, localChain, type Deployment } from '@/scripts/deploy';
import { overlay } from '@/scripts/overlay-world';
import { claimFacebookHandles, facebookSiteData, facebookUser, ID_ONLY_MEMBER } from '@/scripts/demo-facebook';
import { lockInWindow, publishKey, readableBySite, visibleToReader } from './messaging-page';
import { importKey, sendTip } from './wallet-page';

const BIN = resolve(import.meta.dirname, '../../bin/union.mjs');
const PASSWORD = 'facebook friends';
const SECRET = 'Picket at the depot, 6am — tell no one 🤫';
const POST_SECRET = 'Members only: the vote count is 212 to 9';
/** An account a forged union vouches for: no member, not followed. */
const FAMOUS: FacebookUser = { id: '100055500000001', username: 'famous.person', name: 'Famous Person', bio: 'Speaker, author.' };
/** The id-only member's username, chosen after claiming facebook:id:<id>: served at /kofi.mensah only. */
const LATER_USERNAME = 'kofi.mensah';
const HEADER_BADGE = '[role="main"] h1 ~ network-union-badge';
const STORY = '[aria-posinset]';

let node: LocalNode;
let deployment: Deployment;
const server = createFacebookServer();
/** Stories added to every profile's feed (posts the test published). */
const extraStories: FacebookPost[] = [];
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;
const fb = (handle: string) => facebookUser(deployment, member(handle));

async function union(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('node', [BIN, '--rpc', node.rpcUrl, ...args, '--json'], { timeout: 30_000 });
  return stdout;
}

/** A browser profile of `viewer` (its key imported), on facebook.com at `path`. */
async function profile(viewer: string, path: string): Promise<{ browser: ExtensionBrowser; page: Page }> {
  const browser = await launchWithExtension();
  const site = facebookSiteData(deployment, viewer, 8);
  site.users.push(FAMOUS, { ...fb(ID_ONLY_MEMBER), username: LATER_USERNAME });
  const peers = ['x:nia_nu', 'x:dmitri_nu', 'x:yuki_nu'].filter((h) => h !== viewer).map(fb);
  const threads: FacebookThread[] = [...peers.map((peer) => ({ id: peer.id, members: [peer], e2ee: true })), { id: '5550001', members: peers, name: 'Picket committee' }];
  const famousStory: FacebookPost = { id: '1300000001', author: FAMOUS, text: 'A famous story, tipped by nobody.' };
  await serveFacebook(
    browser.context,
    (url) => renderFacebookPage({ ...site, feed: [...extraStories, famousStory, ...site.feed], threads }, url.pathname + url.search),
    (method, url, body) => server.handle(fb(viewer).id, method, url, body),
  );
  expect(await configureChain(browser, { rpcUrl: node.rpcUrl })).toContain('Saved');
  await importKey(browser, member(viewer).privateKey, PASSWORD);
  const page = await browser.context.newPage();
  await page.goto(`https://www.facebook.com${path}`);
  return { browser, page };
}

let a: { browser: ExtensionBrowser; page: Page };
let b: { browser: ExtensionBrowser; page: Page } | undefined;
let c: { browser: ExtensionBrowser; page: Page } | undefined;

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  await claimFacebookHandles(deployment);
  for (const handle of ['x:nia_nu', 'x:dmitri_nu', 'x:yuki_nu']) await publishKey(deployment, member(handle).privateKey);
  // The forged union of the trust rule: the demo union's name, a squatted handle, a vouch.
  const forged = JSON.parse(await union('create-union', '--name', deployment.union.name, '--purpose', deployment.union.purpose, '--account', '7')).unionId;
  await union('join', '--union', forged, '--sponsor', devAccount(7).address, '--account', '8');
  await union('claim', `facebook:${FAMOUS.username}`, '--account', '8');
  await union('vouch', '--union', forged, '--member', `facebook:${FAMOUS.username}`, '--account', '7');
  a = await profile('x:nia_nu', '/');
}, 240_000);
afterAll(async () => {
  for (const p of [a, b, c]) await p?.browser.close();
  await node?.stop();
});

describe('badges and tips on facebook.com', () => {
  const client = () => createPublicClient({ chain: localChain(node.rpcUrl), transport: http(node.rpcUrl) });
  async function onChainCounts(handle: string) {
    const owner = member(handle).address;
    const args = [BigInt(deployment.unionId), owner] as const;
    const [base, direct] = await Promise.all([
      client().readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'supportBase', args }),
      client().readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'directSupporters', args }),
    ]);
    return { base: Number(base), direct: Number(direct) };
  }

  it('shows the badge and exact support counts by the name of a profile, at /username, /profile.php?id= and /people/', async () => {
    const { page } = a;
    await page.goto('https://www.facebook.com/priya.nu');
    const badge = overlay(page, HEADER_BADGE);
    await expect.poll(() => badge.locator('>>> [data-nu="union"]').textContent(), { timeout: 20_000 }).toBe('Open Source UnionOrganiser');
    const { base, direct } = await onChainCounts('x:priya_nu');
    expect(base).toBeGreaterThan(direct);
    expect(await badge.locator('>>> [data-nu="rank"]').textContent()).toBe(`★ ${base} supporters · ${direct} direct`);

    // The member known by id only: its claim is facebook:id:<id>, found under both URL forms.
    const kofi = fb(ID_ONLY_MEMBER);
    expect(kofi.username).toBeUndefined();
    const counts = await onChainCounts(ID_ONLY_MEMBER);
    for (const path of [`/profile.php?id=${kofi.id}`, `/people/Kofi-Mensah/${kofi.id}/`]) {
      await page.goto(`https://www.facebook.com${path}`);
      await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).textContent(), { timeout: 20_000 }).toBe(`★ ${counts.base} supporters · ${counts.direct} direct`);
    }
    // A Facebook page that is not a profile shows nothing, whatever its h1.
    await page.goto('https://www.facebook.com/watch/');
    await page.waitForFunction(() => [...document.querySelectorAll('style')].some((s) => s.textContent?.includes('network-union-seen')));
    expect(await page.locator('network-union-badge').count()).toBe(0);
  });

  it("verifies the member who claimed only the account's id on its /username page: the page's own tags give the id", async () => {
    const { page } = a;
    const counts = await onChainCounts(ID_ONLY_MEMBER);
    await page.goto(`https://www.facebook.com/${LATER_USERNAME}`);
    await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).textContent(), { timeout: 20_000 }).toBe(`★ ${counts.base} supporters · ${counts.direct} direct`);
  });

  it("badges each story author in the feed with a Tip for the story beside the badge; comments get nothing and shared posts' authors no Tip", async () => {
    const { page } = a;
    await page.goto('https://www.facebook.com/');
    // The rest of the feed comes in as it scrolls: all of it, the famous story first.
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    const site = facebookSiteData(deployment, 'x:nia_nu', 8);
    await expect.poll(() => page.locator(STORY).count()).toBe(site.feed.length + 1);
    // Claims exist under usernames (and facebook:id: for the id-only member); a group story links
    // its author by id only, so only the id-only member's group stories can be verified.
    const own = site.feed.filter((story) => !story.group || !story.author.username).length;
    const shared = site.feed.filter((story) => story.shared).length;
    await expect.poll(() => overlay(page, `${STORY} network-union-badge >>> [data-nu="compact"]`).count(), { timeout: 20_000 }).toBe(own + shared);
    // One host per author, by the name: the story's own author's holds the Tip.
    expect(await page.locator(`${STORY} network-union-badge`).count()).toBe(own + shared);
    expect(await overlay(page, `${STORY} network-union-badge >>> [data-nu="tip"]`).count()).toBe(own);
    expect(await page.locator('[role="article"] network-union-badge').count()).toBe(0);
    expect(await page.locator(`${STORY}:has-text("A famous story") network-union-badge`).count()).toBe(0);
  });

  it('tips a story author from the feed through the approval window: the author gets exactly the amount', async () => {
    const { page, browser } = a;
    const priya = member('x:priya_nu').address;
    const nia = member('x:nia_nu').address;
    const [priyaBefore, niaBefore] = await Promise.all([client().getBalance({ address: priya }), client().getBalance({ address: nia })]);
    const { composer, fields } = await sendTip(browser.context, page, overlay(page, STORY).filter({ hasText: 'Story 2:' }).locator('network-union-badge >>> [data-nu="tip"]'), '0.01', true);
    expect(fields).toContain(`@priya.nu (${priya})`);
    expect(fields).toContain('https://www.facebook.com/priya.nu');
    await composer.locator('[data-nu="tip-done"]').waitFor({ timeout: 30_000 });
    const hash = (await composer.locator('[data-nu="tip-done"] span').getAttribute('title')) as Hash;
    const receipt = await client().getTransactionReceipt({ hash });
    expect(await client().getBalance({ address: priya })).toBe(priyaBefore + parseEther('0.01'));
    expect(await client().getBalance({ address: nia })).toBe(niaBefore - parseEther('0.01') - receipt.gasUsed * receipt.effectiveGasPrice);
  });

  it("verifies nothing for a union the viewer does not follow, even one named like the viewer's", async () => {
    const { page } = a;
    await page.goto(`https://www.facebook.com/${FAMOUS.username}`);
    await page.waitForFunction(() => [...document.querySelectorAll('style')].some((s) => s.textContent?.includes('network-union-seen')));
    await page.locator(`${STORY}:has-text("A famous story")`).waitFor();
    // The same page's other badges are drawn, so the lookup has answered.
    await page.goto('https://www.facebook.com/');
    await expect.poll(() => page.locator(`${STORY} network-union-badge`).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator(`${STORY}:has-text("A famous story") network-union-badge`).count()).toBe(0);
    await page.goto(`https://www.facebook.com/${FAMOUS.username}`);
    await page.waitForTimeout(1_000);
    expect(await page.locator(HEADER_BADGE).count()).toBe(0);
  });
});

describe('encrypted posts and Messenger on facebook.com', () => {
  it('locks a post written in the extension window for one member: Lexical takes the armour, Post sends exactly it, only that member reads it', async () => {
    const { page } = a;
    await page.goto('https://www.facebook.com/');
    await page.locator('[data-devsite-open-composer]').click();
    const dialog = page.locator('[role="dialog"]');
    const post = dialog.locator('[aria-label="Post"][role="button"]');
    expect(await post.getAttribute('aria-disabled')).toBe('true');
    await lockInWindow(a, POST_SECRET, { choose: 'dmitri.nu', self: '@nia.nu', fits: /^Fits a 63,206-character post/, screenshot: 'facebook-post-lock-compose.png' });
    const editor = dialog.locator('[data-lexical-editor]');
    await expect.poll(() => editor.innerText(), { timeout: 20_000 }).toMatch(/^🔒NU2:[\w-]+$/);
    const armour = (await editor.innerText()).trim();
    // Lexical's own state holds the armour: Post is enabled and sends exactly it.
    expect(await post.getAttribute('aria-disabled')).toBe('false');
    await post.click();
    await expect.poll(() => server.posts(fb('x:nia_nu').id)).toEqual([armour]);

    extraStories.unshift({ id: '1300000002', author: fb('x:nia_nu'), text: armour });
    b = await profile('x:dmitri_nu', '/');
    await expect.poll(() => visibleToReader(b!.page), { timeout: 20_000 }).toContain(POST_SECRET);
    expect(await visibleToReader(b.page)).toMatch(/@nia\.nu \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), verified/);
    expect(await readableBySite(b.page)).not.toContain('vote count');
    c = await profile('x:yuki_nu', '/');
    await expect.poll(() => visibleToReader(c!.page), { timeout: 20_000 }).toContain('not addressed to you');
    expect(await visibleToReader(c.page)).not.toContain(POST_SECRET);
  });

  it('sends a Messenger message locked for the peer; the peer reads it with the verified sender, the site only the armour', async () => {
    const nia = fb('x:nia_nu');
    const dmitri = fb('x:dmitri_nu');
    await a.page.goto(`https://www.facebook.com/messages/e2ee/t/${dmitri.id}/`);
    const lock = overlay(a.page, 'network-union-message >>> [data-nu="lock"]');
    await expect.poll(() => lock.isDisabled(), { timeout: 20_000 }).toBe(false);
    await lockInWindow(a, SECRET, { screenshot: 'facebook-dm-lock-compose.png' });
    const composer = a.page.locator('[role="main"] [data-lexical-editor]');
    await expect.poll(() => composer.innerText(), { timeout: 20_000 }).toMatch(/^🔒NU2:[\w-]+$/);
    const armour = (await composer.innerText()).trim();
    // The send button appears only once Lexical's state has text.
    await a.page.locator('[aria-label="Press enter to send"]').click();
    await expect.poll(() => server.messages(threadKey(nia.id, { id: dmitri.id, members: [dmitri] })).map((m) => m.text)).toEqual([armour]);

    await b!.page.goto(`https://www.facebook.com/messages/e2ee/t/${nia.id}/`);
    await expect.poll(() => visibleToReader(b!.page), { timeout: 20_000 }).toContain(SECRET);
    expect(await visibleToReader(b!.page)).toMatch(/@nia\.nu \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), verified/);
    expect(await readableBySite(b!.page)).toContain('NU2:');
    expect(await readableBySite(b!.page)).not.toContain('Picket at the depot');
    // The sender reads its own message too.
    await a.page.reload();
    await expect.poll(() => visibleToReader(a.page), { timeout: 20_000 }).toContain(SECRET);
  });

  it('offers no Lock in a group thread: it names no one peer', async () => {
    await a.page.goto('https://www.facebook.com/messages/t/5550001/');
    await expect.poll(() => overlay(a.page, 'network-union-message >>> [data-nu="lock-why"]').textContent(), { timeout: 20_000 }).toContain('one-to-one conversation');
    expect(await overlay(a.page, 'network-union-message >>> [data-nu="lock"]').isDisabled()).toBe(true);
  });
});
