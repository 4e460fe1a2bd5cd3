/**
 * The host page attacks the built extension: x.com pages carry a script of the page's own that
 * looks for a channel to the extension, looks for the injected UI (closed shadow roots: it finds
 * only their hosts), clicks Tip / Vouch / Lock, types an amount and submits, presses Ctrl+Shift+L
 * and floods. The same presses and submits are made again from the content scripts' own world,
 * which does reach inside our roots: events a script makes are not the member's. None of it asks
 * for anything; the member's own clicks still work, and the approval window does not fall to the
 * next key.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestClient, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { importKey } from './wallet-page';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { localChain } from '@/scripts/deploy';
import { demoSiteData } from '@/scripts/demo-site';
import { evaluateInOverlayWorld, overlay } from '@/scripts/overlay-world';
import { renderXPage } from '../../devsite/x/site';

const deployment = inject('deployment');
const PASSWORD = 'the page is hostile';
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';

/** Every element reachable from the document, into each shadow root that `shadowOf` gives. */
const REACHABLE = `(shadowOf) => {
  const found = [];
  const walk = (root) => root.querySelectorAll('*').forEach((el) => { found.push(el); const inner = shadowOf(el); if (inner) walk(inner); });
  walk(document);
  return found;
}`;

/** Presses every button among `elements` by every synthetic means; says how many, and how many of ours. */
const PRESS = `(elements) => {
  let pressed = 0;
  let ours = 0;
  for (const el of elements) {
    if (!(el instanceof HTMLElement) || !el.matches('button, [role=button], [data-nu]')) continue;
    pressed++;
    if (el.matches('[data-nu]')) ours++;
    el.click();
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    el.focus();
    for (const key of ['Enter', ' ']) el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
  }
  return { pressed, ours };
}`;

/** Types an amount into the tip composer among `elements` and submits it every way a script can; whether it found the field. */
const SUBMIT = `(elements) => {
  const amount = elements.find((el) => el.matches('[data-nu="amount"]'));
  if (amount) {
    amount.value = '7';
    amount.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  const form = amount?.form;
  form?.requestSubmit();
  form?.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
  elements.find((el) => el.matches('[data-nu="send"]'))?.click();
  return Boolean(amount);
}`;

/**
 * The page's own script, first in its head: it watches everything the page could see, and
 * offers the attacks above on what it can reach (the document and the open shadow roots).
 */
const HOSTILE_SCRIPT = `<script>
  window.__seen = { keys: [], texts: [] };
  document.addEventListener('keydown', (e) => window.__seen.keys.push(e.key), true);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) window.__seen.texts.push(n.textContent || '');
  }).observe(document, { subtree: true, childList: true, characterData: true });
  window.__reachable = () => (${REACHABLE})((el) => el.shadowRoot);
  window.__attack = () => (${PRESS})(window.__reachable());
  window.__submit = () => (${SUBMIT})(window.__reachable());
</script>`;

/** Our own elements, as the content scripts' world reaches them: inside the closed roots `chrome.dom` opens. */
const IN_OVERLAY_WORLD = `(${REACHABLE})((el) => (el instanceof HTMLElement ? chrome.dom.openOrClosedShadowRoot(el) : null))
  .filter((el) => el.getRootNode().host?.localName.startsWith('network-union-'))`;
type Pressed = { pressed: number; ours: number };
const attackFromOverlayWorld = (page: Page) => evaluateInOverlayWorld<Pressed>(page, `(${PRESS})(${IN_OVERLAY_WORLD})`);
const submitFromOverlayWorld = (page: Page) => evaluateInOverlayWorld<boolean>(page, `(${SUBMIT})(${IN_OVERLAY_WORLD})`);
const attack = (page: Page) => page.evaluate(() => (window as unknown as { __attack: () => Pressed }).__attack());

/** What the page's script reaches of our UI: our hosts, those whose shadow root it can open, and our inner elements. */
function pageReach(page: Page) {
  return page.evaluate(() => {
    const all = (window as unknown as { __reachable: () => Element[] }).__reachable();
    const hosts = all.filter((el) => el.localName.startsWith('network-union-'));
    return { hosts: hosts.length, open: hosts.filter((host) => host.shadowRoot !== null).length, inner: all.filter((el) => el.matches('[data-nu]')).length };
  });
}

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
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`).waitFor();
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

  it("reaches none of the overlay's own elements: every host's shadow root is closed to it", async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/home');
    await overlay(page, 'article[data-testid="tweet"] network-union-badge >>> [data-nu="tip"]').first().waitFor();
    // Badges, Tip buttons and the post composer's Lock: the page sees their hosts only.
    await overlay(page, 'network-union-message >>> [data-nu="lock"]').waitFor();
    const onHome = await pageReach(page);
    expect(onHome.hosts).toBeGreaterThan(2);
    expect(onHome).toEqual({ hosts: onHome.hosts, open: 0, inner: 0 });
    // The profile's badge, and the layer with the composer the member opened.
    await page.goto('https://x.com/priya_nu');
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`).click();
    await overlay(page, 'network-union-layer >>> [data-nu="composer"] [data-nu="send"]').waitFor();
    const withComposer = await pageReach(page);
    expect(withComposer.hosts).toBeGreaterThan(1);
    expect(withComposer).toEqual({ hosts: withComposer.hosts, open: 0, inner: 0 });
    expect(await page.evaluate(() => document.querySelector('network-union-layer')?.shadowRoot)).toBeNull();
    await page.close();
  });

  it('presses Tip, Vouch and Lock through synthetic clicks and keys, many times over: nothing opens', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/home');
    await overlay(page, 'article[data-testid="tweet"] network-union-badge >>> [data-nu="tip"]').first().waitFor();
    // From the content scripts' world the presses reach our Tip, Lock and badge controls too.
    const inside = await attackFromOverlayWorld(page);
    expect(inside.ours).toBeGreaterThan(0);
    for (let round = 1; round < 5; round++) await attackFromOverlayWorld(page);
    // The page's own presses reach its buttons, none of ours.
    const byPage = await attack(page);
    expect(byPage.pressed).toBeGreaterThan(0);
    expect(byPage.ours).toBe(0);
    for (let round = 1; round < 20; round++) await attack(page);
    // The post composer's shortcut, as the page can send it.
    await page.evaluate(() => {
      const composer = document.querySelector('[data-testid="tweetTextarea_0"]');
      for (let i = 0; i < 10; i++) composer?.dispatchEvent(new KeyboardEvent('keydown', { key: 'L', ctrlKey: true, shiftKey: true, bubbles: true, composed: true }));
    });
    await page.goto('https://x.com/priya_nu');
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`).waitFor();
    for (let round = 0; round < 20; round++) await attack(page);
    for (let round = 0; round < 5; round++) await attackFromOverlayWorld(page);
    // No composer opened for the scripts' clicks.
    expect(await overlay(page, 'network-union-layer >>> [data-nu="composer"]').count()).toBe(0);

    // The member's own click opens the composer. Scripts then type an amount and submit: the page
    // finds no field, the content scripts' world does.
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`).click();
    const composer = overlay(page, 'network-union-layer >>> [data-nu="composer"]');
    await composer.locator('[data-nu="send"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __submit: () => boolean }).__submit())).toBe(false);
    expect(await submitFromOverlayWorld(page)).toBe(true);
    // Then the member types and sends: the requests reach the background in order, so a window
    // a scripted submit had opened would be the first one.
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
    // While it waits, further scripted clicks queue nothing more from this tab.
    await attack(page);
    await attackFromOverlayWorld(page);
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
    await overlay(page, `${HEADER_BADGE} >>> [data-nu="tip"]`).waitFor();
    // The member works in the wallet page meanwhile.
    await wallet.bringToFront();
    await wallet.keyboard.type('secret words typed in the wallet');
    const seen = await page.evaluate(() => (window as unknown as { __seen: { keys: string[]; texts: string[] } }).__seen);
    expect(seen.keys).toEqual([]);
    expect(seen.texts.join(' ')).not.toMatch(/secret words|0x[0-9a-f]{64}/i);
    await page.close();
  });
});
