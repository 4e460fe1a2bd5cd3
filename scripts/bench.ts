/**
 * `npm run bench`: what the overlay costs the host page. Loads an x.com timeline of N posts in
 * Chromium with and without the extension and compares the page's main-thread work (from a
 * Chrome trace: all of it, and its script, style, layout and paint parts), counts the JSON-RPC
 * requests at the node, and prints the content scripts' sizes. Numbers vary with the machine:
 * compare runs on the same one.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHUNK_FILES } from '../content/runtime/chunk-files';
import { renderXPage } from '../devsite/x/site';
import { CHROMIUM_PATH, EXTENSION_DIR, configureChain, launchWithExtension, serveX } from './browser';
import { startSeededChain } from './chain';
import { demoSiteData } from './demo-site';
import { startRpcCounter } from './rpc-counter';

const SIZES = [100, 500];
/** Runs per size; the medians are printed (one run on 2 cores is noisy). BENCH_RUNS overrides. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Main-thread work from a Chrome trace of the page's renderer, by what it was spent on. */
const METRICS = {
  all: ['RunTask'],
  script: ['FunctionCall', 'EvaluateScript', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'v8.compile'],
  style: ['UpdateLayoutTree', 'ParseAuthorStyleSheet'],
  layout: ['Layout'],
  paint: ['Paint', 'PrePaint', 'Layerize', 'Commit'],
} as const;
type Metrics = Record<keyof typeof METRICS, number>;
type TraceEvent = { ph: string; name: string; pid: number; tid: number; dur?: number; args?: { name?: string } };

/**
 * Loads the home timeline under a trace and sums the main thread's work. With the extension it
 * waits for every badge; without, it stays open as long (`openMs`), so both cover the same time.
 */
async function loadTimeline(context: BrowserContext, posts: number, until: { badges: true } | { openMs: number }): Promise<{ metrics: Metrics; badgesMs: number }> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  const started = Date.now();
  await page.goto('https://x.com/home');
  // Both runs poll the page alike (the polling is script time on the page's thread too): with the
  // extension until every badge is drawn, without until as much time has passed.
  const deadline = 'openMs' in until ? started + until.openMs : Infinity;
  await page.waitForFunction(
    ([n, end]) => document.querySelectorAll('article[data-testid="tweet"] network-union-badge').length >= n || Date.now() >= end,
    [posts, deadline] as const,
    { timeout: 60_000, polling: 50 },
  );
  const badgesMs = Date.now() - started;
  await page.waitForTimeout(1_000); // let idle work settle in both runs alike
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return { metrics: mainThreadTotals(events), badgesMs };
}

/** The busiest renderer main thread is the page's (extension pages are idle or closed). */
function mainThreadTotals(events: TraceEvent[]): Metrics {
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, Map<string, number>>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mainThreads.has(thread)) continue;
    const totals = byThread.get(thread) ?? new Map<string, number>();
    totals.set(e.name, (totals.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    byThread.set(thread, totals);
  }
  const page = [...byThread.values()].sort((a, b) => (b.get('RunTask') ?? 0) - (a.get('RunTask') ?? 0))[0] ?? new Map<string, number>();
  const sum = (names: readonly string[]) => names.reduce((total, name) => total + (page.get(name) ?? 0), 0);
  return Object.fromEntries(Object.entries(METRICS).map(([metric, names]) => [metric, sum(names)])) as Metrics;
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
  console.log(`  ${file}: ${(statSync(join(scriptsDir, file)).size / 1024).toFixed(1)} KB (budget 32 KB, loaded on every page)`);
}
for (const file of Object.values(CHUNK_FILES)) {
  console.log(`  ${file}: ${(statSync(join(EXTENSION_DIR, file)).size / 1024).toFixed(1)} KB (budget 40 KB, loaded on first use)`);
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
    for (const m of Object.keys(METRICS) as (keyof typeof METRICS)[]) {
      const without = median(runs.map((r) => r.without[m]));
      const withExtension = median(runs.map((r) => r.with[m]));
      const delta = median(runs.map((r) => r.with[m] - r.without[m]));
      console.log(`  ${`main thread, ${m}`.padEnd(20)} without ${without.toFixed(0).padStart(5)} ms, with ${withExtension.toFixed(0).padStart(5)} ms (+${delta.toFixed(0)} ms)`);
    }
    console.log(`  all ${posts} badges drawn ${median(runs.map((r) => r.badgesMs))} ms after navigation (repeat visit: ${median(runs.map((r) => r.repeatMs))} ms)`);
    const most = (values: number[]) => Math.max(...values);
    console.log(`  first visit: ${most(runs.map((r) => r.calls))} eth_call in ${most(runs.map((r) => r.requests))} HTTP requests at most; repeat visit: ${most(runs.map((r) => r.repeatCalls))} eth_call`);
  }
} finally {
  await counter.close();
  await node.stop();
}
