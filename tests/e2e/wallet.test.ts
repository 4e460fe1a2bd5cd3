import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createPublicClient, http, parseEther, type Address } from 'viem';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { formatProof } from '@/lib/identity/proof';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { overlay } from '@/scripts/overlay-world';
import { localChain } from '@/scripts/deploy';
import { DEMO_UNION } from '@/scripts/demo-union';
import { demoSiteData } from '@/scripts/demo-site';
import type { XSiteData } from '../../devsite/x/site';
import { renderXPage } from '../../devsite/x/site';

const deployment = inject('deployment');
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');
const PASSWORD = 'correct horse battery';
const NEWBIE = 'newbie_nu';
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';
const priya = deployment.members.find((m) => m.handle === 'x:priya_nu')!;
const chainClient = createPublicClient({ chain: localChain(deployment.rpcUrl), transport: http(deployment.rpcUrl) });
const union = BigInt(deployment.unionId);

/** x.com as served to every browser of this file; the new member's profile is added once known. */
let site: XSiteData = demoSiteData(deployment, 20);

async function openBrowser(): Promise<ExtensionBrowser> {
  const browser = await launchWithExtension();
  await serveX(browser.context, (path) => renderXPage(site, path));
  expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
  return browser;
}

/** Runs `action`, then decides the approval window it opens, checking what it shows. */
async function approveNext(context: BrowserContext, action: () => Promise<unknown>, approve = true, expectTitle?: RegExp): Promise<Page> {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html'), timeout: 30_000 });
  await action();
  const window = await opened;
  const title = window.getByTestId('approval-title');
  await title.waitFor();
  if (expectTitle) expect(await title.textContent()).toMatch(expectTitle);
  await window.getByRole('button', { name: approve ? /^Approve/ : 'Reject' }).click();
  return window;
}

async function counts(address: Address) {
  const args = [union, address] as const;
  const [base, direct] = await Promise.all([
    chainClient.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'supportBase', args }),
    chainClient.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'directSupporters', args }),
  ]);
  return { base, direct };
}

const vouched = async (member: Address) =>
  (await chainClient.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'vouchOf', args: [union, member, `x:${NEWBIE}`] }))[0];

describe('a new member, from key to verified badge', () => {
  let member: ExtensionBrowser;
  let sponsor: ExtensionBrowser;
  let address: Address;
  let wallet: Page;

  beforeAll(async () => {
    member = await openBrowser();
  });
  afterAll(async () => {
    await member?.close();
    await sponsor?.close();
  });

  it('creates a key with the phrase check, locks and unlocks it', async () => {
    wallet = await member.context.newPage();
    await wallet.goto(member.url('wallet.html'));
    await wallet.getByRole('button', { name: 'Create a new key' }).click();
    await wallet.getByRole('button', { name: 'Create my phrase' }).click();
    // The phrase shows only when asked for, with Copy.
    expect(await wallet.getByTestId('phrase').count()).toBe(0);
    await wallet.getByRole('button', { name: 'Reveal my phrase' }).click();
    const words = (await wallet.getByTestId('phrase').locator('li').allTextContents()).map((w) => w.replace(/^\d+\.\s*/, ''));
    expect(words).toHaveLength(12);
    await wallet.getByRole('button', { name: 'Copy the phrase' }).waitFor();
    await wallet.getByRole('button', { name: 'I wrote it down' }).click();
    // Back shows the same phrase again.
    await wallet.getByRole('button', { name: 'Back to the phrase' }).click();
    expect((await wallet.getByTestId('phrase').locator('li').allTextContents()).map((w) => w.replace(/^\d+\.\s*/, ''))).toEqual(words);
    await wallet.getByRole('button', { name: 'I wrote it down' }).click();

    const labels = await wallet.locator('label[for^="word-"]').allTextContents();
    // A wrong word is refused and nothing is stored.
    await wallet.locator('input[id^="word-"]').first().fill('wrong');
    for (const [i, label] of labels.entries()) if (i > 0) await wallet.getByLabel(label, { exact: true }).fill(words[Number(label.slice(6)) - 1]!);
    await wallet.locator('#password').fill(PASSWORD);
    await wallet.locator('#password-confirm').fill(PASSWORD);
    await wallet.getByRole('button', { name: 'Create my key' }).click();
    await expect.poll(() => wallet.getByTestId('setup-outcome').textContent()).toMatch(/does not match/);
    await wallet.getByLabel(labels[0]!, { exact: true }).fill(words[Number(labels[0]!.slice(6)) - 1]!);
    await wallet.getByRole('button', { name: 'Create my key' }).click();
    address = (await wallet.getByTestId('address').textContent({ timeout: 30_000 })) as Address;
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);

    await wallet.getByRole('button', { name: 'Lock' }).click();
    await wallet.locator('#unlock-password').fill('not the password');
    await wallet.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => wallet.getByTestId('unlock-outcome').textContent()).toContain('Wrong password');
    await wallet.locator('#unlock-password').fill(PASSWORD);
    await wallet.getByRole('button', { name: 'Unlock' }).click();
    expect(await wallet.getByTestId('address').textContent({ timeout: 30_000 })).toBe(address);
  });

  it('gets test ETH and UNION from the wallet page, on the local chain', async () => {
    expect(await wallet.getByTestId('balance').textContent()).toBe('0 ETH');
    expect(await wallet.getByTestId('receive-address').textContent()).toBe(address);
    expect(await wallet.getByTestId('receive-qr').getAttribute('aria-label')).toBe(`QR code of ${address}`);
    await wallet.getByRole('button', { name: 'Get test ETH and UNION' }).click();
    await expect.poll(() => wallet.getByTestId('funded').textContent(), { timeout: 30_000 }).toBe('Received 10 ETH and 100 UNION.');
    await expect.poll(() => wallet.getByTestId('balance').textContent()).toBe('10 ETH');
    expect(await wallet.getByTestId('token-balance').allTextContents()).toEqual(['100 UNION']);
    expect(await chainClient.getBalance({ address })).toBe(parseEther('10'));
  });

  it('joins under a sponsor after reading the bylaws, claims the handle and publishes its key; a reload continues where it was', async () => {
    const before = await counts(priya.address);
    const step = (id: string) => wallet.locator(`[data-step="${id}"]`);
    const shot = (name: string) => wallet.screenshot({ path: resolve(ARTIFACTS, `onboarding-${name}.png`), fullPage: true });
    mkdirSync(ARTIFACTS, { recursive: true });

    await wallet.getByRole('tab', { name: 'Join a union' }).click();
    await expect.poll(() => step('union').getAttribute('data-state')).toBe('active');
    expect(await step('fund').getAttribute('data-state')).toBe('done');
    await shot('1-union');
    await wallet.getByRole('radio').first().check();
    // Enter in the sponsor field finds the sponsor.
    await wallet.getByLabel(/Your sponsor/).fill('@priya_nu');
    await wallet.getByLabel(/Your sponsor/).press('Enter');
    await expect.poll(() => wallet.getByTestId('sponsor-found').textContent()).toContain('@priya_nu');
    await wallet.getByRole('button', { name: 'Continue with this sponsor' }).click();

    await expect.poll(() => step('bylaws').getAttribute('data-state')).toBe('active');
    expect(await wallet.evaluate(() => document.activeElement?.closest('[data-step]')?.getAttribute('data-step'))).toBe('bylaws');
    expect(await wallet.getByTestId('bylaws-text').textContent()).toBe(DEMO_UNION.bylaws);
    expect(await wallet.getByTestId('bylaws-match').textContent()).toContain('matches the on-chain SHA-256 hash');
    await shot('2-bylaws');
    const bylawsWindow = await approveNext(member.context, () => wallet.getByRole('button', { name: 'Accept and sign' }).click(), true, /Accept the bylaws of Open Source Union/);
    void bylawsWindow;
    await expect.poll(() => step('join').getAttribute('data-state')).toBe('active');

    // Mid-way: the choices made so far survive a reload.
    await wallet.reload();
    await expect.poll(() => step('join').getAttribute('data-state')).toBe('active');
    expect(await step('bylaws').getAttribute('data-state')).toBe('done');
    await shot('3-join');
    await approveNext(member.context, () => wallet.getByRole('button', { name: /^Join Open Source Union/ }).click(), true, /Join union #1, supporting @priya_nu/);
    await expect.poll(() => step('claim').getAttribute('data-state'), { timeout: 30_000 }).toBe('active');

    await shot('4-claim');
    await wallet.getByLabel('Your X handle').fill(`@${NEWBIE}`);
    await approveNext(member.context, () => wallet.getByLabel('Your X handle').press('Enter'), true, new RegExp(`Claim x:${NEWBIE}`));
    await expect.poll(() => step('key').getAttribute('data-state'), { timeout: 30_000 }).toBe('active');
    expect(await step('claim').textContent()).toContain(`@${NEWBIE}`);

    await shot('5-key');
    await approveNext(member.context, () => wallet.getByRole('button', { name: 'Publish' }).click(), true, /messaging key/);
    await expect.poll(() => step('proof').getAttribute('data-state'), { timeout: 30_000 }).toBe('active');
    expect(await wallet.getByTestId('bio-proof').textContent()).toBe(formatProof(address));
    await shot('6-proof');

    // Everything done so far is read back from the chain after a reload.
    await wallet.reload();
    await expect.poll(() => step('proof').getAttribute('data-state')).toBe('active');
    for (const done of ['fund', 'union', 'bylaws', 'join', 'claim', 'key']) expect(await step(done).getAttribute('data-state')).toBe('done');
    expect(await wallet.getByTestId('bio-proof').textContent()).toBe(formatProof(address));

    const after = await counts(priya.address);
    expect(after.base).toBe(before.base + 1n);
    expect(after.direct).toBe(before.direct + 1n);
    const key = await chainClient.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'encryptionKeyOf', args: [address] });
    expect(key).toMatch(/^0x0[23][0-9a-f]{64}$/);
  });

  it('shows the verified badge on its X profile once the bio carries the proof', async () => {
    const newbie = { screenName: NEWBIE, displayName: 'Nova Newbie', bio: `New here, learning fast. ${formatProof(address)}` };
    site = { ...site, users: [...site.users, newbie], homeTimeline: [0, 1, 2].map((i) => ({ id: `19500000000000000${i}`, author: newbie, text: `My post #${i + 1} as a member` })) };
    const page = await member.context.newPage();
    await page.goto(`https://x.com/${NEWBIE}`);
    await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`).textContent()).toBe('Open Source UnionMember');
    expect(await overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).textContent()).toBe('★ 0 supporters · 0 direct');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'x-new-member-badge.png') });
    // The page's own scripts have no channel to the extension: nothing there can ask for a signature.
    expect(await page.evaluate(() => typeof (window as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');

    await wallet.getByRole('button', { name: 'Check my profile' }).click();
    await expect.poll(() => wallet.getByTestId('proof-check').textContent()).toContain('Seen on your profile');
    expect(await wallet.getByTestId('welcome').textContent()).toContain("You're a member of Open Source Union");
    await wallet.screenshot({ path: resolve(ARTIFACTS, 'onboarding-7-member.png'), fullPage: true });
  });

  it('lets the sponsor vouch from the profile, through the approval window; a reject sends nothing', async () => {
    sponsor = await openBrowser();
    expect((await importKey(sponsor, priya.privateKey, PASSWORD)).address).toBe(priya.address);

    const popup = await sponsor.context.newPage();
    await popup.goto(sponsor.url('popup.html'));
    await expect.poll(() => popup.getByTestId('waiting-vouches').textContent(), { timeout: 15_000 }).toContain(`@${NEWBIE}`);

    const profile = await sponsor.context.newPage();
    await profile.goto(`https://x.com/${NEWBIE}`);
    const vouch = overlay(profile, `${HEADER_BADGE} >>> [data-nu="vouch"]`);
    await vouch.waitFor({ timeout: 15_000 });

    await approveNext(sponsor.context, () => vouch.click(), false, new RegExp(`Vouch that ${address} owns x:${NEWBIE}`));
    await expect.poll(() => overlay(profile, `${HEADER_BADGE} >>> [data-nu="vouch-error"]`).textContent()).toContain('Rejected');
    expect(await vouched(address)).toBe(false);

    const window = await approveNext(sponsor.context, () => vouch.click(), true);
    expect(window.url()).toContain('approval.html');
    await overlay(profile, `${HEADER_BADGE} >>> [data-nu="vouched"]`).waitFor({ timeout: 30_000 });
    expect(await vouched(address)).toBe(true);
  });

  it("then shows the new member's badge on their posts to anyone, with no bio seen", async () => {
    const stranger = await openBrowser();
    try {
      const page = await stranger.context.newPage();
      await page.goto('https://x.com/home');
      const badges = overlay(page, 'article[data-testid="tweet"] network-union-badge >>> [data-nu="compact"]');
      await expect.poll(() => badges.count(), { timeout: 20_000 }).toBe(3);
      expect(await badges.first().textContent()).toBe('Open Source Union · Member');
    } finally {
      await stranger.close();
    }
  });
});
