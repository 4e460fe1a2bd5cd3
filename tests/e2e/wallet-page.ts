import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browser';

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
