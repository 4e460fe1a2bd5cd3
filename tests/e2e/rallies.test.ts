import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { overlay } from '@/scripts/overlay-world';
import { demoSiteData } from '@/scripts/demo-site';
import { renderXPage } from '../../devsite/x/site';

const deployment = inject('deployment');
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');
const PASSWORD = 'rally round the union';
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;

async function withWallet(privateKey: string): Promise<{ browser: ExtensionBrowser; wallet: Page }> {
  const browser = await launchWithExtension();
  await serveX(browser.context, (path) => renderXPage(demoSiteData(deployment, 10), path));
  expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
  const { wallet } = await importKey(browser, privateKey, PASSWORD);
  return { browser, wallet };
}

async function approve(context: BrowserContext, action: () => Promise<unknown>) {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });
  await action();
  const window = await opened;
  await window.getByRole('button', { name: /^Approve/ }).click();
}

async function ralliesAnswered(page: Page): Promise<number> {
  await page.goto('https://x.com/lena_nu');
  await overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).click();
  const text = await overlay(page, 'network-union-layer >>> dt').filter({ hasText: 'Rallies answered' }).textContent();
  return Number(/(\d+)$/.exec(text ?? '')?.[1]);
}

describe("the leader's daily call to action", () => {
  let leader: { browser: ExtensionBrowser; wallet: Page };
  let follower: { browser: ExtensionBrowser; wallet: Page };
  const text = `Call your city councillor about the library budget (${Date.now()})`;

  beforeAll(async () => {
    leader = await withWallet(member('x:mara_union').privateKey);
    follower = await withWallet(member('x:lena_nu').privateKey);
  });
  afterAll(async () => {
    await leader?.browser.close();
    await follower?.browser.close();
  });

  it('is posted by the leader through the approval window', async () => {
    const { wallet, browser } = leader;
    await wallet.getByRole('tab', { name: 'Rallies' }).click();
    await wallet.locator('#rally-text').fill(text);
    await wallet.locator('#rally-link').fill('https://example.org/library-budget');
    await approve(browser.context, () => wallet.getByRole('button', { name: 'Post the rally' }).click());
    await wallet.getByTestId('rally-posted').waitFor({ timeout: 30_000 });
    await expect.poll(() => wallet.getByTestId('past-rallies').textContent()).toContain(text);
  });

  it("reaches a member's browser as a notification record, answered with I did it", async () => {
    const { browser } = follower;
    const page = await browser.context.newPage();
    const before = await ralliesAnswered(page);

    // The worker polls every minute; "Check now" runs the same poll at once.
    const popup = await browser.context.newPage();
    await popup.goto(browser.url('popup.html'));
    await popup.getByTestId('rally-inbox').getByRole('button', { name: 'Check now' }).click();
    const entry = popup.getByTestId('rally-inbox').getByRole('button', { name: new RegExp(`Open Source Union: ${text.slice(0, 30)}`) });
    await entry.waitFor({ timeout: 30_000 });
    expect(await entry.locator('xpath=..').getAttribute('data-status')).toBe('unread');
    expect(await entry.locator('xpath=..').textContent()).toMatch(/new$/);
    // The notification record: shown once, for this rally.
    const records = await browser.worker.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('network-union');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      return new Promise<{ rallyId: number; text: string; notifiedAt: number | null; status: string }[]>((ok) => {
        const all = db.transaction('rallies').objectStore('rallies').getAll();
        all.onsuccess = () => ok(all.result);
      });
    });
    const record = records.find((r) => r.text === text)!;
    expect(record.notifiedAt).toEqual(expect.any(Number));
    expect(record.status).toBe('unread');

    const rallyPage = await browser.context.newPage();
    await rallyPage.goto(browser.url(`rally.html?id=${record.rallyId}`));
    await expect.poll(() => rallyPage.getByTestId('rally-text').textContent()).toBe(text);
    await approve(browser.context, () => rallyPage.getByRole('button', { name: 'I did it' }).click());
    await rallyPage.getByTestId('rally-done').waitFor({ timeout: 30_000 });

    expect(await ralliesAnswered(page)).toBe(before + 1);
  });

  it('draws the union as a tree, with a leaderboard, and saves a screenshot', async () => {
    const page = await leader.browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(leader.browser.url('tree.html?union=1'));
    await page.locator('svg circle').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('svg circle').count()).toBeGreaterThanOrEqual(20);
    await expect.poll(() => page.locator('table').first().textContent()).toContain('@mara_union');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'support-tree.png') });
  });
});
