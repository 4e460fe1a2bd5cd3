/**
 * The demo: the local chain with the demo union, the built extension in Debian's Chromium, and
 * x.com pages for the demo members served under the real host name (real x.com cannot show demo
 * members). With a display, a window opens; without one, it runs headless and saves screenshots.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderXPage } from '../devsite/x/site';
import { demoSiteData } from './demo-site';
import { launchWithExtension, serveX } from './browser';
import { startDemoChain } from './chain';

const log = (line: string) => console.log(`[demo] ${line}`);
const SCREENSHOTS = resolve(import.meta.dirname, '../.network-union/screenshots');

const { node, deployment } = await startDemoChain(log).catch((error: Error) => {
  console.error(`[demo] ${error.message}`);
  process.exit(1);
});

log('building the extension (wxt build)');
execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });

const headless = !process.env.DISPLAY;
log(`opening Chromium with the extension ${headless ? 'headless (no display found)' : 'in a window'}`);
const browser = await launchWithExtension({ headless });
const site = demoSiteData(deployment, 30);
await serveX(browser.context, (path) => renderXPage(site, path));

const pages = [
  { path: '/mara_union', shows: "the leader's profile: union badge (Leader) and the whole union as support base" },
  { path: '/priya_nu', shows: 'an officer (Organiser) with her support rank' },
  { path: '/kai_bioproof', shows: 'a member verified by the proof in his bio (no vouch yet)' },
  { path: '/ivy_unvouched', shows: 'a one-sided claim: only a neutral "unverified claim" marker' },
  { path: '/home', shows: 'a timeline: a compact badge by every member author' },
];

if (headless) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const page = await browser.context.newPage();
  for (const { path, shows } of pages) {
    await page.goto(`https://x.com${path}`);
    await page.waitForSelector('network-union-badge', { timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(300);
    const file = resolve(SCREENSHOTS, `x${path.replace(/\//g, '_')}.png`);
    await page.screenshot({ path: file });
    log(`${file}: ${shows}`);
  }
  await browser.close();
} else {
  for (const { path } of pages) await (await browser.context.newPage()).goto(`https://x.com${path}`);
  log(`the tabs show: ${pages.map((p) => `x.com${p.path}`).join(', ')}`);
}

log(`the chain keeps running at ${deployment.rpcUrl}: try \`npx union show x:priya_nu\`. Ctrl-C stops it.`);
const stop = async () => {
  if (!headless) await browser.close().catch(() => undefined);
  await node.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
