import type { BrowserContext, Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browser';
import { overlay, type OverlayLocator } from '@/scripts/overlay-world';

/** Imports a key on the wallet page, as a member would; resolves with the page, showing the address. */
export async function importKey(browser: ExtensionBrowser, privateKey: string, password: string): Promise<{ wallet: Page; address: string }> {
  const wallet = await browser.context.newPage();
  await wallet.goto(browser.url('wallet.html'));
  await wallet.getByRole('button', { name: 'Import a key or phrase' }).click();
  await wallet.locator('#secret').fill(privateKey);
  await wallet.locator('#password').fill(password);
  await wallet.locator('#password-confirm').fill(password);
  await wallet.getByRole('button', { name: 'Import' }).click();
  const address = (await wallet.getByTestId('address').textContent({ timeout: 30_000 })) ?? '';
  return { wallet, address };
}

/** Opens the composer from `tipButton`, picks `amount` and sends; decides the approval window. */
export async function sendTip(context: BrowserContext, page: Page, tipButton: OverlayLocator, amount: string, approve: boolean) {
  await tipButton.click();
  const composer = overlay(page, 'network-union-layer >>> [data-nu="composer"]');
  await composer.locator('[data-nu="amount"]').fill(amount);
  const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('approval.html') });
  await composer.locator('[data-nu="send"]').click();
  const window = await opened;
  await window.getByTestId('approval-title').waitFor();
  const fields = await window.locator('.approval-fields').textContent();
  await window.getByRole('button', { name: approve ? /^Approve/ : 'Reject' }).click();
  return { composer, fields: fields ?? '' };
}
