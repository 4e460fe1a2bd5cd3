/**
 * The forged badge, end to end: a union named exactly like the demo union, a sock account, a
 * squatted handle and a vouch, made with the CLI. A viewer who does not follow that union sees no
 * badge and no Tip on the profile or its posts; after following it in the popup, the badge names it
 * by id and its popover gives its leader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { renderXPage, type XUserFixture } from '../../devsite/x/site';
import type { LocalNode } from '@/scripts/anvil';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { overlay } from '@/scripts/overlay-world';
import { startSeededChain } from '@/scripts/chain';
import { devAccount, type Deployment } from '@/scripts/deploy';
import { demoSiteData } from '@/scripts/demo-site';

const BIN = resolve(import.meta.dirname, '../../bin/union.mjs');
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');
const FAMOUS: XUserFixture = { screenName: 'famous_person', displayName: 'Famous Person', bio: 'Speaker, author. No union.' };
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';
const outsider = devAccount(7).address;

let node: LocalNode;
let deployment: Deployment;
let browser: ExtensionBrowser;
let page: Page;
let forgedUnion: string;

async function union(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('node', [BIN, '--rpc', node.rpcUrl, ...args, '--json'], { timeout: 30_000 });
  return stdout;
}

/** Waits until the content script has started on the page (its observer style is in place). */
async function overlayStarted() {
  await page.waitForFunction(() => [...document.querySelectorAll('style')].some((s) => s.textContent?.includes('network-union-seen')));
}

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  forgedUnion = JSON.parse(await union('create-union', '--name', deployment.union.name, '--purpose', deployment.union.purpose, '--account', '7')).unionId;
  await union('join', '--union', forgedUnion, '--sponsor', outsider, '--account', '8');
  await union('claim', `x:${FAMOUS.screenName}`, '--account', '8');
  await union('vouch', '--union', forgedUnion, '--member', `x:${FAMOUS.screenName}`, '--account', '7');

  const site = demoSiteData(deployment, 6);
  site.users.push(FAMOUS);
  site.homeTimeline.unshift({ id: '1899999999999999999', author: FAMOUS, text: 'A famous post, tipped by nobody.' });
  site.postsByUser = { [FAMOUS.screenName]: [site.homeTimeline[0]!] };
  browser = await launchWithExtension();
  await serveX(browser.context, (path) => renderXPage(site, path));
  expect(await configureChain(browser, { rpcUrl: node.rpcUrl })).toContain('Saved');
  page = await browser.context.newPage();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await node?.stop();
});

describe('a union made to look like the demo union', () => {
  it('verifies nothing for a viewer who does not follow it: no badge, no Tip', async () => {
    await page.goto(`https://x.com/${FAMOUS.screenName}`);
    await overlayStarted();
    await page.waitForTimeout(1_500);
    expect(await page.locator('network-union-badge').count()).toBe(0);

    await page.goto('https://x.com/home');
    const posts = page.locator('article[data-testid="tweet"]');
    // The demo members' posts are badged; the famous one is not, and has no Tip.
    await expect.poll(() => overlay(page, 'article[data-testid="tweet"] network-union-badge >>> [data-nu="compact"]').count()).toBeGreaterThan(0);
    const famous = posts.filter({ hasText: 'A famous post' });
    expect(await famous.locator('network-union-badge').count()).toBe(0);
    expect(await overlay(page, 'article[data-testid="tweet"]').filter({ hasText: 'A famous post' }).locator('network-union-badge >>> [data-nu="tip"]').count()).toBe(0);
  });

  it('is shown in the popup by id, leader and size before it can be followed', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(browser.url('popup.html'));
    const card = popup.getByTestId('followed-unions');
    await expect.poll(() => card.getByTestId(`union-${deployment.unionId}`).textContent()).toContain("the extension's settings");
    await card.getByLabel('Union id').fill(forgedUnion);
    await card.getByRole('button', { name: 'Look up' }).click();
    const found = card.getByTestId('union-lookup');
    await expect.poll(() => found.textContent()).toContain(`#${forgedUnion}`);
    expect(await found.textContent()).toContain(deployment.union.name);
    expect(await found.getByTestId('union-card-leader').textContent()).toBe(`${outsider} (no verified handle)`);
    expect(await found.textContent()).toContain('2 members');
    mkdirSync(ARTIFACTS, { recursive: true });
    await popup.screenshot({ path: resolve(ARTIFACTS, 'follow-union.png'), fullPage: true });
    await found.getByRole('button', { name: `Follow #${forgedUnion}` }).click();
    await expect.poll(() => card.getByTestId(`union-${forgedUnion}`).textContent()).toContain('you follow it');
    await popup.close();
  });

  it('once followed, shows the badge with that union id and its leader in the popover', async () => {
    await page.goto(`https://x.com/${FAMOUS.screenName}`);
    const badge = overlay(page, HEADER_BADGE);
    await expect.poll(() => badge.locator('>>> [data-nu="union"]').textContent(), { timeout: 15_000 }).toContain(`${deployment.union.name} #${forgedUnion}`);
    const rank = badge.locator('>>> [data-nu="rank"]');
    await rank.focus();
    await page.keyboard.press('Enter');
    const popover = overlay(page, 'network-union-layer >>> [data-nu="popover"]');
    await expect.poll(() => popover.locator('[data-nu="union-identity"]').textContent(), { timeout: 15_000 }).toBe(`Union #${forgedUnion} · led by ${outsider}`);
    await page.keyboard.press('Escape');
  });
});
