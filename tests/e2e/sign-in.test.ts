import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestClient, http, type Hex } from 'viem';
import { createSiweMessage } from 'viem/siwe';
import { unionResource } from '@/lib/login/resource';
import { configureChain, launchWithExtension, serveBehindOrigin, type ExtensionBrowser } from '@/scripts/browser';
import { localChain } from '@/scripts/deploy';
import { startCommunityService } from '@/examples/community/server';
import { importKey } from './wallet-page';

const deployment = inject('deployment');
const PASSWORD = 'sign in with union';
const SERVICE = 'https://members.example';
const ELSEWHERE = 'https://elsewhere.example';
// Seeded locks (scripts/deploy.ts): member 5 holds 250 UNION for 26 weeks, member 17 40 UNION.
const invested = deployment.members[5]!;
const short = deployment.members[17]!;
const test = createTestClient({ chain: localChain(deployment.rpcUrl), mode: 'anvil', transport: http(deployment.rpcUrl) });

let service: Awaited<ReturnType<typeof startCommunityService>>;
let snapshot: Hex;

/** The example service under its public https name, as a TLS proxy would serve it; another origin beside it. */
async function serveSites(context: BrowserContext) {
  await serveBehindOrigin(context, SERVICE, service.url);
  await context.route(`${ELSEWHERE}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Elsewhere</title><p>Another site</p>' }));
}

/** What a page can find out through the announced provider, run in the page's own world. */
function askProvider(page: Page, method: string, params?: unknown[]) {
  return page.evaluate(
    async ([m, p]) => {
      const found: { provider: { request: (a: unknown) => Promise<unknown> } }[] = [];
      window.addEventListener('eip6963:announceProvider', (e) => found.push((e as CustomEvent).detail));
      window.dispatchEvent(new Event('eip6963:requestProvider'));
      const provider = found[0]?.provider;
      if (!provider) return { missing: true };
      try {
        return { result: await provider.request({ method: m, params: p }) };
      } catch (error) {
        return { code: (error as { code?: number }).code, message: (error as Error).message };
      }
    },
    [method, params] as const,
  );
}

/** Waits for the approval window, returns its origin line and fields, then approves or closes it. */
async function decide(opened: Promise<Page>, approve: boolean) {
  const window = await opened;
  await window.getByTestId('approval-title').waitFor();
  const seen = {
    origin: (await window.getByTestId('approval-origin').textContent()) ?? '',
    title: (await window.getByTestId('approval-title').textContent()) ?? '',
    fields: Object.fromEntries(
      await window.locator('.approval-fields dd').evaluateAll((dds) => dds.map((dd) => [dd.getAttribute('data-field'), dd.textContent])),
    ) as Record<string, string>,
  };
  if (approve) await window.getByRole('button', { name: /^Approve/ }).click();
  else await window.close();
  return seen;
}

const approvalOpens = (context: BrowserContext) => context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });

/** Clicks the service's button and decides the two windows (share the address, sign in). */
async function signIn(browser: ExtensionBrowser, page: Page) {
  const connect = approvalOpens(browser.context);
  await page.getByRole('button', { name: 'Sign in with Union' }).click();
  const shared = await decide(connect, true);
  const sign = approvalOpens(browser.context);
  const signing = await decide(sign, true);
  return { shared, signing };
}

beforeAll(async () => {
  snapshot = await test.snapshot();
  service = await startCommunityService({ origin: SERVICE, rpcUrl: deployment.rpcUrl, chainId: deployment.chainId, stakeLock: deployment.stakeLock, unionId: deployment.unionId, title: 'Maintainers’ corner' });
});
afterAll(async () => {
  await service?.stop();
  await test.revert({ id: snapshot });
});

describe('Sign in with Union, a member short of the criterion', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchWithExtension();
    await serveSites(browser.context);
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
  });
  afterAll(() => browser?.close());

  it('tells a page nothing before approval: the same answers with no wallet and with one, no window.ethereum', async () => {
    const probe = async () => {
      const page = await browser.context.newPage();
      await page.goto(`${SERVICE}/`);
      const ethereum = await page.evaluate(() => 'ethereum' in window);
      const accounts = await askProvider(page, 'eth_accounts');
      const opened = approvalOpens(browser.context);
      const asked = askProvider(page, 'eth_requestAccounts');
      await decide(opened, false);
      const rejected = await asked;
      await page.close();
      return { ethereum, accounts, rejected };
    };
    const withoutWallet = await probe();
    await importKey(browser, short.privateKey, PASSWORD);
    const withWallet = await probe();
    expect(withoutWallet).toEqual({ ethereum: false, accounts: { result: [] }, rejected: { code: 4001, message: 'User rejected the request.' } });
    expect(withWallet).toEqual(withoutWallet);
  });

  it('refuses a page on another origin a signature for the service, without opening a window', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${ELSEWHERE}/`);
    let windows = 0;
    browser.context.on('page', (p) => void (p.url().includes('approval.html') && windows++));
    const message = createSiweMessage({
      domain: 'members.example',
      uri: `${SERVICE}/login`,
      address: short.address,
      chainId: deployment.chainId,
      nonce: 'abcdefgh12345678',
      version: '1',
      resources: [unionResource({ chainId: deployment.chainId, stakeLock: deployment.stakeLock, unionId: deployment.unionId })],
    });
    const answer = await askProvider(page, 'personal_sign', [message, short.address]);
    expect(answer).toEqual({ code: 4100, message: `The message is for members.example, but ${ELSEWHERE} asked to sign it: refused.` });
    expect(await askProvider(page, 'eth_sendTransaction', [{}])).toMatchObject({ code: 4200 });
    expect(windows).toBe(0);
    await page.close();
  });

  it('shows why the member falls short before signing, and the service refuses with the reason', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SERVICE}/`);
    const { shared, signing } = await signIn(browser, page);
    expect(shared.origin).toBe(SERVICE);
    expect(shared.fields['Address shared']).toBe(short.address);
    expect(signing.origin).toBe(SERVICE);
    expect(signing.fields.Union).toContain(`${deployment.union.name} #${deployment.unionId}, led by ${deployment.members[0]!.address}`);
    expect(signing.fields.Statement).toBe('Sign in to Maintainers’ corner, for members invested in the union.');
    expect(signing.fields['Login criterion']).toBe('At least 100 UNION locked with at least 90 days left');
    expect(signing.fields.You).toContain('Do not meet it. 40 UNION locked, 60 UNION short');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('Not invested in the union: the signer has too little locked.');
    expect(page.url()).toBe(`${SERVICE}/`);
  });
});

describe('Sign in with Union, an invested member', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchWithExtension();
    await serveSites(browser.context);
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
    await importKey(browser, invested.privateKey, PASSWORD);
  });
  afterAll(() => browser?.close());

  it('signs in through the approval window and sees the members’ page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SERVICE}/members`);
    expect(await page.getByTestId('refusal').textContent()).toBe('Sign in with Union first.');
    await page.goto(`${SERVICE}/`);
    const { signing } = await signIn(browser, page);
    expect(signing.fields.You).toMatch(/^Meet it\. 250 UNION locked until /);
    expect(signing.fields['Signing as']).toBe(invested.address);
    await page.waitForURL(`${SERVICE}/members`);
    expect(await page.getByTestId('members-title').textContent()).toBe('Welcome to the Maintainers’ corner');
    expect(await page.getByTestId('member-address').textContent()).toBe(invested.address);
  });

  it('is refused once chain time leaves the lock less than the criterion’s time', async () => {
    // 26 weeks locked, 90 days required: 100 days on, 82 days or less are left.
    await test.increaseTime({ seconds: 100 * 86_400 });
    await test.mine({ blocks: 1 });
    const page = await browser.context.newPage();
    await page.goto(`${SERVICE}/members`);
    expect(await page.getByTestId('refusal').textContent()).toContain("Your stake no longer meets the union's criterion (too-short)");
    await page.goto(`${SERVICE}/`);
    const { signing } = await signIn(browser, page);
    expect(signing.fields.You).toMatch(/^Do not meet it\. Only \d+ (days|weeks) left: extend the lock until /);
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe("Not invested in the union: the signer's lock has too little time left.");
  });
});
