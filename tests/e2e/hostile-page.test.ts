/**
 * The host page attacks the built extension: x.com pages carry a script of the page's own that
 * looks for a channel to the extension, reaches into the injected UI, clicks Tip / Vouch / Lock,
 * types an amount and submits, presses Ctrl+Shift+L and floods. None of it asks for anything;
 * the member's own clicks still work, and the approval window does not fall to the next key.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestClient, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { localChain } from '@/scripts/deploy';
import { demoSiteData } from '@/scripts/demo-site';
import { renderXPage } from '../../devsite/x/site';

const deployment = inject('deployment');
const PASSWORD = 'the page is hostile';
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';

/**
 * The page's own script, first in its head: it watches everything the page could see, and
 * offers `attack()` to press every button of ours it can reach, by every synthetic means.
 */
const HOSTILE_SCRIPT = `<script>
  window.__seen = { keys: [], texts: [] };
  document.addEventListener('keydown', (e) => window.__seen.keys.push(e.key), true);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) window.__seen.texts.push(n.textContent || '');
  }).observe(document, { subtree: true, childList: true, characterData: true });
  /** Every element the page can reach, through the open shadow roots too. */
  window.__reachable = () => {
    const found = [];
    const walk = (root) => root.querySelectorAll('*').forEach((el) => { found.push(el); if (el.shadowRoot) walk(el.shadowRoot); });
    walk(document);
    return found;
  };
  window.__attack = () => {
    let pressed = 0;
    for (const el of window.__reachable()) {
      if (!(el instanceof HTMLElement) || !el.matches('button, [role=button], [data-nu]')) continue;
      pressed++;
      el.click();
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      el.focus();
      for (const key of ['Enter', ' ']) el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    }
    return pressed;
  };
</script>`;

describe('a hostile host page', () => {
  let browser: ExtensionBrowser;
  let wallet: Page;
  /** Approval and composer windows opened, by URL, in order. */
  const windows: string[] = [];

  beforeAll(async () => {
    browser = await launchWithExtension();
    await serveX(browser.context, (path) => renderXPage(demoSiteData(deployment, 10), path)?.replace('<head>', `<head>${HOSTILE_SCRIPT}`) ?? null);
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
    const key = generatePrivateKey();
    const account = privateKeyToAccount(key).address;
    const chain = localChain(deployment.rpcUrl);
    await createTestClient({ chain, mode: 'anvil', transport: http(deployment.rpcUrl) }).setBalance({ address: account, value: parseEther('10') });
    ({ wallet } = await importKey(browser, key, PASSWORD));
    browser.context.on('page', (p) => {
      if (/approval\.html|compose\.html|wallet\.html/.test(p.url())) windows.push(p.url());
      p.on('framenavigated', (f) => f === p.mainFrame() && /approval\.html|compose\.html/.test(f.url()) && !windows.includes(f.url()) && windows.push(f.url()));
    });
  });
  afterAll(() => browser?.close());

  it('has no channel to the extension: no messaging, no extension file to load', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/priya_nu');
    await page.locator(`${HEADER_BADGE} [data-nu="tip"]`).waitFor();
    const outcome = await page.evaluate(async (id) => {
      const chromeApi = (window as unknown as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => void } } }).chrome;
      let messaging = 'no chrome.runtime.sendMessage';
      if (chromeApi?.runtime?.sendMessage) {
        messaging = await new Promise<string>((resolve) => {
          try {
            chromeApi.runtime!.sendMessage!(id, { type: 'walletExport', password: 'x' }, (answer: unknown) => resolve(`answered ${JSON.stringify(answer)}`));
          } catch (error) {
            resolve(`threw ${(error as Error).message}`);
          }
        });
      }
      // The protocol's messages posted to the window reach nobody.
      window.postMessage({ type: 'tip', handle: 'x:priya_nu', amount: '1', currency: 'eth', note: '', url: location.href, tipId: 'page' }, '*');
      const file = await fetch(`chrome-extension://${id}/manifest.json`).then(() => 'loaded', () => 'refused');
      return { messaging, file };
    }, browser.extensionId);
    expect(outcome.messaging).not.toMatch(/^answered \{/);
    expect(outcome.file).toBe('refused');
    await page.close();
  });

  it('presses Tip, Vouch and Lock through synthetic clicks and keys, many times over: nothing opens', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/home');
    await page.locator('article[data-testid="tweet"] network-union-badge').first().waitFor();
    let pressed = 0;
    for (let round = 0; round < 20; round++) pressed += await page.evaluate(() => (window as unknown as { __attack: () => number }).__attack());
    // The post composer's shortcut, as the page can send it.
    await page.evaluate(() => {
      const composer = document.querySelector('[data-testid="tweetTextarea_0"]');
      for (let i = 0; i < 10; i++) composer?.dispatchEvent(new KeyboardEvent('keydown', { key: 'L', ctrlKey: true, shiftKey: true, bubbles: true, composed: true }));
    });
    expect(pressed).toBeGreaterThan(0);
    await page.goto('https://x.com/priya_nu');
    await page.locator(`${HEADER_BADGE} [data-nu="tip"]`).waitFor();
    for (let round = 0; round < 20; round++) await page.evaluate(() => (window as unknown as { __attack: () => number }).__attack());
    // No composer opened for the page's clicks.
    expect(await page.locator('network-union-layer [data-nu="composer"]').count()).toBe(0);

    // The member's own click opens the composer. The page then types an amount and submits.
    await page.locator(`${HEADER_BADGE} [data-nu="tip"]`).click();
    const composer = page.locator('network-union-layer [data-nu="composer"]');
    await composer.locator('[data-nu="send"]').waitFor();
    await page.evaluate(() => {
      const all = (window as unknown as { __reachable: () => Element[] }).__reachable();
      const amount = all.find((el) => el.matches('[data-nu="amount"]')) as HTMLInputElement | undefined;
      if (amount) {
        amount.value = '7';
        amount.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      }
      const form = amount?.form;
      form?.requestSubmit();
      form?.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
      (all.find((el) => el.matches('[data-nu="send"]')) as HTMLElement | undefined)?.click();
    });
    // Then the member types and sends: the requests reach the background in order, so a window
    // the page's submit had opened would be the first one.
    await composer.locator('[data-nu="amount"]').fill('0.001');
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });
    await composer.locator('[data-nu="send"]').click();
    const approval = await opened;
    await approval.getByTestId('approval-title').waitFor();
    expect(await approval.getByTestId('approval-title').textContent()).toContain('Tip 0.001 ETH to @priya_nu');
    expect(await approval.getByTestId('approval-origin').textContent()).toBe('https://x.com');

    // The window does not fall to the member's next key: Approve is not focused, Enter decides nothing.
    const approveButton = approval.getByRole('button', { name: /^Approve/ });
    expect(await approveButton.evaluate((button) => document.activeElement === button)).toBe(false);
    await approval.keyboard.press('Enter');
    await approval.keyboard.press(' ');
    expect(await approval.getByTestId('approval-title').count()).toBe(1);
    // While it waits, the page's further clicks queue nothing more from this tab.
    await page.evaluate(() => (window as unknown as { __attack: () => number }).__attack());
    const closed = approval.waitForEvent('close');
    await approval.getByRole('button', { name: 'Reject' }).click();
    await closed;

    expect(windows.filter((url) => url.includes('approval.html'))).toHaveLength(1);
    expect(windows.filter((url) => url.includes('compose.html') || url.includes('wallet.html'))).toEqual([]);
    await page.close();
  });

  it('sees no key the member types in the extension windows, and no text of the wallet', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/priya_nu');
    await page.locator(`${HEADER_BADGE} [data-nu="tip"]`).waitFor();
    // The member works in the wallet page meanwhile.
    await wallet.bringToFront();
    await wallet.keyboard.type('secret words typed in the wallet');
    const seen = await page.evaluate(() => (window as unknown as { __seen: { keys: string[]; texts: string[] } }).__seen);
    expect(seen.keys).toEqual([]);
    expect(seen.texts.join(' ')).not.toMatch(/secret words|0x[0-9a-f]{64}/i);
    await page.close();
  });
});
