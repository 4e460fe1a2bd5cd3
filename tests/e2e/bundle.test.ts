import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The production build global-setup made: what the browser loads on every X page. */
const CONTENT_SCRIPTS = resolve(import.meta.dirname, '../../.output/chrome-mv3/content-scripts');
const BUDGET_BYTES = 40 * 1024;

describe('content scripts', () => {
  const files = readdirSync(CONTENT_SCRIPTS).filter((file) => file.endsWith('.js'));

  it('stay under 40 KB each, so the overlay does not slow the host page', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(join(CONTENT_SCRIPTS, file)).length, file).toBeLessThan(BUDGET_BYTES);
  });

  it('carry no chain or key code: viem and the curves stay in the background', () => {
    for (const file of files) {
      const code = readFileSync(join(CONTENT_SCRIPTS, file), 'utf8');
      // Marks of viem's client and of noble's secp256k1.
      expect(code, file).not.toMatch(/eth_call|eth_chainId|secp256k1|FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141/i);
    }
  });
});
