/**
 * `npm run bench`: what the overlay costs the host page. Loads an x.com timeline of N posts in
 * Chromium with and without the extension and compares the main thread's work (Chrome's
 * Performance metrics), counts the JSON-RPC requests at the node, and prints the content scripts'
 * sizes. Numbers vary with the machine: compare runs on the same one.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderXPage } from '../tests/fixtures/x/site';
import { CHROMIUM_PATH, EXTENSION_DIR, configureChain, launchWithExtension, serveX } from './browser';
import { startSeededChain } from './chain';
import { demoSiteData } from './demo-site';
import { startRpcCounter } from './rpc-counter';

const SIZES = [100, 500];
/** Runs per size; the medians are printed (one run on 2 cores is noisy). BENCH_RUNS overrides. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const METRICS = ['TaskDuration', 'ScriptDuration', 'V8CompileDuration', 'RecalcStyleDuration', 'LayoutDuration', 'TaskOtherDuration'] as const;
type Metrics = Record<(typeof METRICS)[number], number>;

/**
 * Loads the home timeline and reads the main thread's totals. With the extension it waits for
 * every badge; without, it stays open as long (`openMs`), so both runs cover the same time.
 */
async function loadTimeline(context: BrowserContext, posts: number, until: { badges: true } | { openMs: number }): Promise<{ metrics: Metrics; badgesMs: number }> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const started = Date.now();
  await page.goto('https://x.com/home');
  let badgesMs = 0;
  if ('badges' in until) {
    await page.waitForFunction(
      (n) => document.querySelectorAll('article[data-testid="tweet"] network-union-badge').length >= n,
      posts,
      { timeout: 60_000, polling: 50 },
    );
    badgesMs = Date.now() - started;
  } else await page.waitForTimeout(Math.max(0, until.openMs - (Date.now() - started)));
  await page.waitForTimeout(1_000); // let idle work settle in both runs alike
  const { metrics } = await cdp.send('Performance.getMetrics');
  await page.close();
  const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { metrics: Object.fromEntries(METRICS.map((m) => [m, value(m)])) as Metrics, badgesMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function warmUp(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto('https://x.com/i/bookmarks');
  await page.waitForTimeout(1_000);
  await page.close();
}

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
console.log('content scripts (minified):');
const scriptsDir = join(EXTENSION_DIR, 'content-scripts');
for (const file of readdirSync(scriptsDir).filter((f) => f.endsWith('.js'))) {
  console.log(`  ${file}: ${(statSync(join(scriptsDir, file)).size / 1024).toFixed(1)} KB (budget 40 KB)`);
}

const { node, deployment } = await startSeededChain();
const counter = await startRpcCounter(deployment.rpcUrl);
try {
  for (const posts of SIZES) {
    const site = demoSiteData(deployment, posts);
    const render = (path: string) => renderXPage(site, path);
    const runs: { with: Metrics; without: Metrics; badgesMs: number; repeatMs: number; calls: number; requests: number; repeatCalls: number }[] = [];

    for (let run = 0; run < RUNS; run++) {
      // Both browsers are warmed on a page without posts (with the extension: its worker started,
      // nothing resolved), so the measured load is the timeline's alone.
      const browser = await launchWithExtension();
      await serveX(browser.context, render);
      await configureChain(browser, { rpcUrl: counter.url });
      await warmUp(browser.context);
      counter.reset();
      const first = await loadTimeline(browser.context, posts, { badges: true });
      const calls = counter.methods.filter((m) => m === 'eth_call').length;
      const requests = counter.requests;
      counter.reset();
      const repeat = await loadTimeline(browser.context, posts, { badges: true });
      const repeatCalls = counter.methods.filter((m) => m === 'eth_call').length;
      await browser.close();

      const plain = await chromium.launchPersistentContext('', { executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
      await serveX(plain, render);
      await warmUp(plain);
      const without = await loadTimeline(plain, posts, { openMs: first.badgesMs });
      await plain.close();
      runs.push({ with: first.metrics, without: without.metrics, badgesMs: first.badgesMs, repeatMs: repeat.badgesMs, calls, requests, repeatCalls });
    }

    console.log(`\ntimeline of ${posts} posts (median of ${RUNS} runs):`);
    for (const m of METRICS) {
      const without = median(runs.map((r) => r.without[m]));
      const withExtension = median(runs.map((r) => r.with[m]));
      const delta = median(runs.map((r) => r.with[m] - r.without[m]));
      console.log(`  ${m.padEnd(20)} without ${without.toFixed(0).padStart(5)} ms, with ${withExtension.toFixed(0).padStart(5)} ms (+${delta.toFixed(0)} ms)`);
    }
    console.log(`  all ${posts} badges drawn ${median(runs.map((r) => r.badgesMs))} ms after navigation (repeat visit: ${median(runs.map((r) => r.repeatMs))} ms)`);
    const most = (values: number[]) => Math.max(...values);
    console.log(`  first visit: ${most(runs.map((r) => r.calls))} eth_call in ${most(runs.map((r) => r.requests))} HTTP requests at most; repeat visit: ${most(runs.map((r) => r.repeatCalls))} eth_call`);
  }
} finally {
  await counter.close();
  await node.stop();
}
