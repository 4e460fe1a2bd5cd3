import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPublicClient, http } from 'viem';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { overlay } from '@/scripts/overlay-world';
import { renderXPage, type XSiteData } from '../../devsite/x/site';
import { demoSiteData } from '@/scripts/demo-site';

/** X's markup where it differs from what a simple page would do: emoji images, kept header nodes, long names. */
const deployment = inject('deployment');
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';
const LONG_NAME = `Priya ${'the very long display name '.repeat(4)}`;
const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;

async function rankText(handle: string) {
  const client = createPublicClient({ transport: http(deployment.rpcUrl) });
  const args = [BigInt(deployment.unionId), member(handle).address] as const;
  const [base, direct] = await Promise.all([
    client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'supportBase', args }),
    client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'directSupporters', args }),
  ]);
  return `★ ${base} supporters · ${direct} direct`;
}

/** The demo site, with kai's proof glued to emoji (images on X) and two posts under a long display name. */
function siteData(): XSiteData {
  const site = demoSiteData(deployment, 5);
  const users = site.users.map((u) => (u.screenName === 'kai_bioproof' ? { ...u, bio: `Organiser🌹${member('x:kai_bioproof').bio.trim()}✊union` } : u));
  const priya = users.find((u) => u.screenName === 'priya_nu')!;
  const outsider = users.find((u) => u.screenName === 'just_visiting')!;
  const long = [
    { id: '1970000000000000001', author: { ...priya, displayName: LONG_NAME }, text: 'A member with a long name.' },
    { id: '1970000000000000002', author: { ...outsider, displayName: LONG_NAME }, text: 'An outsider with the same long name.' },
  ];
  return { ...site, users, homeTimeline: [...long, ...site.homeTimeline] };
}

describe("X's markup", () => {
  let browser: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchWithExtension();
    const site = siteData();
    await serveX(browser.context, (path) => renderXPage(site, path));
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  it('finds a bio proof glued to emoji images', async () => {
    await page.goto('https://x.com/kai_bioproof');
    expect(await page.locator('[data-testid="UserDescription"] img[alt="🌹"]').count()).toBe(1);
    await expect.poll(() => overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`).textContent(), { timeout: 20_000 }).toBe('Open Source UnionMember');
  });

  it("shows the next profile's badge and counts when X keeps the header's nodes and changes the URL before the text", async () => {
    await page.goto('https://x.com/mara_union');
    const union = overlay(page, `${HEADER_BADGE} >>> [data-nu="union"]`);
    await expect.poll(() => union.textContent(), { timeout: 20_000 }).toBe('Open Source UnionLeader');
    await page.evaluate(() => {
      (window as unknown as { keptName: Element | null }).keptName = document.querySelector('[data-testid="UserName"]');
      (window as unknown as { __xNavDelay: number }).__xNavDelay = 300;
    });
    await page.evaluate(() => (window as unknown as { __xNavigate: (path: string) => Promise<void> }).__xNavigate('/priya_nu'));
    await expect.poll(() => union.textContent(), { timeout: 20_000 }).toBe('Open Source UnionOrganiser');
    expect(await overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).textContent()).toBe(await rankText('x:priya_nu'));
    expect(await page.locator(HEADER_BADGE).count()).toBe(1);
    // The same header node, its text changed.
    expect(await page.evaluate(() => (window as unknown as { keptName: Element }).keptName === document.querySelector('[data-testid="UserName"]'))).toBe(true);

    // Back, without the delay.
    await page.evaluate(() => {
      (window as unknown as { __xNavDelay: number }).__xNavDelay = 0;
      return (window as unknown as { __xNavigate: (path: string) => Promise<void> }).__xNavigate('/mara_union');
    });
    await expect.poll(() => union.textContent(), { timeout: 20_000 }).toBe('Open Source UnionLeader');
    expect(await overlay(page, `${HEADER_BADGE} >>> [data-nu="rank"]`).textContent()).toBe(await rankText('x:mara_union'));
  });

  it("keeps a post's name row one line high under a long display name", async () => {
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto('https://x.com/home');
    const [withBadge, without] = [0, 1].map((i) => page.locator('article[data-testid="tweet"]').nth(i).locator('[data-testid="User-Name"]'));
    await overlay(page, 'article[data-testid="tweet"]').nth(0).locator('[data-testid="User-Name"] network-union-badge >>> [data-nu="compact"]').waitFor({ timeout: 20_000 });
    expect(await without!.locator('network-union-badge').count()).toBe(0);
    const height = async (row: typeof without) => (await row!.boundingBox())!.height;
    expect(await height(withBadge)).toBe(await height(without));
  });
});
