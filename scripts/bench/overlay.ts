/**
 * What the overlay costs the host page, measured in Debian's Chromium on a site emulator:
 * the page's main-thread work with and without the extension (from a Chrome trace), how far the
 * overlay moves the page's boxes, the content script's own work per batch, how long the badges
 * take once the posts are there, and the JSON-RPC requests each visit makes at the node.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { SEEN_ANIMATION_PREFIX } from '../../content/runtime/observe';
import { EXTENSION_DIR, configureChain, launchPlain, launchWithExtension } from '../browser';
import type { RpcCounter } from '../rpc-counter';

/** Main-thread work from a Chrome trace of the page's renderer, by what it was spent on. */
export const PARTS = {
  all: ['RunTask'],
  script: ['FunctionCall', 'EvaluateScript', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'v8.compile'],
  style: ['UpdateLayoutTree', 'ParseAuthorStyleSheet'],
  layout: ['Layout'],
  paint: ['Paint', 'PrePaint', 'Layerize', 'Commit'],
} as const;
export type Parts = Record<keyof typeof PARTS, number>;
type TraceEvent = {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; elementCount?: number; beginData?: { dirtyObjects?: number }; data?: { url?: string } };
};

/** A feed of an emulated site to measure: where it is, its posts, and what the overlay draws in them. */
export interface BenchFeed {
  /** Routes the emulated site into a browser context. */
  serve(context: BrowserContext): Promise<void>;
  url: string;
  /** A page of the same site without posts, loaded first so the measured load is the feed's alone. */
  warmUpUrl: string;
  /** A post of the feed. */
  post: string;
  /** Our elements in posts, and how many there are once the posts in the page are drawn (read once it has loaded). */
  ours: string;
  wanted(page: Page): Promise<number>;
  /** The feed's cells holding a post, whose heights the overlay may not change. */
  cell: string;
  /** Scroll steps' length, so the scroll reaches the end of the feed. */
  scrollStep: number;
}

/**
 * Recorded in the page's own world from its first script on: when the posts appeared, when the
 * extension's observer first reported elements (its animations' events reach the page too), and
 * when ours were drawn. `wait` is how the bench waits: in the page, so that no polling script of
 * the test driver's (compiled on first use, tens of ms) runs on the page's thread while it waits.
 */
const pageProbe = (feed: BenchFeed) => `(() => {
  let drawn = () => {};
  let waitsForNone = false;
  const probe = (window.__benchProbe = { postsSeenAt: null, handlesSeenAt: null, drawnAt: null, wanted: 0 });
  // Gone after the first: the page dispatches no more animation events to the probe than without the extension.
  const seen = (event) => {
    if (!event.animationName.startsWith(${JSON.stringify(SEEN_ANIMATION_PREFIX)})) return;
    probe.handlesSeenAt = performance.now();
    document.removeEventListener('animationstart', seen, true);
  };
  document.addEventListener('animationstart', seen, true);
  // It stops once it has seen both (without the extension, the posts once the bench waits), so
  // the scrolling after is charged no work of it in either run.
  const check = () => {
    const now = performance.now();
    if (probe.postsSeenAt === null && document.querySelector(${JSON.stringify(feed.post)})) probe.postsSeenAt = now;
    if (probe.drawnAt === null && probe.wanted > 0 && document.querySelectorAll(${JSON.stringify(feed.ours)}).length >= probe.wanted) {
      probe.drawnAt = now;
      drawn();
    }
    if (probe.postsSeenAt !== null && (probe.drawnAt !== null || waitsForNone)) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true });
  // Scrolls by steps of px, each drawn before the next (two frames): wheel events sent from outside
  // land in frames as the machine's load has it, and the page's scroll work then differs run to run.
  probe.scroll = async (px, steps) => {
    for (let step = 0; step < steps; step++) {
      scrollBy(0, px);
      await new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)));
    }
  };
  // Until the wanted number of ours are drawn, or for ms; checked at once too, as all may be drawn already.
  probe.wait = (wanted, ms) => new Promise((resolve, reject) => {
    drawn = resolve;
    probe.wanted = wanted;
    waitsForNone = wanted === 0;
    setTimeout(() => (wanted > 0 ? reject(new Error('Not all of ours were drawn in ' + ms + ' ms.')) : resolve()), ms);
    check();
  });
})()`;

/** The page's window as the probe leaves it. */
interface WithProbe {
  __benchProbe: {
    postsSeenAt: number | null;
    handlesSeenAt: number | null;
    drawnAt: number | null;
    wait(wanted: number, ms: number): Promise<void>;
    scroll(px: number, steps: number): Promise<void>;
  };
}

export interface Visit {
  parts: Parts;
  /** The same main-thread tasks in wall time, waits for a core included. */
  wallMs: number;
  /** Elements the page styled, summed over its style recalculations: unlike times, it does not move with the machine's load. */
  styledElements: number;
  /** Layout objects the page laid out, summed over its layouts: a second count that does not move with the load. */
  laidOutObjects: number;
  /** Navigation to the end of the wait (with the extension: every badge and Tip drawn). */
  openMs: number;
  /** The extension's observer reporting the posts' handles → all badges and Tip buttons drawn (with the extension). */
  drawnMs: number | null;
  /** The posts in the page → the observer reporting them: the wait for the browser to run content scripts. */
  injectionWaitMs: number | null;
  /** Each post cell's top (in the document) and height, in order: the overlay may neither move a post nor make it taller. */
  cellBoxes: { top: number; height: number }[];
  /** Durations of the content script's tasks (its scripts' top-level calls), ms. */
  contentScriptTasks: number[];
}

/**
 * Loads the home timeline under a trace, scrolls it to the end and back, and sums the page's
 * main-thread work. With the extension it waits until every post has its badge and Tip; without,
 * it stays open as long (`openMs`), so both cover the same time and the same scrolling.
 */
async function visit(context: BrowserContext, feed: BenchFeed, until: { drawn: true } | { openMs: number }): Promise<Visit> {
  const page: Page = await context.newPage();
  await page.addInitScript(pageProbe(feed));
  const cdp = await context.newCDPSession(page);
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', ({ stream }) => resolve(stream!)));
  // Kept in the browser until the visit ends: streamed out meanwhile, the trace would be parsed on a core the page needs.
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReturnAsStream' });
  const started = Date.now();
  await page.goto(feed.url);
  const wanted = 'drawn' in until ? await feed.wanted(page) : 0;
  // Both runs wait alike, in the page: with the extension until all of ours are drawn, without for as long.
  const ms = 'drawn' in until ? 60_000 : Math.max(0, started + until.openMs - Date.now());
  await page.evaluate(([wanted, ms]) => (window as unknown as WithProbe).__benchProbe.wait(wanted, ms), [wanted, ms] as const);
  const openMs = Date.now() - started;
  for (const y of [1, -1]) await page.evaluate(([px, steps]) => (window as unknown as WithProbe).__benchProbe.scroll(px, steps), [y * feed.scrollStep, 20] as const);
  await page.waitForTimeout(1_000); // idle work settles in both runs alike
  const measured = await page.evaluate((cell) => {
    const probe = (window as unknown as WithProbe).__benchProbe;
    return {
      drawnMs: probe.drawnAt !== null && probe.handlesSeenAt !== null ? probe.drawnAt - probe.handlesSeenAt : null,
      injectionWaitMs: probe.handlesSeenAt !== null && probe.postsSeenAt !== null ? probe.handlesSeenAt - probe.postsSeenAt : null,
      cellBoxes: [...document.querySelectorAll(cell)].map((c) => {
        const box = c.getBoundingClientRect();
        return { top: box.top + scrollY, height: box.height };
      }),
    };
  }, feed.cell);
  await cdp.send('Tracing.end');
  const events = await readTrace(cdp, await complete);
  await page.close();
  return { ...mainThread(events), openMs, ...measured };
}

/** The trace the browser kept, read from its stream once the visit is over. */
async function readTrace(cdp: CDPSession, handle: string): Promise<TraceEvent[]> {
  const chunks: string[] = [];
  for (;;) {
    const { data, base64Encoded, eof } = await cdp.send('IO.read', { handle, size: 1 << 22 });
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle });
  const trace = JSON.parse(chunks.join('')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(trace) ? trace : trace.traceEvents;
}

/**
 * The busiest renderer main thread is the page's (extension pages are idle or closed). Work is the
 * thread's CPU time: wall time also counts the waits for a core that other processes hold.
 */
function mainThread(events: TraceEvent[]): { parts: Parts; wallMs: number; styledElements: number; laidOutObjects: number; contentScriptTasks: number[] } {
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mainThreads.has(thread)) continue;
    const list = byThread.get(thread);
    if (list) list.push(e);
    else byThread.set(thread, [e]);
  }
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  const total = (list: TraceEvent[], names: readonly string[]) => list.filter((e) => names.includes(e.name)).reduce((sum, e) => sum + cpu(e), 0);
  const page = [...byThread.values()].sort((a, b) => total(b, PARTS.all) - total(a, PARTS.all))[0] ?? [];
  const parts = Object.fromEntries(Object.entries(PARTS).map(([part, names]) => [part, total(page, names)])) as Parts;
  const ours = page.filter((e) => (e.name === 'FunctionCall' || e.name === 'EvaluateScript') && e.args?.data?.url?.startsWith('chrome-extension://'));
  const wallMs = page.filter((e) => e.name === 'RunTask').reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0);
  const styledElements = page.filter((e) => e.name === 'UpdateLayoutTree').reduce((sum, e) => sum + (e.args?.elementCount ?? 0), 0);
  const laidOutObjects = page.filter((e) => e.name === 'Layout').reduce((sum, e) => sum + (e.args?.beginData?.dirtyObjects ?? 0), 0);
  return { parts, wallMs, styledElements, laidOutObjects, contentScriptTasks: ours.map(cpu) };
}

export interface Pair {
  with: Visit;
  without: Visit;
  /** The extension's second visit of the same timeline (its lookups cached). */
  revisit: Visit;
  /** At the node during the first visit: HTTP requests, eth_calls; and eth_calls during the revisit. */
  requests: number;
  calls: number;
  revisitCalls: number;
}

/**
 * One sample: a fresh profile with the extension (its worker started, nothing resolved) visits
 * the timeline, a plain browser with the same flags then visits it for as long, and the extension
 * visits it again. Both browsers are up before the first visit, so the two visits compared run
 * seconds apart.
 */
export async function measurePair(feed: BenchFeed, counter: RpcCounter): Promise<Pair> {
  const browser = await launchWithExtension();
  const plain = await launchPlain();
  try {
    await feed.serve(browser.context);
    await feed.serve(plain);
    await configureChain(browser, { rpcUrl: counter.url });
    await warmUp(browser.context, feed);
    await warmUp(plain, feed);
    counter.reset();
    const first = await visit(browser.context, feed, { drawn: true });
    const requests = counter.requests;
    const calls = counter.methods.filter((m) => m === 'eth_call').length;
    const without = await visit(plain, feed, { openMs: first.openMs });
    counter.reset();
    const revisit = await visit(browser.context, feed, { drawn: true });
    const revisitCalls = counter.methods.filter((m) => m === 'eth_call').length;
    return { with: first, without, revisit, requests, calls, revisitCalls };
  } finally {
    await plain.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
  }
}

/** A page without posts first, so the measured load is the timeline's alone. */
async function warmUp(context: BrowserContext, feed: BenchFeed) {
  const page = await context.newPage();
  await page.goto(feed.warmUpUrl);
  await page.waitForTimeout(1_000);
  await page.close();
}

export { EXTENSION_DIR };
