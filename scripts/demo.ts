/**
 * The demo: the local chain with the demo union, the built extension in Debian's Chromium, and
 * x.com pages for the demo members served under the real host name (real x.com cannot show demo
 * members). The browser holds a demo member's wallet (imported, funded with ETH and the union's
 * token, following the demo union; the password is printed), so tips, Lock, rallies and the tree
 * work at once. With a display, a window opens; without one, it runs headless, walks the story
 * and saves one screenshot per step with a line saying what it shows.
 *
 * --smoke (the test suite): a chain on a free port, the extension already built, and exit
 * after the walk.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createPublicClient, createWalletClient, formatEther, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { unionRegistryAbi } from '../lib/chain/generated/abi';
import { displayHandle } from '../lib/identity/handles';
import { messagingKeyOf, messagingKeyProof } from '../lib/wallet/keys';
import { createFacebookServer } from '../devsite/facebook/api';
import { renderFacebookPage } from '../devsite/facebook/site';
import { renderXPage } from '../devsite/x/site';
import { createXChatServer, oneToOneId, renderXChatPage, type XChatPageData, type XChatUser } from '../devsite/x/xchat';
import { claimFacebookHandles, facebookSiteData, facebookUser } from './demo-facebook';
import { demoSiteData, screenName } from './demo-site';
import { configureChain, launchWithExtension, serveBehindOrigin, serveFacebook, serveX, type ExtensionBrowser } from './browser';
import { overlay } from './overlay-world';
import { startCommunityService } from '../examples/community/server';
import { startDemoChain, startSeededChain } from './chain';
import { localChain } from './deploy';
import { INDEXER_PORT, indexerInstalled, startIndexer } from './indexer';

const log = (line: string) => console.log(`[demo] ${line}`);
const eth = (wei: bigint) => Number(formatEther(wei)).toFixed(4);
const SCREENSHOTS = resolve(import.meta.dirname, '../.network-union/screenshots');
const SMOKE = process.argv.includes('--smoke');
/** The demo member in the browser, and the member it writes to. */
const ME = 'x:nia_nu';
const PEER = 'x:dmitri_nu';
const PASSWORD = 'network union demo';

const { node, deployment } = await (SMOKE ? startSeededChain() : startDemoChain(log)).catch((error: Error) => {
  console.error(`[demo] ${error.message}`);
  process.exit(1);
});
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;
const chain = localChain(deployment.rpcUrl);
const client = createPublicClient({ chain, transport: http(deployment.rpcUrl) });

/** The indexer over the demo chain (on a free port in the smoke run, which must reach it where indexer/ is installed). */
const indexer = startIndexer(deployment, { port: SMOKE ? undefined : INDEXER_PORT, log: (line) => log(`indexer: ${line}`) }).catch((error: Error) => {
  if (SMOKE && indexerInstalled()) throw error;
  log(`the indexer did not start (${error.message.split('\n')[0]}): the tree page folds the chain's events itself`);
  return null;
});

if (!SMOKE) {
  log('building the extension (wxt build)');
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
}

// The members who write to each other publish their messaging keys, as onboarding does.
for (const handle of [ME, PEER]) {
  const { privateKey } = member(handle);
  const wallet = createWalletClient({ account: privateKeyToAccount(privateKey), chain, transport: http(deployment.rpcUrl) });
  const messaging = messagingKeyOf({ kind: 'privateKey', privateKey });
  const proof = await messagingKeyProof(messaging.privateKey, wallet.account.address, deployment.chainId, deployment.registry);
  const hash = await wallet.writeContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'setEncryptionKey', args: [messaging.publicKey, proof] });
  await client.waitForTransactionReceipt({ hash });
}

// Each member has a Facebook account too: its handle claimed and vouched as on X.
await claimFacebookHandles(deployment);
const facebook = createFacebookServer();

/** The example community service, gated behind Sign in with Union, under its public name. */
const COMMUNITY = 'https://members.example';
const community = await startCommunityService({ origin: COMMUNITY, rpcUrl: deployment.rpcUrl, chainId: deployment.chainId, stakeLock: deployment.stakeLock, unionId: deployment.unionId, title: 'Maintainers’ corner' });
log(`the example community service (examples/community) answers at ${community.url}, shown as ${COMMUNITY}`);

/** Numeric ids for XChat's conversation ids: the member's place in the demo union. */
const chatUser = (handle: string): XChatUser => {
  const m = member(handle);
  return { id: String(1000 + deployment.members.indexOf(m)), screenName: screenName(handle), displayName: m.displayName, bio: m.bio };
};
const CONVERSATION = oneToOneId(chatUser(ME).id, chatUser(PEER).id);
const chat = createXChatServer();
const chatOf = (viewer: string, peer: string): XChatPageData => ({ viewer: chatUser(viewer), conversations: [{ id: CONVERSATION, members: [chatUser(peer)] }] });

/** A browser whose wallet holds `handle`'s key, showing the demo x.com. */
async function memberBrowser(handle: string, peer: string, headless: boolean): Promise<ExtensionBrowser> {
  const browser = await launchWithExtension({ headless });
  const site = { ...demoSiteData(deployment, 30), viewer: chatUser(handle) };
  await serveX(browser.context, (path) => (path.startsWith('/i/chat') ? renderXChatPage(chatOf(handle, peer), path) : renderXPage(site, path)), (method, url, body) => chat.handle(method, url, body));
  const facebookSite = facebookSiteData(deployment, handle, 30);
  const facebookId = facebookUser(deployment, member(handle)).id;
  await serveFacebook(browser.context, (url) => renderFacebookPage(facebookSite, url.pathname + url.search), (method, url, body) => facebook.handle(facebookId, method, url, body));
  await serveBehindOrigin(browser.context, COMMUNITY, community.url);
  if (SMOKE) await configureChain(browser, { rpcUrl: deployment.rpcUrl });
  const wallet = await browser.context.newPage();
  await wallet.goto(browser.url('wallet.html'));
  await wallet.getByRole('button', { name: 'Import a key or phrase' }).click();
  await wallet.locator('#secret').fill(member(handle).privateKey);
  await wallet.locator('#password').fill(PASSWORD);
  await wallet.locator('#password-confirm').fill(PASSWORD);
  await wallet.getByRole('button', { name: 'Import' }).click();
  await wallet.getByTestId('address').waitFor({ timeout: 30_000 });
  // What the wallet page's "Get test funds" sends.
  type Funds = { ok: true; value: { eth: string; tokens: string[] } } | { ok: false; error: string };
  type Runtime = { runtime: { sendMessage(message: unknown): Promise<Funds | undefined> } };
  const funds = await wallet.evaluate(() => (globalThis as unknown as { chrome: Runtime }).chrome.runtime.sendMessage({ type: 'walletGetTestFunds' }));
  log(`${handle.slice(2)}'s test funds: ${funds?.ok ? [`${funds.value.eth} ETH`, ...funds.value.tokens].join(', ') : (funds?.error ?? 'no answer')}`);
  await wallet.close();
  return browser;
}

const headless = SMOKE || !process.env.DISPLAY;
log(`opening Chromium with the extension ${headless ? 'headless (no display found)' : 'in a window'}`);
const browser = await memberBrowser(ME, PEER, headless);
log(`the wallet holds ${ME.slice(2)} (${member(ME).address}); its password is "${PASSWORD}"`);
// The member's extension reads the whole union from the indexer, set where a member sets it: the options page.
const served = await indexer;
if (served) log(`the indexer serves ${served.url} (GraphQL at /graphql, SQL at /sql), set in the extension's options: ${await configureChain(browser, { rpcUrl: deployment.rpcUrl, indexerUrl: served.url })}`);

if (headless) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const steps: string[] = [];
  let step = 0;
  const shot = async (page: Page, name: string, shows: string) => {
    const file = resolve(SCREENSHOTS, `${String(++step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    steps.push(file);
    log(`${file}: ${shows}`);
  };
  try {
    await walk(browser, shot);
  } finally {
    await browser.close();
  }
  log(`${steps.length} steps, ${steps.length} screenshots`);
} else {
  const paths = ['/home', '/priya_nu', `/i/chat/${CONVERSATION}`];
  for (const path of paths) await (await browser.context.newPage()).goto(`https://x.com${path}`);
  await (await browser.context.newPage()).goto('https://www.facebook.com/');
  await (await browser.context.newPage()).goto(`${COMMUNITY}/`);
  await (await browser.context.newPage()).goto(browser.url(`tree.html?union=${deployment.unionId}`));
  log(`the tabs show: ${paths.map((p) => `x.com${p}`).join(', ')}, facebook.com, the support tree and ${COMMUNITY} (lock 100 UNION on the wallet's Stake tab, then Sign in with Union); tip, Lock a DM, answer a rally from the popup`);
}

type Shot = (page: Page, name: string, shows: string) => Promise<void>;

/** The story, one screenshot per step. */
async function walk(browser: ExtensionBrowser, shot: Shot) {
  const page = await browser.context.newPage();
  const badge = (selector: string) => overlay(page, selector).first().waitFor({ timeout: 20_000 });

  await page.goto('https://x.com/mara_union');
  await badge('[data-testid="UserName"] network-union-badge >>> [data-nu="union"]');
  await shot(page, 'badge-leader', "the leader's profile: union badge (Leader), the whole union as support base");
  await page.goto('https://x.com/home');
  await badge('article[data-testid="tweet"] network-union-badge >>> [data-nu="compact"]');
  await shot(page, 'timeline', 'a timeline: by every member author a compact badge and a Tip button for the post');

  // The same union on facebook.com: the profile header and the feed's stories.
  await page.goto('https://www.facebook.com/mara.union');
  await badge('[role="main"] h1 ~ network-union-badge >>> [data-nu="union"]');
  await shot(page, 'facebook-profile', "the leader's Facebook profile: the same badge and support rank by the name");
  await page.goto('https://www.facebook.com/');
  await badge('[aria-posinset] network-union-badge >>> [data-nu="tip"]');
  await shot(page, 'facebook-feed', "Facebook's feed: by each member author a compact badge and a Tip for the story");

  // A tip, approved in the window, and the balance it moved.
  const recipient = member('x:priya_nu').address;
  const before = await client.getBalance({ address: recipient });
  await page.goto('https://x.com/priya_nu');
  await overlay(page, '[data-testid="UserName"] network-union-badge >>> [data-nu="tip"]').click();
  const composer = overlay(page, 'network-union-layer >>> [data-nu="composer"]');
  await composer.locator('[data-nu="amount"]').fill('0.01');
  const approval = await opened(browser.context, 'approval.html', () => composer.locator('[data-nu="send"]').click());
  await approval.getByTestId('approval-title').waitFor();
  await shot(approval, 'tip-approval', 'the approval window of a 0.01 ETH tip to @priya_nu: who asks, the decoded call, value and fee');
  await approval.getByRole('button', { name: /^Approve/ }).click();
  await composer.locator('[data-nu="tip-done"]').waitFor({ timeout: 30_000 });
  const after = await client.getBalance({ address: recipient });
  await shot(page, 'tip-sent', `the tip sent: @priya_nu's balance went from ${eth(before)} to ${eth(after)} ETH`);

  // An encrypted DM written in the extension's window, read by the peer in its own browser.
  await page.goto(`https://x.com/i/chat/${CONVERSATION}`);
  const lock = overlay(page, 'network-union-message >>> [data-nu="lock"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="xchatEmbedRoute"]')?.shadowRoot?.querySelector('network-union-message'));
  const window = await opened(browser.context, 'compose.html', () => lock.click());
  await window.getByTestId('compose-text').fill('Strike vote on Friday: keep it between us');
  await shot(window, 'dm-compose', "Lock's own window: the DM is written here, out of X's reach, for @dmitri_nu");
  await window.getByRole('button', { name: 'Lock and put it in the composer' }).click();
  await page.locator('[data-testid="dm-composer-send-button"]').click();
  await page.locator('[data-dm-message-row][data-send-status="sent"]').waitFor({ timeout: 20_000 });
  await readerSees(page, 'Strike vote on Friday');
  await shot(page, 'dm-sent', 'XChat sent only the ciphertext; the sender reads it back decrypted');
  const peer = await memberBrowser(PEER, ME, true);
  try {
    const peerPage = await peer.context.newPage();
    await peerPage.goto(`https://x.com/i/chat/${CONVERSATION}`);
    await readerSees(peerPage, 'Strike vote on Friday');
    await readerSees(peerPage, `${displayHandle(ME)} (0x`);
    await shot(peerPage, 'dm-read', "@dmitri_nu's browser: the plaintext with the verified sender @nia_nu");
  } finally {
    await peer.close();
  }

  // A rally from the leader, answered with I did it.
  const leader = createWalletClient({ account: privateKeyToAccount(member('x:mara_union').privateKey as Hex), chain, transport: http(deployment.rpcUrl) });
  const text = 'Call your city councillor about the library budget today';
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 86_400);
  await client.waitForTransactionReceipt({ hash: await leader.writeContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'postRally', args: [BigInt(deployment.unionId), text, '', deadline] }) });
  const popup = await browser.context.newPage();
  await popup.goto(browser.url('popup.html'));
  await popup.getByTestId('rally-inbox').getByRole('button', { name: 'Check now' }).click();
  const entry = popup.getByTestId('rally-inbox').getByRole('button', { name: /Open Source Union: Call your city councillor/ });
  await entry.waitFor({ timeout: 30_000 });
  await shot(popup, 'rally-inbox', "the popup's rally inbox: the leader's call to action, unread");
  await entry.click();
  const rally = browser.context.pages().find((p) => p.url().includes('rally.html')) ?? (await browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('rally.html') }));
  const answer = await opened(browser.context, 'approval.html', () => rally.getByRole('button', { name: 'I did it' }).click());
  await answer.getByRole('button', { name: /^Approve/ }).click();
  await rally.getByTestId('rally-done').waitFor({ timeout: 30_000 });
  await shot(rally, 'rally-answered', 'the rally answered on-chain with I did it');

  // A campaign the leader opens (with the CLI), backed from the campaign page through the approval window.
  const leaderKey = member('x:mara_union').privateKey;
  const campaign = JSON.parse(
    execFileSync('node', [resolve(import.meta.dirname, '../bin/union.mjs'), 'campaign', 'open', '--union', String(deployment.unionId), '--target', 'City library board',
      '--demand', 'Keep the Sunday opening hours', '--step', 'A letter from the union', '--step', 'Every member posts', '--goal', '1', '--payee', member('x:mara_union').address,
      '--days', '14', '--rpc', deployment.rpcUrl, '--key', leaderKey, '--json'], { encoding: 'utf8' }),
  ) as { campaignId: string };
  const campaigns = await browser.context.newPage();
  await campaigns.goto(browser.url(`campaign.html?union=${deployment.unionId}`));
  const card = campaigns.getByTestId(`campaign-${campaign.campaignId}`);
  await card.locator(`#pledge-${campaign.campaignId}`).fill('0.05');
  const pledge = await opened(browser.context, 'approval.html', () => card.getByRole('button', { name: 'Pledge' }).click());
  await pledge.getByRole('button', { name: /^Approve/ }).click();
  await card.getByTestId('campaign-raised').filter({ hasText: '0.05 of 1 ETH' }).waitFor({ timeout: 30_000 });
  await shot(campaigns, 'campaign-pledged', 'a union campaign: 0.05 ETH pledged into escrow toward a 1 ETH goal, refundable if the goal is missed');

  // Stake: 100 UNION locked for 14 weeks or so meets the union's login criterion; then Sign in with Union.
  const stake = await browser.context.newPage();
  await stake.goto(browser.url('wallet.html#stake'));
  await stake.locator('#stake-amount').fill('100');
  // 100 days on, rounded down to a week, leaves more than the criterion's 90 days.
  const { timestamp } = await client.getBlock();
  await stake.locator('#stake-date').fill(new Date((Number(timestamp) + 100 * 86_400) * 1000).toISOString().slice(0, 10));
  const allowance = await opened(browser.context, 'approval.html', () => stake.getByRole('tabpanel', { name: 'Stake' }).getByRole('button', { name: 'Lock', exact: true }).click());
  await allowance.getByRole('button', { name: /^Approve/ }).click();
  const locking = await browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });
  await locking.getByRole('button', { name: /^Approve/ }).click();
  await stake.getByTestId('stake-standing').filter({ hasText: 'You meet it.' }).waitFor({ timeout: 30_000 });
  await shot(stake, 'stake', "the wallet's Stake tab: 100 UNION locked, its time left and weight, and the union's login criterion met");
  const club = await browser.context.newPage();
  await club.goto(`${COMMUNITY}/`);
  const connect = await opened(browser.context, 'approval.html', () => club.getByRole('button', { name: 'Sign in with Union' }).click());
  await connect.getByRole('button', { name: /^Approve/ }).click();
  const signIn = await browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });
  await signIn.getByTestId('approval-title').waitFor();
  await shot(signIn, 'sign-in-approval', 'Sign in with Union: the requesting site, the union, the statement and the login criterion, met');
  await signIn.getByRole('button', { name: /^Approve/ }).click();
  await club.waitForURL(`${COMMUNITY}/members`, { timeout: 30_000 });
  await shot(club, 'members-page', "the example community service's members' page, opened by Sign in with Union");

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(browser.url(`tree.html?union=${deployment.unionId}`));
  await page.locator('svg circle').first().waitFor({ timeout: 30_000 });
  const source = (await page.getByTestId('tree-source').textContent()) ?? '';
  if (served && source !== 'From the indexer') throw new Error(`The tree page did not read the indexer: "${source}"`);
  await shot(page, 'support-tree', `the support tree: the union from its leader down, sized by support base, with leaderboards (support base, rallies, tips, stake-weighted support); "${source}"`);
}

/** Waits until `text` shows on the page, closed shadow roots (the decrypted view) included. */
async function readerSees(page: Page, text: string) {
  const cdp = await page.context().newCDPSession(page);
  type Node = { nodeType: number; nodeValue: string; children?: Node[]; shadowRoots?: Node[] };
  const has = (node: Node): boolean => (node.nodeType === 3 && node.nodeValue.includes(text)) || [...(node.shadowRoots ?? []), ...(node.children ?? [])].some(has);
  for (let tries = 0; tries < 120; tries++) {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    if (has(root)) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`"${text}" never showed on ${page.url()}`);
}

/** The extension window or tab `action` opens. */
async function opened(context: BrowserContext, file: string, action: () => Promise<unknown>): Promise<Page> {
  // Together, so a failing action reports its own error rather than the wait's.
  const [page] = await Promise.all([context.waitForEvent('page', { predicate: (p) => p.url().includes(file) }), action()]);
  return page;
}

if (SMOKE) {
  await served?.stop();
  await community.stop();
  await node.stop();
  process.exit(0);
}
log(`the chain keeps running at ${deployment.rpcUrl}: try \`npx union show x:priya_nu\`. Ctrl-C stops it.`);
const stop = async () => {
  await served?.stop();
  if (!headless) await browser.close().catch(() => undefined);
  await community.stop();
  await node.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
