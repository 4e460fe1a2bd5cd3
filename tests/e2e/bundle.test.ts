import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK_FILES } from '@/content/runtime/chunk-files';

/** The production build global-setup made. */
const OUTPUT = resolve(import.meta.dirname, '../../.output/chrome-mv3');
/** What the browser loads on every page of a host site. */
const EAGER_BUDGET_BYTES = 32 * 1024;
/** What one feature loads on its first use. */
const CHUNK_BUDGET_BYTES = 40 * 1024;

const eager = readdirSync(join(OUTPUT, 'content-scripts'))
  .filter((file) => file.endsWith('.js'))
  .map((file) => `content-scripts/${file}`);
const chunks = Object.values(CHUNK_FILES).map((file) => file.slice(1));
const size = (file: string) => readFileSync(join(OUTPUT, file)).length;

describe('content scripts', () => {
  it('load at most 32 KB on every page, so the overlay does not slow the host page', () => {
    // One per site, and Sign in with Union's page provider and its relay on https pages.
    expect([...eager].sort()).toEqual(['content-scripts/facebook.js', 'content-scripts/union-login.js', 'content-scripts/union-provider.js', 'content-scripts/x.js']);
    for (const file of eager) expect(size(file), file).toBeLessThanOrEqual(EAGER_BUDGET_BYTES);
  });

  it('load each feature chunk, at most 40 KB, only on first use', () => {
    // Every unlisted script the build made is a chunk the background knows by name.
    const scripts = readdirSync(OUTPUT).filter((file) => file.endsWith('.js') && file !== 'background.js');
    expect(scripts.sort()).toEqual([...chunks].sort());
    for (const file of chunks) expect(size(file), file).toBeLessThanOrEqual(CHUNK_BUDGET_BYTES);
  });

  it('offer no file to pages, which could probe for it to detect the extension', () => {
    const manifest = JSON.parse(readFileSync(join(OUTPUT, 'manifest.json'), 'utf8')) as { web_accessible_resources?: unknown };
    expect(manifest.web_accessible_resources).toBeUndefined();
  });

  it('carry no chain or key code: viem and the curves stay in the background', () => {
    for (const file of [...eager, ...chunks]) {
      const code = readFileSync(join(OUTPUT, file), 'utf8');
      // Marks of viem (its errors name it, its client asks eth_call) and of noble's secp256k1. The
      // sign-in relay names the three provider methods it passes on, and nothing else.
      expect(code, file).not.toMatch(/viem@|eth_call|eth_sendTransaction|secp256k1|FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141/i);
    }
  });
});
