import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Route, type Worker } from 'playwright-core';
import { appsBundle } from '../devsite/bundle';
import { FACEBOOK_APPS_PATH } from '../devsite/facebook/site';
import { X_APPS_PATH } from '../devsite/x/site';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** chrome-extension://ID/PATH */
  url(path: string): string;
  close(): Promise<void>;
}

/** Debian's Chromium in a profile of its own, with or without the extension: off the network (this machine has none) and quiet. */
function launchChromium(userDataDir: string, headless: boolean, extensionArgs: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless,
    viewport: { width: 1280, height: 900 },
    args: [...extensionArgs, '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The same browser without the extension, headless, in a throwaway profile: what the bench compares against. */
export function launchPlain(): Promise<BrowserContext> {
  return launchChromium('', true);
}

/** Debian's Chromium with the built extension loaded, in a new profile. */
export async function launchWithExtension(options: { headless?: boolean; userDataDir?: string } = {}): Promise<ExtensionBrowser> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'network-union-profile-'));
  const context = await launchChromium(userDataDir, options.headless ?? true, [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`]);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    close: () => context.close(),
  };
}

/** What a page's own API calls (fetch/XHR to the host) get; null for "not handled". */
export type HostApi = (method: string, url: URL, body: string | null) => { status: number; json: unknown } | null;

/**
 * Serves pages for https://x.com/* (and twitter.com) from `render`, under the real host names;
 * `api` answers the pages' own fetches (everything else gets an empty 204).
 */
export async function serveX(context: BrowserContext, render: (path: string) => string | null, api?: HostApi): Promise<void> {
  for (const host of ['https://x.com/**', 'https://chat.x.com/**', 'https://twitter.com/**']) {
    await context.route(host, hostSite('x', X_APPS_PATH, (url) => render(url.pathname), api));
  }
}

/**
 * Serves pages for https://www.facebook.com/* (and facebook.com, web. and m.) from `render`, which
 * gets the whole URL (profile.php?id=N is a query); `api` answers the pages' own fetches.
 */
export async function serveFacebook(context: BrowserContext, render: (url: URL) => string | null, api?: HostApi): Promise<void> {
  await context.route(/^https:\/\/(www\.|web\.|m\.)?facebook\.com\//, hostSite('facebook', FACEBOOK_APPS_PATH, render, api));
}

/** One emulated site's routes: its documents, its page scripts' bundle and its API. */
function hostSite(site: 'x' | 'facebook', appsPath: string, render: (url: URL) => string | null, api?: HostApi) {
  return (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname === appsPath) return appsBundle(site).then((body) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
    if (request.resourceType() !== 'document') {
      const answer = api?.(request.method(), url, request.postData());
      return answer
        ? route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.json) })
        : route.fulfill({ status: 204, body: '' });
    }
    const html = render(url);
    return route.fulfill({ status: html ? 200 : 404, contentType: 'text/html; charset=utf-8', body: html ?? 'Not found' });
  };
}

/** Points the extension at a chain through its own options page, as a user would. */
export async function configureChain(browser: ExtensionBrowser, settings: { rpcUrl: string; registry?: string; chainId?: number; indexerUrl?: string }): Promise<string> {
  const page = await browser.context.newPage();
  await page.goto(browser.url('options.html'));
  await page.locator('#rpcUrl').fill(settings.rpcUrl);
  if (settings.registry) await page.locator('#registry').fill(settings.registry);
  if (settings.chainId) await page.locator('#chainId').fill(String(settings.chainId));
  if (settings.indexerUrl !== undefined) await page.locator('#indexerUrl').fill(settings.indexerUrl);
  await page.getByRole('button', { name: 'Save' }).click();
  const outcome = page.getByTestId('options-outcome');
  await outcome.filter({ hasText: /Saved|Not saved/ }).waitFor({ timeout: 15_000 });
  const text = (await outcome.textContent()) ?? '';
  await page.close();
  return text;
}

/**
 * Serves a local HTTP service under a public https origin (e.g. the example community service at
 * https://members.example), as a TLS proxy in front of it would: the page sees the public origin.
 */
export async function serveBehindOrigin(context: BrowserContext, origin: string, localUrl: string): Promise<void> {
  await context.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${localUrl}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  });
}
