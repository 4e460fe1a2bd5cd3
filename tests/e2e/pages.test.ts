import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestClient, http, type Address } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, type ExtensionBrowser } from '@/scripts/browser';

const deployment = inject('deployment');
const PASSWORD = 'pages for everyone';
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The page's serious and critical accessibility violations by axe-core. Its source is evaluated
 * through the browser's debugging protocol, which the extension pages' script policy does not cover.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function approvalWindow(context: BrowserContext): Promise<Page> {
  return context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html'), timeout: 30_000 });
}

describe('extension pages, by keyboard and for assistive technology', () => {
  let browser: ExtensionBrowser;
  let wallet: Page;
  let address: Address;

  beforeAll(async () => {
    browser = await launchWithExtension();
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
  });
  afterAll(() => browser?.close());

  it('the first-run popup says what the extension does and lists the steps, without member-only cards', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(browser.url('popup.html'));
    await popup.getByTestId('checklist').waitFor();
    expect(await popup.locator('.tagline').textContent()).toMatch(/verified members of your union/);
    expect(await popup.getByTestId('checklist').locator('li').allTextContents()).toEqual([
      'Create or import your key (to do)',
      'Get ETH for network fees (to do)',
      'Join a union (to do)',
      'Prove your handle (to do)',
    ]);
    await popup.getByTestId('union-name').waitFor();
    expect(await popup.getByTestId('rally-inbox').count()).toBe(0);
    expect(await popup.getByTestId('chain-status').locator('summary').textContent()).toContain('Connected to Local development chain (31337)');
    expect(await seriousViolations(popup)).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await popup.screenshot({ path: resolve(ARTIFACTS, 'popup-first-run.png'), fullPage: true });
    await popup.close();
  });

  it('the key set-up and every wallet tab pass the audit; arrow keys move between tabs', async () => {
    const setup = await browser.context.newPage();
    await setup.goto(browser.url('wallet.html'));
    await setup.getByRole('button', { name: 'Create a new key' }).waitFor();
    expect(await seriousViolations(setup)).toEqual([]);
    await setup.close();

    let imported: string;
    ({ wallet, address: imported } = await importKey(browser, generatePrivateKey(), PASSWORD));
    address = imported as Address;
    const tabs = wallet.getByRole('tab');
    const names = await tabs.allTextContents();
    expect(names).toEqual(['Overview', 'Join a union', 'Invite', 'Stake', 'Rallies', 'Documents', 'Settings']);
    await tabs.first().focus();
    for (const [i, name] of names.entries()) {
      const tab = wallet.getByRole('tab', { name, exact: true });
      expect(await tab.getAttribute('aria-selected')).toBe('true');
      expect(await wallet.evaluate(() => document.activeElement?.textContent)).toBe(name);
      const panel = await tab.getAttribute('aria-controls');
      expect(await wallet.locator(`#${panel}[role="tabpanel"]`).count()).toBe(1);
      await wallet.locator('[role="tabpanel"] h2, [role="tabpanel"] h3, [role="tabpanel"] [role="status"]').first().waitFor();
      expect(await seriousViolations(wallet), name).toEqual([]);
      if (i < names.length - 1) {
        await wallet.getByRole('tab', { name, exact: true }).focus();
        await wallet.keyboard.press('ArrowRight');
      }
    }
    await wallet.keyboard.press('Home');
    expect(await wallet.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
  });

  it('the approval window ignores Enter when it opens, rejects on Esc, and shows the fee in ETH', async () => {
    await wallet.getByRole('tab', { name: 'Overview' }).click();
    await wallet.getByRole('button', { name: 'Get test ETH and UNION' }).click();
    await wallet.getByTestId('funded').waitFor({ timeout: 30_000 });
    await expect.poll(() => wallet.getByTestId('balance').textContent()).toBe('10 ETH');
    await wallet.screenshot({ path: resolve(ARTIFACTS, 'wallet-overview-funded.png'), fullPage: true });
    await wallet.getByRole('tab', { name: 'Join a union' }).click();
    await wallet.getByRole('radio').first().check();
    await wallet.getByLabel(/Your sponsor/).fill('@priya_nu');
    await wallet.getByRole('button', { name: 'Find' }).click();
    await wallet.getByRole('button', { name: 'Continue with this sponsor' }).click();
    await wallet.getByTestId('bylaws-match').waitFor();

    // Enter on open does nothing; Esc then rejects: had Enter approved, there would be nothing left to reject.
    let opened = approvalWindow(browser.context);
    await wallet.getByRole('button', { name: 'Accept and sign' }).click();
    let window = await opened;
    await window.getByTestId('approval-title').waitFor();
    expect(await window.evaluate(() => document.activeElement === document.body)).toBe(true);
    // Pressed once Approve is live, so the check is not passed merely by the arming delay.
    await expect.poll(() => window.getByRole('button', { name: /^Approve/ }).isEnabled()).toBe(true);
    await window.keyboard.press('Enter');
    expect(await seriousViolations(window)).toEqual([]);
    const closed = window.waitForEvent('close');
    await window.keyboard.press('Escape');
    await closed;
    await expect.poll(() => wallet.getByTestId('bylaws-outcome').textContent()).toContain('Rejected');
    expect(await wallet.locator('[data-step="bylaws"]').getAttribute('data-state')).toBe('active');

    opened = approvalWindow(browser.context);
    await wallet.getByRole('button', { name: 'Accept and sign' }).click();
    window = await opened;
    await window.getByRole('button', { name: /^Approve/ }).click();
    await wallet.locator('[data-step="join"][data-state="active"]').waitFor();

    // Short of ETH at Join: the refusal says so, and the fix is offered right there.
    await createTestClient({ mode: 'anvil', transport: http(deployment.rpcUrl) }).setBalance({ address, value: 1n });
    const join = wallet.locator('[data-step="join"]');
    await join.getByRole('button', { name: /^Join Open Source Union/ }).click();
    await expect.poll(() => wallet.getByTestId('join-outcome').textContent()).toMatch(/^Not enough ETH .*Get test ETH and UNION/);
    await join.getByRole('button', { name: 'Get test ETH and UNION' }).click();
    await join.getByTestId('funded').waitFor({ timeout: 30_000 });

    opened = approvalWindow(browser.context);
    await join.getByRole('button', { name: /^Join Open Source Union/ }).click();
    window = await opened;
    const field = (label: string) => window.locator(`dd[data-field="${label}"]`);
    await field('Network fee').waitFor();
    expect(await field('Network fee').textContent()).toMatch(/^about \d+(\.\d+)? ETH \(at most \d+(\.\d+)? ETH\)$/);
    expect(await field('Total').textContent()).toMatch(/^at most \d+(\.\d+)? ETH$/);
    expect(await field('Chain').textContent()).toBe('Local development chain (31337)');
    // 10 test ETH on top of the 1 wei left: rounded for reading.
    expect(await field('Balance').textContent()).toBe('10 ETH');
    // The raw call is there, folded under Details.
    expect(await field('Data').isVisible()).toBe(false);
    await window.getByText('Details', { exact: true }).click();
    expect(await field('Data').textContent()).toMatch(/^0x[0-9a-f]+$/);
    expect(await seriousViolations(window)).toEqual([]);
    await window.screenshot({ path: resolve(ARTIFACTS, 'approval-join.png'), fullPage: true });
    const rejected = window.waitForEvent('close');
    await window.keyboard.press('Escape');
    await rejected;
    await expect.poll(() => wallet.getByTestId('join-outcome').textContent()).toContain('Rejected');
  });

  it('the options, tree and rally pages pass the audit', async () => {
    for (const path of ['options.html', `tree.html?union=${deployment.unionId}`, 'rally.html?id=1']) {
      const page = await browser.context.newPage();
      await page.goto(browser.url(path));
      // The page's heading, its loading line, or its refusal: whichever it rendered.
      await page.locator('main :is(h1, h2, [role="status"], [role="alert"])').first().waitFor();
      expect(await seriousViolations(page), path).toEqual([]);
      await page.close();
    }
  });
});
