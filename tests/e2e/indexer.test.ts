/**
 * The tree page reads the union from the indexer when the options name one, and says so; with the
 * indexer stopped it folds the chain's events itself and says that too, with the same leaderboards,
 * stake-weighted support included. One indexer for the file, over the shared seeded chain.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPublicClient, http, type PublicClient } from 'viem';
import type { Page } from 'playwright-core';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { formatTokens } from '@/lib/format';
import { configureChain, launchWithExtension, type ExtensionBrowser } from '@/scripts/browser';
import { startIndexer, type Indexer } from '@/scripts/indexer';

const deployment = inject('deployment');

describe('the tree page and the indexer', () => {
  let browser: ExtensionBrowser;
  let indexer: Indexer;
  let chain: PublicClient;

  beforeAll(async () => {
    chain = createPublicClient({ transport: http(deployment.rpcUrl) }) as PublicClient;
    [indexer, browser] = await Promise.all([startIndexer(deployment), launchWithExtension()]);
    await indexer.waitForBlock(await chain.getBlockNumber());
  });
  afterAll(async () => {
    await browser?.close();
    await indexer?.stop();
  });

  async function treePage(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(browser.url(`tree.html?union=${deployment.unionId}`));
    await page.getByTestId('tree-source').waitFor({ timeout: 30_000 });
    return page;
  }

  /** The support board's first row as the registry's views give it: rank 1, the leader, its support base. */
  async function expectTopRow(page: Page) {
    const leader = deployment.members.find((m) => m.role === 'leader')!;
    const supportBase = await chain.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'supportBase', args: [BigInt(deployment.unionId), leader.address] });
    const cells = await page.getByTestId('board-support').locator('tbody tr').first().locator('td').allTextContents();
    expect(cells).toEqual(['1', expect.stringContaining(`@${leader.handle.split(':')[1]}`), String(supportBase)]);
  }

  /** The stake board's first row as the registry's views give it: most locked below, ties by address, in UNION. */
  async function expectStakeTopRow(page: Page) {
    const stakes = await Promise.all(deployment.members.map(async (m) => {
      const [, below] = await chain.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'stakeOf', args: [BigInt(deployment.unionId), m.address] });
      return { member: m, below };
    }));
    const [top] = stakes.sort((a, b) => (b.below > a.below ? 1 : b.below < a.below ? -1 : a.member.address.toLowerCase() < b.member.address.toLowerCase() ? -1 : 1));
    expect(top!.below).toBeGreaterThan(0n);
    const cells = await page.getByTestId('board-stake').locator('tbody tr').first().locator('td').allTextContents();
    expect(cells).toEqual(['1', expect.stringContaining(`@${top!.member.handle.split(':')[1]}`), `${formatTokens(String(top!.below))} UNION`]);
  }

  it('refuses an indexer URL that is not one, or not an http address, and saves nothing', async () => {
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl, indexerUrl: 'ftp://127.0.0.1:42069' })).toContain('Not saved');
    // The chain's node answers HTTP, but is no indexer of this registry.
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl, indexerUrl: deployment.rpcUrl })).toContain('Not saved');
    const page = await treePage();
    expect(await page.getByTestId('tree-source').getAttribute('data-source')).toBe('chain');
    expect(await page.getByTestId('tree-source').textContent()).toBe("Folded from the chain's events");
    await page.close();
  });

  it('reads the tree and leaderboards from the indexer once its URL is saved, and says so', async () => {
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl, indexerUrl: indexer.url })).toContain('Saved');
    const page = await treePage();
    expect(await page.getByTestId('tree-source').textContent()).toBe('From the indexer');
    // Other tests on the shared chain may have added members: the leader's support base and the leader.
    const leader = deployment.members.find((m) => m.role === 'leader')!;
    const below = await chain.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'supportBase', args: [BigInt(deployment.unionId), leader.address] });
    expect(await page.getByTestId('union-identity').textContent()).toContain(`${below + 1n} members`);
    await expectTopRow(page);
    await expectStakeTopRow(page);
    await page.close();
  });

  it('falls back to folding the chain when the indexer stops, and says the indexer is unreachable', async () => {
    await indexer.stop();
    const page = await treePage();
    const source = page.getByTestId('tree-source');
    expect(await source.getAttribute('data-source')).toBe('chain');
    expect(await source.textContent()).toMatch(/^Indexer unreachable: folded from the chain \(the indexer at http:\/\/127\.0\.0\.1:\d+ did not answer/);
    await expectTopRow(page);
    await expectStakeTopRow(page);
    await page.close();
  });
});
