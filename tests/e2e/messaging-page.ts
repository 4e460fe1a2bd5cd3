import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { createWalletClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { messagingKeyOf, messagingKeyProof } from '@/lib/wallet/keys';
import type { ExtensionBrowser } from '@/scripts/browser';
import { overlay } from '@/scripts/overlay-world';
import { localChain, type Deployment } from '@/scripts/deploy';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');

/** Publishes the member's messaging key on-chain, as onboarding does. */
export async function publishKey(deployment: Deployment, privateKey: Hex) {
  const wallet = createWalletClient({ account: privateKeyToAccount(privateKey), chain: localChain(deployment.rpcUrl), transport: http(deployment.rpcUrl) });
  const messaging = messagingKeyOf({ kind: 'privateKey', privateKey });
  const proof = await messagingKeyProof(messaging.privateKey, wallet.account.address, deployment.chainId, deployment.registry);
  await wallet.writeContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'setEncryptionKey', args: [messaging.publicKey, proof] });
}

/** All text in the page, closed shadow roots included (what the reader sees, not what the site can read). */
export async function visibleToReader(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const texts: string[] = [];
  const walk = (node: { nodeType: number; nodeValue: string; children?: unknown[]; shadowRoots?: unknown[] }) => {
    if (node.nodeType === 3) texts.push(node.nodeValue);
    for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) walk(child as typeof node);
  };
  walk(root as never);
  return texts.join(' ');
}

/** Everything the site's own scripts can read: the document and the open shadow roots (XChat's). */
export async function readableBySite(page: Page): Promise<string> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      texts.push((root instanceof Document ? root.body : root).textContent ?? '');
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) walk(element.shadowRoot);
      for (const field of root.querySelectorAll('textarea')) texts.push(field.value);
    };
    walk(document);
    return texts.join(' ');
  });
}

/**
 * Lock by the page's composer, then the text written in the extension's composer window: for a
 * DM its peer, for a post the member `choose` (the author, `self`, is not offered), whose armour
 * the picker says `fits` the site's post.
 */
export async function lockInWindow(
  p: { browser: ExtensionBrowser; page: Page },
  text: string,
  options: { screenshot: string; choose?: string; self?: string; fits?: RegExp },
): Promise<Page> {
  const opened = p.browser.context.waitForEvent('page', { predicate: (page) => page.url().includes('compose.html') });
  await overlay(p.page, 'network-union-message >>> [data-nu="lock"]').click();
  // A Lock that refuses says why on the page: the failure names it rather than a missing window.
  const alert = overlay(p.page, 'network-union-message >>> [role="alert"]');
  const refused = alert.waitFor({ timeout: 30_000 }).then(async () => `The Lock opened no window: ${await alert.textContent()}`, () => null);
  const window = await Promise.race([opened, refused.then((why) => (why ? Promise.reject(new Error(why)) : opened))]);
  await window.getByTestId('compose-text').click();
  await window.keyboard.type(text);
  if (options.choose) {
    const picker = window.getByTestId('recipient-picker');
    await expect.poll(() => picker.getByRole('checkbox').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    if (options.self) expect(await picker.textContent()).not.toContain(options.self);
    await picker.getByRole('searchbox').fill(options.choose);
    expect(await picker.getByRole('checkbox').count()).toBe(1);
    await picker.getByRole('checkbox', { name: new RegExp(`@${options.choose.replace(/\./g, '\\.')}`) }).check();
    if (options.fits) expect(await window.getByTestId('picker-fit').textContent()).toMatch(options.fits);
  } else {
    expect(await window.getByTestId('compose-room').textContent()).toMatch(/^[\d,]+ bytes left$/);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  await window.screenshot({ path: resolve(ARTIFACTS, options.screenshot) });
  const closed = window.waitForEvent('close');
  await window.getByRole('button', { name: 'Lock and put it in the composer' }).click();
  await closed;
  return window;
}
