import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPublicClient, createTestClient, http, parseEther, type Address, type Hash } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { importKey, sendTip } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { localChain } from '@/scripts/deploy';
import { overlay } from '@/scripts/overlay-world';
import { demoSiteData } from '@/scripts/demo-site';
import { renderXPage } from '../../devsite/x/site';

const deployment = inject('deployment');
const PASSWORD = 'tipping is caring';
const chain = localChain(deployment.rpcUrl);
const client = createPublicClient({ chain, transport: http(deployment.rpcUrl) });
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;

describe('tipping a verified member', () => {
  let browser: ExtensionBrowser;
  let tipper: Address;
  let wallet: Page;

  beforeAll(async () => {
    browser = await launchWithExtension();
    await serveX(browser.context, (path) => renderXPage(demoSiteData(deployment, 10), path));
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
    const key = generatePrivateKey();
    tipper = privateKeyToAccount(key).address;
    await createTestClient({ chain, mode: 'anvil', transport: http(deployment.rpcUrl) }).setBalance({ address: tipper, value: parseEther('10') });
    ({ wallet } = await importKey(browser, key, PASSWORD));
  });
  afterAll(() => browser?.close());

  it('offers no Tip button on an unverified claim or a non-member', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/ivy_unvouched');
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="neutral"]`).waitFor();
    expect(await overlay(page, 'network-union-badge >>> [data-nu="tip"]').count()).toBe(0);
    await page.close();
  });

  it('asks to unlock in the wallet when it is locked, sending nothing, then resumes the tip once unlocked', async () => {
    await wallet.getByRole('button', { name: 'Lock' }).click();
    const page = await browser.context.newPage();
    await page.goto('https://x.com/priya_nu');
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`).click();
    const composer = overlay(page, 'network-union-layer >>> [data-nu="composer"]');
    await expect.poll(() => composer.locator('[data-nu="tip-locked"]').textContent()).toContain('locked');
    expect(await composer.getByRole('button', { name: 'Open the wallet to unlock' }).count()).toBe(1);
    expect(await composer.locator('[data-nu="send"]').count()).toBe(0);
    await wallet.locator('#unlock-password').fill(PASSWORD);
    await wallet.getByRole('button', { name: 'Unlock' }).click();
    await wallet.getByTestId('address').waitFor({ timeout: 30_000 });
    // The composer notices by itself: the tip is ready where it was, with the balance and fee.
    await composer.locator('[data-nu="send"]').waitFor({ timeout: 15_000 });
    expect(await composer.locator('[data-nu="tip-balance"]').textContent()).toMatch(/^You have \d+(\.\d+)? ETH · network fee about [\d.]+ ETH$/);
    // No union token in this wallet: only ETH is offered.
    expect(await composer.getByRole('radiogroup').count()).toBe(0);
    await page.close();
  });

  it('tips from the profile header: the recipient gets exactly the amount, the tipper pays it plus gas', async () => {
    const priya = member('x:priya_nu').address;
    const [priyaBefore, tipperBefore] = await Promise.all([client.getBalance({ address: priya }), client.getBalance({ address: tipper })]);
    const page = await browser.context.newPage();
    await page.goto('https://x.com/priya_nu');
    const { composer, fields } = await sendTip(browser.context, page, overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`), '0.01', true);
    expect(fields).toContain('Tips.tipEth');
    expect(fields).toContain(`@priya_nu (${priya})`);
    await composer.locator('[data-nu="tip-done"]').waitFor({ timeout: 30_000 });
    // Done: the form gives way to Done and Tip again, so a second click cannot resend.
    expect(await composer.locator('[data-nu="send"]').count()).toBe(0);
    expect(await composer.getByRole('button', { name: 'Tip again' }).count()).toBe(1);
    const hash = (await composer.locator('[data-nu="tip-done"] span').getAttribute('title')) as Hash;
    const receipt = await client.getTransactionReceipt({ hash });
    expect(await client.getBalance({ address: priya })).toBe(priyaBefore + parseEther('0.01'));
    expect(await client.getBalance({ address: tipper })).toBe(tipperBefore - parseEther('0.01') - receipt.gasUsed * receipt.effectiveGasPrice);
    expect(await client.getBalance({ address: deployment.tips })).toBe(0n);
  });

  it('tips from a post in the timeline', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/home');
    const firstPost = page.locator('article[data-testid="tweet"]').first();
    const author = member(`x:${(await firstPost.locator('[data-testid="User-Name"] a[href^="/"]').first().getAttribute('href'))!.slice(1)}`);
    const before = await client.getBalance({ address: author.address });
    const tipButton = overlay(page, 'article[data-testid="tweet"]').first().locator('[data-testid="User-Name"] network-union-badge >>> [data-nu="tip"]');
    const { composer, fields } = await sendTip(browser.context, page, tipButton, '0.005', true);
    expect(fields).toMatch(/https:\/\/x\.com\/[a-z0-9_]+\/status\/\d+/);
    await composer.locator('[data-nu="tip-done"]').waitFor({ timeout: 30_000 });
    expect(await client.getBalance({ address: author.address })).toBe(before + parseEther('0.005'));
    expect(page.url()).toBe('https://x.com/home');
  });

  it('sends nothing when the tip is rejected in the approval window', async () => {
    const priya = member('x:priya_nu').address;
    const before = await client.getBalance({ address: priya });
    const page = await browser.context.newPage();
    await page.goto('https://x.com/priya_nu');
    const { composer } = await sendTip(browser.context, page, overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`), '0.02', false);
    await expect.poll(() => composer.locator('[data-nu="tip-error"]').textContent()).toContain('Rejected');
    expect(await client.getBalance({ address: priya })).toBe(before);
  });

  it('lists the tips sent in the popup, and shows tips received in the rank popover', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(browser.url('popup.html'));
    await expect.poll(() => popup.getByTestId('tips-sent').locator('li').count()).toBe(2);
    expect(await popup.getByTestId('tips-sent').textContent()).toContain('0.01 ETH');

    const page = await browser.context.newPage();
    await page.goto('https://x.com/priya_nu');
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).click();
    await expect.poll(() => overlay(page, 'network-union-layer >>> [data-nu="tips-received"]').textContent()).toMatch(/: 0\.01 ETH in all/);
  });
});
