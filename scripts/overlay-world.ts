/**
 * Reaching the overlay's UI from the tests and the headless demo. The interactive UI lives in closed
 * shadow roots, so neither the page nor Playwright's selectors see into it; the content scripts' own
 * isolated world can, through `chrome.dom.openOrClosedShadowRoot`. Queries run there (over the DevTools
 * protocol), and every action is real input: the mouse and keyboard of the browser, never a synthetic
 * event, so the overlay's trusted-event checks stay in force.
 *
 * Selectors are CSS, with `>>>` stepping into the shadow root of what the left side matched:
 * `'[data-testid="UserName"] network-union-badge >>> [data-nu="tip"]'`. The first step searches the page
 * and every shadow root in it, so hosts inside a site's own shadow roots (XChat's) are found too.
 */
import type { CDPSession, Page } from 'playwright-core';

/** A query from what the previous step matched, by CSS or by role, or a pick of one of its matches. */
type Step = { selector: string } | { role: string; name?: { source: string; flags: string } } | { hasText: string } | { nth: number };

interface Probe {
  found: number;
  text?: string | null;
  disabled?: boolean;
  visible?: boolean;
  attribute?: string | null;
  value?: string | null;
  /** Centre of the element in the viewport, once it is the element a click there would reach. */
  point?: { x: number; y: number } | null;
}

/** Runs in the content scripts' isolated world: finds the elements of `steps` and reports on the first. */
function probeInWorld(input: { steps: Step[][]; want: string[]; attribute?: string }): Probe {
  const chromeDom = (globalThis as unknown as { chrome: { dom: { openOrClosedShadowRoot(element: Element): ShadowRoot | null } } }).chrome.dom;
  // The API takes HTML elements only (an SVG element cannot host a root anyway).
  const rootOf = (element: Element) => (element instanceof HTMLElement ? chromeDom.openOrClosedShadowRoot(element) : null);
  const withNested = (root: ParentNode): ParentNode[] => {
    const roots: ParentNode[] = [root];
    for (const element of root.querySelectorAll('*')) {
      const inner = rootOf(element);
      if (inner) roots.push(...withNested(inner));
    }
    return roots;
  };
  const IMPLICIT_ROLES: Record<string, string> = { BUTTON: 'button', A: 'link', TEXTAREA: 'textbox', H1: 'heading', H2: 'heading', H3: 'heading', DIALOG: 'dialog' };
  const roleOf = (element: Element) =>
    element.getAttribute('role') ?? (element instanceof HTMLInputElement ? ({ checkbox: 'checkbox', radio: 'radio', button: 'button', submit: 'button' } as Record<string, string>)[element.type] ?? 'textbox' : IMPLICIT_ROLES[element.tagName]);
  const nameOf = (element: Element) => (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
  let scope: ParentNode[] = withNested(document);
  let matched: Element[] = [];
  input.steps.forEach((chain, level) => {
    if (level > 0) scope = matched.flatMap((element) => { const root = rootOf(element); return root ? withNested(root) : []; });
    let within = scope;
    for (const step of chain) {
      if ('nth' in step) matched = matched.at(step.nth) ? [matched.at(step.nth)!] : [];
      else if ('hasText' in step) matched = matched.filter((element) => element.textContent?.includes(step.hasText));
      else if ('role' in step) {
        const name = step.name && new RegExp(step.name.source, step.name.flags);
        matched = [...new Set(within.flatMap((root) => [...root.querySelectorAll('*')]))].filter((element) => roleOf(element) === step.role && (!name || name.test(nameOf(element))));
      } else matched = [...new Set(within.flatMap((root) => [...root.querySelectorAll(step.selector)]))];
      within = matched;
    }
  });
  const element = matched[0] as HTMLElement | undefined;
  const probe: Probe = { found: matched.length };
  if (!element) return probe;
  const rect = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const visible = rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden';
  for (const want of input.want) {
    if (want === 'text') probe.text = element.textContent;
    if (want === 'disabled') probe.disabled = (element as HTMLButtonElement).disabled === true || element.getAttribute('aria-disabled') === 'true';
    if (want === 'visible') probe.visible = visible;
    if (want === 'attribute') probe.attribute = element.getAttribute(input.attribute!);
    if (want === 'value') probe.value = (element as HTMLInputElement).value ?? null;
    if (want === 'focus') element.focus();
    if (want === 'point') {
      // Scrolls only when needed, as a member would: a scroll closes the rank popover.
      element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = element.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      // The element a real click at that point lands on, down through every shadow root.
      let hit: Element | null = document.elementFromPoint(x, y);
      while (hit && rootOf(hit)) {
        const inner = rootOf(hit)!.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      probe.point = visible && hit && (hit === element || element.contains(hit)) ? { x, y } : null;
    }
  }
  return probe;
}

const sessions = new WeakMap<Page, Promise<World>>();

/** The content scripts' isolated world of a page's top frame, followed across navigations. */
class World {
  private contexts = new Map<number, { frameId: string; origin: string }>();

  constructor(private session: CDPSession) {
    session.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = context.auxData as { frameId?: string; type?: string } | undefined;
      if (aux?.type === 'isolated' && context.origin.startsWith('chrome-extension://')) this.contexts.set(context.id, { frameId: aux.frameId ?? '', origin: context.origin });
    });
    session.on('Runtime.executionContextDestroyed', ({ executionContextId }) => this.contexts.delete(executionContextId));
    session.on('Runtime.executionContextsCleared', () => this.contexts.clear());
  }

  /** The extension's world in the top frame, if its content scripts have run there yet. */
  private async contextId(): Promise<number | undefined> {
    const { frameTree } = await this.session.send('Page.getFrameTree');
    for (const [id, context] of this.contexts) if (context.frameId === frameTree.frame.id) return id;
    return undefined;
  }

  async probe(steps: Step[][], want: string[], attribute?: string): Promise<Probe> {
    const contextId = await this.contextId();
    if (contextId === undefined) return { found: 0 };
    // `__name` is what some TypeScript runners wrap named inner functions in; the world has none.
    const expression = `(() => { const __name = (f) => f; return (${probeInWorld.toString()})(${JSON.stringify({ steps, want, attribute })}); })()`;
    try {
      const { result, exceptionDetails } = await this.session.send('Runtime.evaluate', { expression, contextId, returnByValue: true });
      if (exceptionDetails) throw new Error(`overlay query failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value as Probe;
    } catch (error) {
      // The page navigated between finding the world and asking it: nothing is there yet.
      if (/Cannot find context|context was destroyed|Execution context/i.test(String(error))) return { found: 0 };
      throw error;
    }
  }

  /** Evaluates `source` (an expression) in the content scripts' world, e.g. to run an audit there. */
  async evaluate<T>(source: string): Promise<T> {
    const contextId = await this.contextId();
    if (contextId === undefined) throw new Error('the extension has no content script in this page');
    const { result, exceptionDetails } = await this.session.send('Runtime.evaluate', { expression: source, contextId, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`overlay evaluation failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  }
}

async function worldOf(page: Page): Promise<World> {
  let world = sessions.get(page);
  if (!world) {
    world = (async () => {
      const session = await page.context().newCDPSession(page);
      const created = new World(session);
      await session.send('Runtime.enable');
      return created;
    })();
    sessions.set(page, world);
  }
  return world;
}

const POLL_MS = 100;
const DEFAULT_TIMEOUT = 15_000;

/** Splits `a b >>> c` into shadow levels; a leading `>>>` (in `locator('>>> c')`) enters the roots of what was matched. */
function parse(selector: string): Step[][] {
  return selector.split('>>>').map((part) => (part.trim() ? [{ selector: part.trim() }] : []));
}

/**
 * A Playwright-like handle on overlay elements, queried again on every use. Like Playwright's, an
 * action on a locator that matches several elements acts on the first.
 */
export class OverlayLocator {
  constructor(private page: Page, private steps: Step[][]) {}

  /** Elements matching `selector` inside this one's (`>>>` enters a shadow root). */
  locator(selector: string): OverlayLocator {
    const [first, ...deeper] = parse(selector);
    const steps = this.steps.map((level) => [...level]);
    steps.at(-1)!.push(...first!);
    return new OverlayLocator(this.page, [...steps, ...deeper]);
  }

  /**
   * Elements inside this one's with `role` (explicit or the element's own), named as Playwright's
   * getByRole names them: a string matches any part of the name regardless of case.
   */
  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean } = {}): OverlayLocator {
    const escaped = typeof options.name === 'string' ? options.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : undefined;
    const name =
      options.name instanceof RegExp ? { source: options.name.source, flags: options.name.flags }
      : escaped === undefined ? undefined
      : options.exact ? { source: `^${escaped}$`, flags: '' }
      : { source: escaped, flags: 'i' };
    const steps = this.steps.map((level) => [...level]);
    steps.at(-1)!.push({ role, name });
    return new OverlayLocator(this.page, steps);
  }

  /** Only the matches whose text contains `hasText`. */
  filter(options: { hasText: string }): OverlayLocator {
    const steps = this.steps.map((level) => [...level]);
    steps.at(-1)!.push({ hasText: options.hasText });
    return new OverlayLocator(this.page, steps);
  }

  /** The `index`th match (negative counts from the end). */
  nth(index: number): OverlayLocator {
    const steps = this.steps.map((level) => [...level]);
    steps.at(-1)!.push({ nth: index });
    return new OverlayLocator(this.page, steps);
  }

  first(): OverlayLocator {
    return this.nth(0);
  }

  private async probe(want: string[], attribute?: string): Promise<Probe> {
    return (await worldOf(this.page)).probe(this.steps, want, attribute);
  }

  private describe(): string {
    const text = (step: Step) =>
      'nth' in step ? `[${step.nth}]`
      : 'hasText' in step ? `:has-text(${JSON.stringify(step.hasText)})`
      : 'role' in step ? `role=${step.role}${step.name ? `[name=/${step.name.source}/]` : ''}`
      : step.selector;
    return this.steps.map((level) => level.map(text).join(' ')).join(' >>> ');
  }

  /** Polls until `ready` holds for the probe, or fails naming the selector. */
  private async until(want: string[], ready: (probe: Probe) => boolean, what: string, timeout = DEFAULT_TIMEOUT, attribute?: string): Promise<Probe> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const probe = await this.probe(want, attribute);
      if (ready(probe)) return probe;
      if (Date.now() > deadline) throw new Error(`overlay: ${this.describe()} ${what} within ${timeout} ms (found ${probe.found})`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async count(): Promise<number> {
    return (await this.probe([])).found;
  }

  async waitFor(options: { state?: 'attached' | 'visible' | 'detached'; timeout?: number } = {}): Promise<void> {
    const state = options.state ?? 'visible';
    if (state === 'detached') await this.until([], (probe) => probe.found === 0, 'did not go away', options.timeout);
    else await this.until(['visible'], (probe) => probe.found > 0 && (state === 'attached' || probe.visible === true), 'did not appear', options.timeout);
  }

  async textContent(options: { timeout?: number } = {}): Promise<string | null> {
    return (await this.until(['text'], (probe) => probe.found > 0, 'was not found', options.timeout)).text ?? null;
  }

  async getAttribute(name: string, options: { timeout?: number } = {}): Promise<string | null> {
    return (await this.until(['attribute'], (probe) => probe.found > 0, 'was not found', options.timeout, name)).attribute ?? null;
  }

  async inputValue(options: { timeout?: number } = {}): Promise<string> {
    return (await this.until(['value'], (probe) => probe.found > 0, 'was not found', options.timeout)).value ?? '';
  }

  async isDisabled(options: { timeout?: number } = {}): Promise<boolean> {
    return (await this.until(['disabled'], (probe) => probe.found > 0, 'was not found', options.timeout)).disabled === true;
  }

  async isVisible(): Promise<boolean> {
    const probe = await this.probe(['visible']);
    return probe.found > 0 && probe.visible === true;
  }

  /** Focuses the element, as Playwright's focus() does, so that the key pressed next goes to it. */
  async focus(options: { timeout?: number } = {}): Promise<void> {
    await this.until(['focus'], (probe) => probe.found > 0, 'was not found', options.timeout);
  }

  /** A real mouse click at the element's centre, once it is visible, enabled and not covered. */
  async click(options: { timeout?: number } = {}): Promise<void> {
    const probe = await this.until(['point', 'disabled'], (found) => Boolean(found.point) && !found.disabled, 'was not clickable', options.timeout);
    await this.page.mouse.click(probe.point!.x, probe.point!.y);
  }

  /** Clicks into a field, selects what is there and types `text` as the keyboard would. */
  async fill(text: string, options: { timeout?: number } = {}): Promise<void> {
    await this.click(options);
    await this.page.keyboard.press('ControlOrMeta+A');
    if (text) await this.page.keyboard.insertText(text);
    else await this.page.keyboard.press('Backspace');
  }
}

/** The overlay's elements on `page` that `selector` names (see the module's comment for `>>>`). */
export function overlay(page: Page, selector: string): OverlayLocator {
  return new OverlayLocator(page, parse(selector));
}

/** Runs an expression in the content scripts' world of `page` (the overlay audit uses it). */
export async function evaluateInOverlayWorld<T>(page: Page, expression: string): Promise<T> {
  return (await worldOf(page)).evaluate<T>(expression);
}
