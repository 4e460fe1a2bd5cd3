/**
 * Hostile content meets the built extension: profiles and posts with markup, script, `javascript:`
 * links, bidi overrides, zero-width characters and a homoglyph handle; a 1 MB bio and a 1 MB post;
 * armours declaring huge lengths or cut off, in posts and DMs; a followed union whose leader writes
 * markup and bidi controls into its name, purpose, officer title and rally; and a page whose own
 * script listens for the plaintext of a message the member decrypts. Nothing runs, nothing hangs,
 * every case ends in a clear state, and the page never reads the plaintext.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, zeroHash } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { encodeArmour } from '@/lib/crypto/armour';
import { sealMessage } from '@/lib/crypto/envelope';
import { messagingKeyOf } from '@/lib/wallet/keys';
import { publishKey, readableBySite } from './messaging-page';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { localChain } from '@/scripts/deploy';
import { demoSiteData, screenName } from '@/scripts/demo-site';
import { evaluateInOverlayWorld, overlay } from '@/scripts/overlay-world';
import { renderXPage, type XPostFixture, type XSiteData, type XUserFixture } from '../../devsite/x/site';
import { createXChatServer, oneToOneId, renderXChatPage, type XChatUser } from '../../devsite/x/xchat';

const deployment = inject('deployment');
const chain = localChain(deployment.rpcUrl);
const client = createPublicClient({ chain, transport: http(deployment.rpcUrl) });
const PASSWORD = 'hostile content';
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';
const POSTS = 'article[data-testid="tweet"]';
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;
const VIEWER = member('x:dmitri_nu');
const SENDER = member('x:nia_nu');
/** Bidi overrides and isolates, and the invisible characters safeText removes. */
const CONTROLS = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

/** Markup a careless renderer would run: each sets a page flag the tests read. */
const MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><a href="javascript:window.__pwned=3">click</a>';
/** What the member decrypts: markup, a bidi override, and words (with a rare letter) the page listens for. */
const SECRET = 'Picket at dawn ꙮ quietly';
const PLAINTEXT = `${MARKUP} \u202E${SECRET}`;
/** The words the page looks for, encoded so that its own script's text does not carry them. */
const WORDS = Buffer.from(JSON.stringify(['Picket', 'quietly', 'ꙮ'])).toString('base64');

// ---- The page's own script, first in its head ----------------------------------------------------

/**
 * Listens for the secret everywhere a page script can: every mutation, every selection change,
 * copy and cut, the clipboard it is handed; `__sweep()` reads every element's textContent and
 * innerText through every open root and asks window.find. A @font-face for the overlay's named
 * font, only for the secret's rare letter, would be fetched if our text used it.
 */
const LISTENER = `<style>@font-face{font-family:TwitterChirp;src:url(/__leak/font.woff2);unicode-range:U+A66E}</style><script>
  window.__pwned = undefined;
  window.__heard = [];
  const words = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob('${WORDS}'), (c) => c.charCodeAt(0))));
  const hear = (how, text) => { if (text && words.some((word) => String(text).includes(word))) window.__heard.push(how); };
  new MutationObserver((records) => {
    for (const r of records) {
      hear('mutation', r.type === 'attributes' ? r.target.getAttribute(r.attributeName) : r.target.nodeType === 3 ? r.target.nodeValue : '');
      for (const n of r.addedNodes) hear('added', n.textContent);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  document.addEventListener('selectionchange', () => hear('selection', document.getSelection().toString()));
  for (const type of ['copy', 'cut']) document.addEventListener(type, (e) => { hear(type, document.getSelection().toString()); hear(type, e.clipboardData && e.clipboardData.getData('text/plain')); }, true);
  window.__sweep = () => {
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        hear('textContent', el.textContent);
        if (el instanceof HTMLElement) hear('innerText', el.innerText);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    hear('body', document.body.innerText);
    for (const word of words) { document.getSelection().removeAllRanges(); if (window.find(word)) window.__heard.push('find:' + word); }
    return window.__heard;
  };
</script>`;

// ---- Armours --------------------------------------------------------------------------------------

/** A header declaring `recipients` slots and `plaintext` bytes, then `tail` bytes of nothing. */
function declared(version: 1 | 2, recipients: number, plaintext: number, tail = 24): Uint8Array {
  const bytes = new Uint8Array(1 + 20 + 1 + 2 + tail);
  bytes.set([version, ...new Uint8Array(20).fill(0x11), recipients, plaintext >> 8, plaintext & 0xff]);
  return bytes;
}
const armour = (version: 1 | 2, encoding: 'base64url' | 'letters', bytes: Uint8Array) => `🔒NU${version}${encoding === 'base64url' ? ':' : '~'}${encodeArmour(encoding, bytes)}`;

/** Broken armours and the state the reader must show for each. */
const BROKEN: { name: string; text: string; state: RegExp }[] = [
  { name: 'huge-b64', text: armour(2, 'base64url', declared(2, 255, 0xffff)), state: /cut off/ },
  { name: 'huge-letters', text: armour(2, 'letters', declared(2, 255, 0xffff)), state: /cut off/ },
  { name: 'huge-v1', text: armour(1, 'base64url', declared(1, 200, 0xfff0)), state: /cut off/ },
  { name: 'no-slots', text: armour(2, 'letters', declared(2, 0, 0xffff)), state: /damaged \(it has no recipients\)/ },
  { name: 'unknown-version', text: `🔒NU9:${'A'.repeat(64)}`, state: /format NU9/ },
];
/** A megabyte of armour after a header declaring the largest envelope: too large, not read on. */
const MEGA_ARMOUR = `🔒NU2:${encodeArmour('base64url', declared(2, 255, 0xffff, 0))}${'A'.repeat(1_000_000)}`;

// ---- The site -------------------------------------------------------------------------------------

const user = (handle: string): XUserFixture => {
  const m = member(handle);
  return { screenName: screenName(handle), displayName: m.displayName, bio: m.bio };
};
const PRIYA = user('x:priya_nu');
/** Hostile accounts: markup in name and bio, a name that reads "@priya_nu" backwards, a look-alike. */
const MARKUP_USER: XUserFixture = { screenName: 'markup_mel', displayName: MARKUP, bio: `${MARKUP} javascript:alert(1) ${PRIYA.bio}` };
const BIDI_USER: XUserFixture = { screenName: 'bidi_bo', displayName: '\u202Eun_ayirp@\u202C', bio: `\u2067${PRIYA.bio}\u2069` };
/** "priya_nu" with a Cyrillic а, and Priya's own name and bio (her proof included). */
const HOMOGLYPH: XUserFixture = { ...PRIYA, screenName: 'priy\u0430_nu' };
/** Zero-width characters around the handle. */
const ZERO_WIDTH: XUserFixture = { ...PRIYA, screenName: '\u200Bpriya_nu\u200D' };
const BIG_BIO: XUserFixture = { screenName: 'big_bertha', displayName: 'Big Bertha', bio: `${PRIYA.bio} ${'lorem ipsum '.repeat(90_000)}` };

let nextId = 1_950_000_000_000_000_000n;
const post = (author: XUserFixture, text: string): XPostFixture => ({ id: String(nextId++), author, text });

const TIMELINE_LENGTH = 6;
const demo = demoSiteData(deployment, TIMELINE_LENGTH);
const niaUser = user('x:nia_nu');
/** Hostile authors' posts, then the broken armours (by a verified member), then the demo timeline. */
const hostilePosts = [
  post(MARKUP_USER, `case:markup ${MARKUP} javascript:alert(document.cookie)`),
  post(BIDI_USER, 'case:bidi \u202Eun_ayirp@ says hello'),
  post(HOMOGLYPH, 'case:homoglyph I am Priya, tip me here'),
  post(ZERO_WIDTH, 'case:zero-width I am Priya too'),
  post(BIG_BIO, `case:megabyte ${'a long post '.repeat(40_000)} ${MEGA_ARMOUR}`),
  ...BROKEN.map((b) => post(niaUser, `case:${b.name} ${b.text}`)),
];

/** Everything hostile: served for the pages that carry it. */
const heavy: XSiteData = {
  ...demo,
  users: [...demo.users, MARKUP_USER, BIDI_USER, HOMOGLYPH, ZERO_WIDTH, BIG_BIO],
  homeTimeline: [...hostilePosts, ...demo.homeTimeline],
  // Each hostile profile also shows a post by a verified member: its badge proves the overlay read the page.
  postsByUser: Object.fromEntries([HOMOGLYPH, BIG_BIO, MARKUP_USER].map((u) => [u.screenName, [post(u, `case:${u.screenName} own post`), demo.homeTimeline[0]!]])),
};
const HEAVY_PATHS = new Set(['/home', ...heavy.users.map((u) => `/${u.screenName}`)].filter((p) => !demo.users.some((u) => `/${u.screenName}` === p)));

/** Filled in beforeAll: nia's post locked for dmitri, and the hostile union's officer. */
const light: XSiteData = { ...demo, users: [...demo.users], postsByUser: {} };

// ---- XChat ----------------------------------------------------------------------------------------

const IDS = { nia: '1111', dmitri: '2222' };
const CONVERSATION = oneToOneId(IDS.nia, IDS.dmitri);
const chat = createXChatServer();
const chatUser = (handle: string, id: string): XChatUser => ({ ...user(handle), id });
const say = (text: string) => chat.handle('POST', new URL('https://x.com/i/api/xchat/send'), JSON.stringify({ conversationId: CONVERSATION, id: crypto.randomUUID(), sender: 'nia_nu', text }));

// ---- The hostile union ---------------------------------------------------------------------------

/** At the contract's limits: name 64 bytes, purpose and rally 280, title 32. */
const pad = (text: string, bytes: number) => text + 'x'.repeat(bytes - new TextEncoder().encode(text).length);
const UNION_NAME = pad('\u202Enoinu\u2066<img src=x onerror=alert(1)>\u200B', 64);
const PURPOSE = pad(`<script>window.__pwned=4</script>\u202E${MARKUP}`, 280);
const TITLE = pad('<b>\u202ETreasurer</b>\u2067', 32);
const RALLY = pad(`\u202ECall now <a href="javascript:alert(1)">here</a> ${MARKUP}`, 280);
const OFFICER: XUserFixture = { screenName: 'rally_rex', displayName: `${MARKUP} Rex`, bio: 'Officer of a union that writes markup.' };

async function hostileUnion(): Promise<{ unionId: number; rally: () => Promise<number> }> {
  const [leader, officer] = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())];
  const test = createTestClient({ chain, mode: 'anvil', transport: http(deployment.rpcUrl) });
  for (const account of [leader, officer]) await test.setBalance({ address: account.address, value: parseEther('1') });
  const write = async (account: typeof leader, functionName: string, args: unknown[]) => {
    const wallet = createWalletClient({ account, chain, transport: http(deployment.rpcUrl) });
    const hash = await wallet.writeContract({ address: deployment.registry, abi: unionRegistryAbi, functionName, args } as never);
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
  };
  await write(leader, 'createUnion', [UNION_NAME, PURPOSE, zeroHash]);
  const unionId = Number(await client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'unionCount' }));
  await write(officer, 'join', [BigInt(unionId), leader.address]);
  await write(officer, 'claimHandle', [`x:${OFFICER.screenName}`]);
  await write(leader, 'vouch', [BigInt(unionId), officer.address, `x:${OFFICER.screenName}`]);
  await write(leader, 'setOfficer', [BigInt(unionId), officer.address, TITLE]);
  // The member reads rallies from when it follows the union on: the rally comes after.
  const rally = async () => {
    const { timestamp } = await client.getBlock();
    await write(leader, 'postRally', [BigInt(unionId), RALLY, 'javascript:alert(1)', timestamp + 86_400n]);
    return Number(await client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'rallyCount' }));
  };
  return { unionId, rally };
}

// ---- Helpers --------------------------------------------------------------------------------------

/**
 * In the content scripts' world: elements inside our own roots that run or link (none of ours do,
 * so any would have come from host or chain text), and all the text and labels those roots show.
 */
async function ourUi(page: Page): Promise<{ active: string[]; text: string }> {
  return evaluateInOverlayWorld(page, `(() => {
    const rootOf = (el) => (el instanceof HTMLElement ? chrome.dom.openOrClosedShadowRoot(el) : null);
    const active = [];
    const text = [];
    const walk = (root, ours) => {
      for (const el of root.querySelectorAll('*')) {
        const inner = rootOf(el);
        const mine = ours || el.localName.startsWith('network-union-');
        if (ours) {
          if (el.matches('script, iframe, object, embed, img, [onerror], [onload], [onclick], a[href^="javascript:" i]')) active.push(el.localName);
          for (const attribute of ['title', 'aria-label']) if (el.getAttribute(attribute)) text.push(el.getAttribute(attribute));
        }
        if (inner) { if (mine) text.push(inner.textContent); walk(inner, mine); }
      }
    };
    walk(document, false);
    return { active, text: text.join(' ') };
  })()`);
}

/** The page still answers, and no markup of the host's or the chain's ran in it. */
async function inert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const ours = await ourUi(page);
  expect(ours.active).toEqual([]);
  // Chain and page text is cleaned; a decrypted message is the sender's own words, shown as written in its own paragraph.
  expect(ours.text.replaceAll(PLAINTEXT, '')).not.toMatch(CONTROLS);
}

/** The middle of the decrypted text's first line, where a member would click to select it. */
async function plaintextPoint(page: Page): Promise<{ x: number; y: number }> {
  return evaluateInOverlayWorld(page, `(() => {
    for (const host of document.querySelectorAll('network-union-message')) {
      const shown = chrome.dom.openOrClosedShadowRoot(host)?.querySelector('[data-nu="plaintext"]');
      if (shown) { const box = shown.getBoundingClientRect(); return { x: box.left + 20, y: box.top + 10 }; }
    }
    return null;
  })()`);
}

const postWith = (page: Page, marker: string) => overlay(page, POSTS).filter({ hasText: marker });

describe('hostile content', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  let hostile: { unionId: number; rally: () => Promise<number> };
  const fontRequests: string[] = [];

  beforeAll(async () => {
    const niaKey = messagingKeyOf({ kind: 'privateKey', privateKey: SENDER.privateKey });
    const dmitriKey = messagingKeyOf({ kind: 'privateKey', privateKey: VIEWER.privateKey });
    const seal = (encoding: 'base64url' | 'letters', context: string) =>
      sealMessage({ plaintext: PLAINTEXT, sender: privateKeyToAccount(niaKey.privateKey), senderMessagingPublicKey: niaKey.publicKey, recipients: [{ publicKey: dmitriKey.publicKey }], encoding, context });
    await publishKey(deployment, SENDER.privateKey);
    light.postsByUser!['nia_nu'] = [post(niaUser, `case:locked ${await seal('letters', 'post:x:nia_nu')}`)];
    for (const b of BROKEN) say(`case:${b.name} ${b.text}`);
    say(`case:oversized 🔒NU2:${'A'.repeat(50_000)}`);
    say(await seal('base64url', 'dm:x:dmitri_nu,x:nia_nu'));
    hostile = await hostileUnion();
    light.users.push(OFFICER);

    browser = await launchWithExtension();
    const chatData = { viewer: chatUser('x:dmitri_nu', IDS.dmitri), conversations: [{ id: CONVERSATION, members: [chatUser('x:nia_nu', IDS.nia)] }] };
    await serveX(
      browser.context,
      (path) => {
        const html = path.startsWith('/i/chat') ? renderXChatPage(chatData, path) : renderXPage(HEAVY_PATHS.has(decodeURIComponent(path)) ? heavy : light, decodeURIComponent(path));
        return html?.replace('<head>', `<head>${LISTENER}`) ?? null;
      },
      (method, url, body) => {
        if (url.pathname.startsWith('/__leak/')) fontRequests.push(url.pathname);
        return chat.handle(method, url, body);
      },
    );
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
    await importKey(browser, VIEWER.privateKey, PASSWORD);
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  it('runs nothing from names, bios and posts, badges no look-alike, and keeps badging the posts after them', async () => {
    await page.goto('https://x.com/home');
    // The demo members' posts come after every hostile one: each is badged.
    await expect.poll(() => overlay(page, `${POSTS} network-union-badge >>> [data-nu="compact"]`).count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(TIMELINE_LENGTH + BROKEN.length);
    for (const marker of ['case:markup', 'case:bidi', 'case:homoglyph', 'case:zero-width', 'case:megabyte']) {
      expect(await postWith(page, marker).locator('network-union-badge').count(), marker).toBe(0);
    }
    await inert(page);
    // The megabyte post's armour is cut at the boundary and reported, not read on.
    await expect.poll(() => postWith(page, 'case:megabyte').locator('network-union-message >>> .nu-neutral').textContent()).toMatch(/longer than 16,384 characters/);
  });

  it('shows each broken armour in a post as damaged or cut off', async () => {
    for (const b of BROKEN) {
      await expect.poll(() => postWith(page, `case:${b.name}`).locator('network-union-message >>> .nu-neutral').textContent(), { message: b.name }).toMatch(b.state);
    }
    expect(await overlay(page, 'network-union-message >>> [data-nu="plaintext"]').count()).toBe(0);
  });

  it('gives a look-alike profile, a megabyte bio and a markup profile no badge, while a member on the same page gets one', async () => {
    for (const profile of [HOMOGLYPH, BIG_BIO, MARKUP_USER]) {
      await page.goto(`https://x.com/${encodeURIComponent(profile.screenName)}`);
      // The page's posts and header are resolved together: once the member's post has its badge, the header had its answer.
      await overlay(page, `${POSTS} network-union-badge >>> [data-nu="compact"]`).waitFor({ timeout: 20_000 });
      expect(await page.locator(HEADER_BADGE).count(), profile.screenName).toBe(0);
      expect(await postWith(page, `case:${profile.screenName}`).locator('network-union-badge').count()).toBe(0);
      await inert(page);
    }
  });

  it('shows broken armours in a DM as damaged, cut off or too large, and the locked one as text', async () => {
    await page.goto(`https://x.com/i/chat/${CONVERSATION}`);
    const states = overlay(page, 'network-union-message >>> .nu-neutral');
    await expect.poll(() => states.count(), { timeout: 30_000 }).toBe(BROKEN.length + 1);
    const plaintext = overlay(page, 'network-union-message >>> [data-nu="plaintext"]');
    await expect.poll(() => plaintext.textContent(), { timeout: 20_000 }).toBe(PLAINTEXT);
    const shown = await Promise.all(Array.from({ length: BROKEN.length + 1 }, (_, i) => states.nth(i).textContent()));
    for (const b of BROKEN) expect(shown.some((text) => b.state.test(text ?? '')), b.name).toBe(true);
    expect(shown.some((text) => /longer than 16,384 characters/.test(text ?? ''))).toBe(true);
    await inert(page);
    expect(await readableBySite(page)).not.toContain('Picket');
    expect(await page.evaluate(() => (window as unknown as { __sweep: () => string[] }).__sweep())).toEqual([]);
  });

  it('never lets the page read a decrypted post: not by mutations, sweeps, selection, copy, find or fonts', async () => {
    await page.goto('https://x.com/nia_nu');
    const plaintext = postWith(page, 'case:locked').locator('network-union-message >>> [data-nu="plaintext"]');
    await expect.poll(() => plaintext.textContent(), { timeout: 30_000 }).toBe(PLAINTEXT);
    expect(await overlay(page, 'network-union-message >>> .nu-sender').textContent()).toMatch(/@nia_nu \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), verified/);
    // The member selects the text as people do, copies it and selects all.
    await plaintext.click();
    const { x, y } = await plaintextPoint(page);
    await page.mouse.click(x, y, { clickCount: 3 });
    await page.keyboard.press('ControlOrMeta+C');
    await page.mouse.move(x - 200, y - 40);
    await page.mouse.down();
    await page.mouse.move(x + 200, y + 10, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.press('ControlOrMeta+C');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+C');
    expect(await page.evaluate(() => (window as unknown as { __sweep: () => string[] }).__sweep())).toEqual([]);
    expect(fontRequests).toEqual([]);
    await inert(page);
  });

  it("renders a hostile union's name, purpose, officer title and rally as clean text, with no link for javascript:", async () => {
    const popup = await browser.context.newPage();
    await popup.goto(browser.url('popup.html'));
    const card = popup.getByTestId('followed-unions');
    await card.getByLabel('Union id').fill(String(hostile.unionId));
    await card.getByRole('button', { name: 'Look up' }).click();
    const found = card.getByTestId('union-lookup');
    await expect.poll(() => found.textContent()).toContain(`#${hostile.unionId}`);
    await found.getByRole('button', { name: `Follow #${hostile.unionId}` }).click();
    await expect.poll(() => card.getByTestId(`union-${hostile.unionId}`).textContent()).toContain('you follow it');
    expect(await card.textContent()).not.toMatch(CONTROLS);
    expect(await card.getByTestId(`union-${hostile.unionId}`).textContent()).toContain('<img src=x');

    await page.goto(`https://x.com/${OFFICER.screenName}`);
    const union = overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`);
    await expect.poll(() => union.textContent(), { timeout: 20_000 }).toContain(`#${hostile.unionId}`);
    expect(await union.textContent()).toContain('noinu<img src=x');
    expect(await overlay(page, `${HEADER_BADGE} >>> .nu-role`).textContent()).toBe('<b>Treasurer</b>xxxxxxx…');
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).click();
    const purpose = overlay(page, 'network-union-layer >>> [data-nu="purpose"]');
    expect(await purpose.textContent()).toMatch(/^<script>window.__pwned=4<\/script><img src=x/);
    await inert(page);

    const rallyId = await hostile.rally();
    await popup.reload();
    const inbox = popup.getByTestId('rally-inbox');
    await inbox.getByRole('button', { name: 'Check now' }).click();
    const entry = inbox.getByRole('button', { name: /Call now <a href/ });
    await entry.waitFor({ timeout: 30_000 });
    expect(await entry.textContent()).not.toMatch(CONTROLS);
    const rally = await browser.context.newPage();
    await rally.goto(browser.url(`rally.html?id=${rallyId}`));
    const text = rally.getByTestId('rally-text');
    await expect.poll(() => text.textContent()).toMatch(/^Call now <a href="javascript:alert\(1\)">here<\/a> <img src=x/);
    expect(await text.textContent()).not.toMatch(CONTROLS);
    expect(await rally.locator('main a, main img, main script').count()).toBe(0);
    expect(await rally.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
