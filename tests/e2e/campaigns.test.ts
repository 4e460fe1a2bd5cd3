import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, zeroAddress, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { campaignsAbi } from '@/lib/chain/generated/abi';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { overlay } from '@/scripts/overlay-world';
import { localChain, type DeployedMember } from '@/scripts/deploy';
import { demoSiteData } from '@/scripts/demo-site';
import { renderXPage } from '../../devsite/x/site';

const deployment = inject('deployment');
const PASSWORD = 'we back each other';
const chain = localChain(deployment.rpcUrl);
const client = createPublicClient({ chain, transport: http(deployment.rpcUrl) });
const campaigns = { address: deployment.campaigns, abi: campaignsAbi } as const;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const leader = deployment.members.find((m) => m.role === 'leader')!;
const [alice, bob] = deployment.members.filter((m) => m.role === 'member' && m.vouched).slice(6, 8) as [DeployedMember, DeployedMember];

/** A browser of its own for one member, its demo key imported on the wallet page. */
async function memberBrowser(member: DeployedMember): Promise<ExtensionBrowser> {
  const browser = await launchWithExtension();
  await serveX(browser.context, (path) => renderXPage(demoSiteData(deployment, 10), path));
  expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
  await importKey(browser, member.privateKey, PASSWORD);
  return browser;
}

/** Does `action`, then approves the approval window it opens; resolves with the window's title. */
async function approving(context: BrowserContext, action: () => Promise<void>): Promise<string> {
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });
  await action();
  const window = await opened;
  const title = (await window.getByTestId('approval-title').textContent()) ?? '';
  await window.getByRole('button', { name: /^Approve/ }).click();
  return title;
}

async function campaignPage(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(browser.url(`campaign.html?union=${deployment.unionId}`));
  await page.getByTestId('campaigns-union').waitFor({ timeout: 30_000 });
  return page;
}

/** The page's serious and critical accessibility violations by axe-core, evaluated through the debugging protocol. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** What the account paid in gas for the transaction that refunded it. */
async function refundGas(campaignId: bigint, backer: Address): Promise<bigint> {
  const [log] = await client.getContractEvents({ ...campaigns, eventName: 'Refunded', args: { campaignId, backer }, fromBlock: 0n });
  const receipt = await client.getTransactionReceipt({ hash: log!.transactionHash });
  return receipt.gasUsed * receipt.effectiveGasPrice;
}

describe('campaigns', () => {
  const browsers: ExtensionBrowser[] = [];
  afterAll(async () => {
    for (const b of browsers) await b.close();
  });

  let campaignId: bigint;
  let leaderBrowser: ExtensionBrowser;
  let leaderPage: Page;
  let alicePage: Page;
  let bobPage: Page;
  let aliceBrowser: ExtensionBrowser;
  let bobBrowser: ExtensionBrowser;

  beforeAll(async () => {
    const browser = await memberBrowser(leader);
    browsers.push(browser);
    leaderBrowser = browser;
    const page = await campaignPage(browser);
    leaderPage = page;
    await page.getByText('Open a campaign').click();
    await page.locator('#c-kind').selectOption('bulk-purchase');
    await page.locator('#c-target').fill('Grain Co');
    await page.locator('#c-demand').fill('Sell the union 10 tonnes of rice at the bulk price.');
    await page.locator('#c-steps').fill('Letter\nEvery member posts\nBoycott');
    await page.locator('#c-goal').fill('5');
    await page.locator('#c-days').fill('1');
    const title = await approving(browser.context, () => page.getByRole('button', { name: 'Open campaign' }).click());
    expect(title).toBe('Open a campaign against Grain Co (goal 5 ETH)');
    // The page lists the campaign once it is mined; it is the chain's first.
    await page.getByTestId('campaign-1').waitFor({ timeout: 30_000 });
    campaignId = 1n;
  });

  it('two members pledge and sign through the approval window, and see the progress', async () => {
    aliceBrowser = await memberBrowser(alice);
    browsers.push(aliceBrowser);
    bobBrowser = await memberBrowser(bob);
    browsers.push(bobBrowser);
    for (const [browser, amount] of [[aliceBrowser, '0.25'], [bobBrowser, '0.5']] as const) {
      const page = await campaignPage(browser);
      const card = page.getByTestId(`campaign-${campaignId}`);
      await card.getByLabel('Amount to pledge in ETH').fill(amount);
      expect(await approving(browser.context, () => card.getByRole('button', { name: 'Pledge' }).click())).toBe(`Pledge ${amount} ETH to campaign #${campaignId} (held in escrow)`);
      await expect.poll(() => card.getByTestId('my-pledge').textContent(), { timeout: 30_000 }).toBe(`${amount} ETH`);
      expect(await approving(browser.context, () => card.getByRole('button', { name: 'Sign' }).click())).toBe(`Sign campaign #${campaignId} in support`);
      await expect.poll(() => card.getByTestId('campaign-signed').textContent(), { timeout: 30_000 }).toContain('you signed');
      if (browser === aliceBrowser) alicePage = page;
      else bobPage = page;
    }
    await bobPage.reload();
    const card = bobPage.getByTestId(`campaign-${campaignId}`);
    await card.waitFor();
    expect(await card.getByTestId('campaign-raised').textContent()).toContain('0.75 of 5 ETH · 2 backers');
    expect(await card.getByTestId('campaign-signed').textContent()).toMatch(/^2 of \d+ members · you signed$/);
    expect(await card.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    // The popup shows the open campaign's progress too.
    const popup = await bobBrowser.context.newPage();
    await popup.goto(bobBrowser.url('popup.html'));
    await expect.poll(() => popup.getByTestId('popup-campaigns').textContent(), { timeout: 30_000 }).toContain('Grain Co · 0.75 of 5 ETH · 2 signed · step 1 of 3');
    await popup.close();
  });

  it('the leader escalates with two approvals, the step and its rally, and members see the new step', async () => {
    await leaderPage.reload();
    const card = leaderPage.getByTestId(`campaign-${campaignId}`);
    // The rally's window opens once the step is mined: collect both windows from the start.
    const windows: Page[] = [];
    leaderBrowser.context.on('page', (p) => void (p.url().includes('approval.html') && windows.push(p)));
    await card.getByRole('button', { name: 'Escalate to “Every member posts” and tell members' }).click();
    const titles = [`Move campaign #${campaignId} to step 2 of 3: Every member posts`, `Tell the members: campaign #${campaignId} moves to "Every member posts"`];
    for (const [i, title] of titles.entries()) {
      await expect.poll(() => windows.length, { timeout: 30_000 }).toBe(i + 1);
      expect(await windows[i]!.getByTestId('approval-title').textContent()).toBe(title);
      await windows[i]!.getByRole('button', { name: /^Approve/ }).click();
    }
    await expect.poll(() => card.locator('[aria-current="step"]').textContent(), { timeout: 30_000 }).toBe('Every member posts');

    await bobPage.reload();
    expect(await bobPage.getByTestId(`campaign-${campaignId}`).locator('[aria-current="step"]').textContent()).toBe('Every member posts');
    expect(await bobPage.getByRole('button', { name: /^Escalate/ }).count()).toBe(0);
  });

  it('after the deadline passes with the goal missed, both refund and get exactly their pledges back', async () => {
    const test = createTestClient({ chain, mode: 'anvil', transport: http(deployment.rpcUrl) });
    await test.increaseTime({ seconds: 86_400 + 60 });
    await test.mine({ blocks: 1 });
    expect(await client.readContract({ ...campaigns, functionName: 'refundable', args: [campaignId] })).toBe(true);

    for (const [page, browser, member, amount] of [
      [alicePage, aliceBrowser, alice, '0.25'],
      [bobPage, bobBrowser, bob, '0.5'],
    ] as const) {
      await page.reload();
      const card = page.getByTestId(`campaign-${campaignId}`);
      const before = await client.getBalance({ address: member.address });
      await approving(browser.context, () => card.getByRole('button', { name: `Refund my ${amount} ETH` }).click());
      await expect.poll(() => card.getByTestId('my-pledge').count(), { timeout: 30_000 }).toBe(0);
      expect(await client.getBalance({ address: member.address })).toBe(before + parseEther(amount) - (await refundGas(campaignId, member.address)));
      expect(await client.readContract({ ...campaigns, functionName: 'pledgeOf', args: [campaignId, member.address] })).toBe(0n);
    }
    expect(await client.getBalance({ address: deployment.campaigns })).toBe(0n);
    expect(await client.readContract({ ...campaigns, functionName: 'owed', args: [zeroAddress] })).toBe(0n);
  });

  it("shows a won campaign in the union's record in the rank popover on x.com", async () => {
    // A campaign the union won, backed by bob: opened, funded and decided straight on the chain.
    const as = (member: DeployedMember) => createWalletClient({ chain, account: privateKeyToAccount(member.privateKey), transport: http(deployment.rpcUrl) });
    const send = async (hash: `0x${string}`) => client.waitForTransactionReceipt({ hash });
    const deadline = (await client.getBlock()).timestamp + 86_400n;
    await send(
      await as(leader).writeContract({
        ...campaigns,
        functionName: 'open',
        args: [{ unionId: BigInt(deployment.unionId), kind: 2, targetName: 'City Depot', targetUri: '', demand: 'Hire our member.', token: zeroAddress, goal: parseEther('0.1'), payee: leader.address, deadline, steps: ['Letter'] }],
      }),
    );
    const won = await client.readContract({ ...campaigns, functionName: 'campaignCount' });
    await send(await as(bob).writeContract({ ...campaigns, functionName: 'pledge', args: [won], value: parseEther('0.1') }));
    await send(await as(leader).writeContract({ ...campaigns, functionName: 'recordOutcome', args: [won, 1, 'https://depot.example/offer', `0x${'00'.repeat(32)}`] }));

    const page = await bobBrowser.context.newPage();
    await page.goto('https://x.com/priya_nu');
    await overlay(page, '[data-testid="UserName"] network-union-badge >>> [data-nu="rank"]').click();
    const line = overlay(page, 'network-union-layer >>> [data-nu="campaign-record"]');
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toBe('1 won, 0 lost, 1 open · 0.1 ETH raised · 2 backers');

    // The campaign page shows the same record, folded from the same events.
    await bobPage.reload();
    expect(await bobPage.getByTestId('campaign-record').textContent()).toBe('1 won, 0 lost, 1 open · 0.1 ETH raised · 2 backers');
  });

  it('the campaign page, its forms unfolded, passes the accessibility audit', async () => {
    await leaderPage.reload();
    await leaderPage.getByTestId(`campaign-${campaignId}`).waitFor();
    for (const summary of await leaderPage.locator('details > summary').all()) await summary.click();
    expect(await seriousViolations(leaderPage)).toEqual([]);
  });
});
