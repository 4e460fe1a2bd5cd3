import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { createPublicClient, http } from 'viem';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { renderXPage } from '../../devsite/x/site';
import { startSeededChain } from '@/scripts/chain';
import { demoSiteData, HOSTILE_USER } from '@/scripts/demo-site';
import { evaluateInOverlayWorld, overlay } from '@/scripts/overlay-world';
import { startRpcCounter, type RpcCounter } from '@/scripts/rpc-counter';

const deployment = inject('deployment');
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';
const HEADER_MARKER = `${HEADER_BADGE} >>> [data-nu="neutral"]`;
const TIMELINE_CELL = '[data-testid="primaryColumn"] [data-testid="cellInnerDiv"]';
const POST_BADGE = 'article[data-testid="tweet"] network-union-badge >>> [data-nu="compact"]';
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;

async function onChainCounts(handle: string) {
  const client = createPublicClient({ transport: http(deployment.rpcUrl) });
  const args = [BigInt(deployment.unionId), member(handle).address] as const;
  const [base, direct] = await Promise.all([
    client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'supportBase', args }),
    client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'directSupporters', args }),
  ]);
  return { base: Number(base), direct: Number(direct) };
}

/** A fresh browser profile with the extension, x.com served from fixtures, pointed at `rpcUrl`. */
async function openBrowser(rpcUrl: string): Promise<ExtensionBrowser> {
  const browser = await launchWithExtension();
  const site = demoSiteData(deployment);
  await serveX(browser.context, (path) => renderXPage(site, path));
  expect(await configureChain(browser, { rpcUrl })).toContain('Saved');
  return browser;
}

/** Waits until the content script has started on the page (its observer style is in place). */
async function overlayStarted(page: Page) {
  await page.waitForFunction(() => [...document.querySelectorAll('style')].some((s) => s.textContent?.includes('network-union-seen')));
}

describe('badges on X profiles', () => {
  let browser: ExtensionBrowser;
  let counter: RpcCounter;
  let page: Page;

  beforeAll(async () => {
    counter = await startRpcCounter(deployment.rpcUrl);
    browser = await openBrowser(counter.url);
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await counter?.close();
  });

  it("shows a verified member's union, role and exact on-chain counts, with a keyboard popover", async () => {
    await page.goto('https://x.com/priya_nu');
    const badge = overlay(page, HEADER_BADGE);
    await expect.poll(() => badge.locator('>>> [data-nu="union"]').textContent()).toBe('Open Source UnionOrganiser');
    const { base, direct } = await onChainCounts('x:priya_nu');
    expect(base).toBeGreaterThan(direct);
    expect(await badge.locator('>>> [data-nu="rank"]').textContent()).toBe(`★ ${base} supporters · ${direct} direct`);

    const rank = badge.locator('>>> [data-nu="rank"]');
    await rank.focus();
    await page.keyboard.press('Enter');
    const popover = overlay(page, 'network-union-layer >>> [data-nu="popover"]');
    await expect.poll(() => popover.isVisible()).toBe(true);
    expect(await rank.getAttribute('aria-expanded')).toBe('true');
    expect(await popover.locator('[data-nu="sponsor"]').textContent()).toMatch(/^@mara_union · 0xf39F…2266$/);
    expect(await popover.locator('[data-nu="purpose"]').textContent()).toBe(deployment.union.purpose);
    // What the numbers are: accounts, which an open union lets anyone add.
    expect(await popover.locator('dd').first().textContent()).toMatch(/^Member accounts that support @priya_nu/);
    expect(await popover.locator('[data-nu="counts-meaning"]').textContent()).toMatch(/Counts are accounts, not people/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'x-profile-badge.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => popover.count()).toBe(0);
    expect(await page.locator(HEADER_BADGE).count()).toBe(1);
  });

  it("ignores scripted clicks on its controls: only the member's own click opens them", async () => {
    await page.goto('https://x.com/priya_nu');
    const rank = overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`);
    await rank.waitFor();
    // The page's own script finds no way into the badge (its root is closed) and clicks the host.
    expect(await page.evaluate((badge) => {
      const host = document.querySelector<HTMLElement>(badge)!;
      host.click();
      return host.shadowRoot;
    }, HEADER_BADGE)).toBeNull();
    // A script that does hold Rank and Tip (the content scripts' own world) clicks them: events
    // made by a script have isTrusted false.
    await evaluateInOverlayWorld(page, `(() => {
      const root = chrome.dom.openOrClosedShadowRoot(document.querySelector(${JSON.stringify(HEADER_BADGE)}));
      for (const control of ['rank', 'tip']) root.querySelector('[data-nu="' + control + '"]').click();
    })()`);
    await page.waitForTimeout(500);
    expect(await rank.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('network-union-layer').count()).toBe(0);
    await rank.click();
    await overlay(page, 'network-union-layer >>> [data-nu="popover"]').waitFor();
  });

  it('verifies a member by the proof in their bio when no one vouched', async () => {
    await page.goto('https://x.com/kai_bioproof');
    await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`).textContent()).toBe('Open Source UnionMember');
  });

  it('shows a one-sided claim only as a neutral "unverified claim"', async () => {
    for (const name of ['ivy_unvouched', 'sam_spoofed']) {
      await page.goto(`https://x.com/${name}`);
      await expect.poll(() => overlay(page, HEADER_MARKER).textContent()).toBe('unverified claim');
      expect(await overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`).count()).toBe(0);
    }
  });

  it('shows nothing on a non-member, and stays inert on hostile profile text', async () => {
    for (const name of ['just_visiting', HOSTILE_USER.screenName]) {
      await page.goto(`https://x.com/${name}`);
      await overlayStarted(page);
      await page.waitForTimeout(1_000);
      expect(await page.locator('network-union-badge').count()).toBe(0);
    }
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid="UserName"] img[src="x"], [data-testid="UserName"] script').count()).toBe(0);
  });

  it('follows single-page navigation between profiles without duplicates', async () => {
    await page.goto('https://x.com/mara_union');
    await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`).textContent()).toBe('Open Source UnionLeader');
    await page.evaluate(() => (window as unknown as { __xNavigate(path: string): void }).__xNavigate('/tomas_nu'));
    await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`).textContent()).toBe('Open Source UnionTreasurer');
    await page.evaluate(() => (window as unknown as { __xNavigate(path: string): void }).__xNavigate('/ivy_unvouched'));
    await expect.poll(() => overlay(page, HEADER_MARKER).textContent()).toBe('unverified claim');
    await page.goBack();
    await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`).textContent()).toBe('Open Source UnionTreasurer');
    expect(await overlay(page, 'network-union-badge >>> [data-nu="rank"]').count()).toBe(1);
    expect(page.url()).toBe('https://x.com/tomas_nu');
  });

  it("shows the chain, registry and demo union in the popup", async () => {
    const popup = await browser.context.newPage();
    await popup.goto(browser.url('popup.html'));
    await expect.poll(() => popup.getByTestId('union-name').textContent()).toBe('Open Source Union');
    expect(await popup.getByTestId('chain-id').textContent()).toBe('31337');
    expect(await popup.getByTestId('union-leader').textContent()).toMatch(/^@mara_union · 0xf39F…2266$/);
    // Read from the chain: other test files add members to the shared demo union.
    const client = createPublicClient({ transport: http(deployment.rpcUrl) });
    const [, , , , size] = await client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'getUnion', args: [BigInt(deployment.unionId)] });
    expect(await popup.getByTestId('union-size').textContent()).toBe(size.toLocaleString('en-US'));
    await popup.close();
  });

  it('refuses bad chain settings in the options page with a reason, saving nothing', async () => {
    const options = await browser.context.newPage();
    await options.goto(browser.url('options.html'));
    await options.locator('#chainId').fill('10');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.getByTestId('options-outcome').textContent()).toContain('is chain 31337, not the configured chain 10');
    await options.locator('#registry').fill('0x5FbDB2315678afecb367f032d93F642f64180aA3');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.getByTestId('error-registry').textContent()).toContain('checksum');
    await options.reload();
    await expect.poll(() => options.locator('#chainId').inputValue()).toBe('31337');
    expect(await options.locator('#rpcUrl').inputValue()).toBe(counter.url);
    await options.close();
  });
});

describe('a timeline of 100 posts', () => {
  let browser: ExtensionBrowser;
  let counter: RpcCounter;

  beforeAll(async () => {
    counter = await startRpcCounter(deployment.rpcUrl);
    browser = await openBrowser(counter.url);
  });
  afterAll(async () => {
    await browser?.close();
    await counter?.close();
  });

  it('gets every author badge from one batched lookup, and none on a repeat visit', async () => {
    // Profiles are read through the lens; the background's rally poll may read the registry meanwhile.
    const profileReads = () => counter.callTargets.filter((to) => to === deployment.lens.toLowerCase());
    const page = await browser.context.newPage();
    counter.reset();
    await page.goto('https://x.com/home');
    await expect.poll(() => overlay(page, POST_BADGE).count(), { timeout: 20_000 }).toBe(100);
    expect(profileReads()).toHaveLength(1);
    // Each post's badge comes with a Tip button for the post, by the author's name: one host per post.
    expect(await overlay(page, 'article[data-testid="tweet"] [data-testid="User-Name"] network-union-badge >>> [data-nu="tip"]').count()).toBe(100);
    expect(await page.locator('article[data-testid="tweet"] network-union-badge').count()).toBe(100);

    counter.reset();
    await page.reload();
    await expect.poll(() => overlay(page, POST_BADGE).count(), { timeout: 20_000 }).toBe(100);
    expect(profileReads()).toEqual([]);
  });

  it('keeps one badge on a post the page moves, and badges a post taken out before it was seen once it is back', async () => {
    const page = await browser.context.newPage();
    // The page takes the third post out the moment its author row starts being observed.
    await page.addInitScript((timelineCell) => {
      addEventListener('animationstart', (event) => {
        const cell = (event.target as Element).closest('[data-testid="cellInnerDiv"]');
        const seen = window as unknown as { takenOut?: Element };
        if (seen.takenOut || !event.animationName.startsWith('network-union-seen-') || !cell || cell !== document.querySelectorAll(timelineCell)[2]) return;
        seen.takenOut = cell;
        cell.remove();
      }, true);
    }, TIMELINE_CELL);
    await page.goto('https://x.com/home');
    await expect.poll(() => overlay(page, POST_BADGE).count(), { timeout: 20_000 }).toBe(99);
    await page.evaluate((timelineCell) => {
      const cells = document.querySelectorAll(timelineCell);
      cells[0]!.parentElement!.append(cells[0]!);
      cells[1]!.after((window as unknown as { takenOut: Element }).takenOut);
    }, TIMELINE_CELL);
    await expect.poll(() => overlay(page, POST_BADGE).count(), { timeout: 20_000 }).toBe(100);
    // Two frames later the moved post still has one badge, with one Tip.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.locator('article[data-testid="tweet"] network-union-badge').count()).toBe(100);
    expect(await overlay(page, 'article[data-testid="tweet"] network-union-badge >>> [data-nu="tip"]').count()).toBe(100);
    await page.close();
  });

  it("puts the home composer's Lock in its toolbar, moving nothing below it", async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/home');
    await overlay(page, '[data-testid="toolBar"] network-union-message >>> [data-nu="lock"]').waitFor({ timeout: 20_000 });
    const firstPostTop = () => page.evaluate((cell) => document.querySelector(cell)!.getBoundingClientRect().top, TIMELINE_CELL);
    const withLock = await firstPostTop();
    await page.evaluate(() => document.querySelector('network-union-message')!.remove());
    expect(await firstPostTop()).toBe(withLock);
    await page.close();
  });
});

describe('with the chain stopped', () => {
  it('shows no verified badge, and the popup says the chain is unreachable', async () => {
    const chain = await startSeededChain();
    const browser = await openBrowser(chain.node.rpcUrl);
    try {
      await chain.node.stop();
      const page = await browser.context.newPage();
      await page.goto('https://x.com/mara_union');
      await expect.poll(() => overlay(page, HEADER_MARKER).textContent(), { timeout: 30_000 }).toBe('unverified · chain offline');
      expect(await overlay(page, 'network-union-badge >>> [data-nu="union"], [data-nu="compact"]').count()).toBe(0);

      const popup = await browser.context.newPage();
      await popup.goto(browser.url('popup.html'));
      await expect.poll(() => popup.getByTestId('chain-status').textContent(), { timeout: 30_000 }).toContain('Chain unreachable');
    } finally {
      await browser.close();
    }
  });
});
