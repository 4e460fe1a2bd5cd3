/** The overlay's own UI on an x.com page, audited with axe-core: the badge, the rank popover and the tip composer. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { createTestClient, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { renderXPage } from '../../devsite/x/site';
import { configureChain, launchWithExtension, serveX, type ExtensionBrowser } from '@/scripts/browser';
import { localChain } from '@/scripts/deploy';
import { demoSiteData } from '@/scripts/demo-site';
import { evaluateInOverlayWorld, overlay } from '@/scripts/overlay-world';
import { importKey } from './wallet-page';

const deployment = inject('deployment');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HEADER_BADGE = '[data-testid="UserName"] network-union-badge';

interface AxeNode {
  target: string[][] | string[];
}
interface AxeRule {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Whether an axe node lies in the overlay's own elements: its first selector (the path to the shadow
 * host, shortened by axe only where that is unique on the page) ends at one of our hosts.
 */
const ours = (node: AxeNode) => /(^|[\s>])network-union-[\w-]+$/.test(String(([] as unknown[]).concat(node.target[0])[0]).trim());

/**
 * Runs axe-core in the content scripts' world, the one place that can open our closed roots: there
 * only, and for the audit only, `shadowRoot` answers with `chrome.dom.openOrClosedShadowRoot`, so
 * axe's flattened tree takes in our UI. The page's own world is untouched.
 */
const AUDIT = `(async () => {
  const descriptor = Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot');
  Object.defineProperty(Element.prototype, 'shadowRoot', {
    configurable: true,
    get() { return this instanceof HTMLElement ? chrome.dom.openOrClosedShadowRoot(this) : null; },
  });
  try {
    const result = await axe.run(document, { resultTypes: ['violations', 'passes'] });
    const rules = (list) => list.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
    return { violations: rules(result.violations), passes: rules(result.passes) };
  } finally {
    Object.defineProperty(Element.prototype, 'shadowRoot', descriptor);
  }
})()`;

/** axe-core's serious and critical violations in the overlay's UI, and how many of its nodes passed a rule. */
async function auditOverlay(page: Page): Promise<{ violations: string[]; checked: number }> {
  await evaluateInOverlayWorld(page, AXE_SOURCE);
  const result = await evaluateInOverlayWorld<{ violations: AxeRule[]; passes: AxeRule[] }>(page, AUDIT);
  const violations = result.violations
    .filter((rule) => rule.impact === 'serious' || rule.impact === 'critical')
    .flatMap((rule) => rule.nodes.filter(ours).map((node) => `${rule.id} (${rule.impact}): ${rule.help} at ${JSON.stringify(node.target)}`));
  return { violations, checked: result.passes.flatMap((rule) => rule.nodes.filter(ours)).length };
}

describe('the overlay for assistive technology', () => {
  let browser: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchWithExtension();
    await serveX(browser.context, (path) => renderXPage(demoSiteData(deployment, 6), path));
    expect(await configureChain(browser, { rpcUrl: deployment.rpcUrl })).toContain('Saved');
    const key = generatePrivateKey();
    await createTestClient({ chain: localChain(deployment.rpcUrl), mode: 'anvil', transport: http(deployment.rpcUrl) }).setBalance({ address: privateKeyToAccount(key).address, value: parseEther('1') });
    await importKey(browser, key, 'overlay for everyone');
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  it('the profile badge, its rank popover and the tip composer have no serious or critical violations', async () => {
    await page.goto('https://x.com/priya_nu');
    const badge = overlay(page, HEADER_BADGE);
    await badge.locator('>>> [data-nu="union"]').waitFor();
    const atRest = await auditOverlay(page);
    expect(atRest.violations).toEqual([]);
    expect(atRest.checked).toBeGreaterThan(0);

    await badge.locator('>>> [data-nu="rank"]').click();
    await overlay(page, 'network-union-layer >>> [data-nu="popover"] [data-nu="union-identity"]').waitFor();
    const popover = await auditOverlay(page);
    expect(popover.violations).toEqual([]);
    expect(popover.checked).toBeGreaterThan(atRest.checked);
    await page.keyboard.press('Escape');

    await badge.locator('>>> [data-nu="tip"]').click();
    await overlay(page, 'network-union-layer >>> [data-nu="composer"] [data-nu="send"]').waitFor();
    const composer = await auditOverlay(page);
    expect(composer.violations).toEqual([]);
    expect(composer.checked).toBeGreaterThan(atRest.checked);
  });
});
