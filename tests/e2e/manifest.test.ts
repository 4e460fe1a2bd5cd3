import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The production build the global setup made: what a member installs. */
const BUILD = resolve(import.meta.dirname, '../../.output/chrome-mv3');
const manifest = JSON.parse(readFileSync(join(BUILD, 'manifest.json'), 'utf8')) as {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  content_scripts?: { matches: string[]; exclude_matches?: string[]; js?: string[]; world?: string; all_frames?: boolean }[];
  web_accessible_resources?: unknown;
  content_security_policy?: unknown;
  externally_connectable?: unknown;
};

describe('the manifest', () => {
  it('asks for exactly the permissions the extension uses', () => {
    // storage: settings, vault, caches; alarms: auto-lock and rally polling; notifications: rallies;
    // scripting: on-page features injected on first use.
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'notifications', 'scripting', 'storage']);
    expect(manifest.optional_permissions).toBeUndefined();
  });

  // Sign in with Union must be announced on any site before the site asks (EIP-6963), so its two
  // scripts match every https page but the social sites: the page-world provider (tiny, holds
  // nothing) and the relay.
  // They get no host permission: they cannot be used to inject features, read other tabs or
  // reach other origins, and only the top frame runs them.
  const SIGN_IN = ['union-provider', 'union-login'];
  const isSignIn = (script: { js?: string[] }) => SIGN_IN.some((name) => script.js?.some((file) => file.includes(`/${name}.js`)));

  it('reaches only the hosts its site content scripts run on', () => {
    // X and Facebook (m.facebook.com serves a markup the overlay does not read: not asked for).
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual([
      'https://chat.x.com/*',
      'https://facebook.com/*',
      'https://mobile.twitter.com/*',
      'https://twitter.com/*',
      'https://web.facebook.com/*',
      'https://www.facebook.com/*',
      'https://x.com/*',
    ]);
    const sites = (manifest.content_scripts ?? []).filter((script) => !isSignIn(script));
    const matched = new Set(sites.flatMap((script) => script.matches));
    expect(new Set(manifest.host_permissions)).toEqual(matched);
    for (const host of matched) expect(host).toMatch(/^https:\/\/[a-z.]+\/\*$/);
  });

  it('runs only the sign-in provider and its relay on other https sites, in the top frame, the provider in the page world', () => {
    const signIn = (manifest.content_scripts ?? []).filter(isSignIn);
    const seen = signIn.map((script) => ({ matches: script.matches, world: script.world ?? 'ISOLATED', allFrames: script.all_frames ?? false }));
    expect(seen.sort((a, b) => a.world.localeCompare(b.world))).toEqual([
      { matches: ['https://*/*'], world: 'ISOLATED', allFrames: false },
      { matches: ['https://*/*'], world: 'MAIN', allFrames: false },
    ]);
  });

  it('keeps the sign-in scripts off the social sites, which get the overlay alone', () => {
    const overlay = new Set((manifest.content_scripts ?? []).filter((script) => !isSignIn(script)).flatMap((script) => script.matches));
    for (const script of (manifest.content_scripts ?? []).filter(isSignIn)) expect(new Set(script.exclude_matches)).toEqual(overlay);
  });

  it('offers pages nothing to probe or call: no web-accessible files, no external messaging, the default policy', () => {
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
    // MV3's default policy allows no remote or eval'd code; a custom one could loosen it.
    expect(manifest.content_security_policy).toBeUndefined();
  });

  it('loads no remote script on its pages', () => {
    for (const page of readdirSync(BUILD).filter((file) => file.endsWith('.html'))) {
      const html = readFileSync(join(BUILD, page), 'utf8');
      for (const [, src] of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) expect(src, page).not.toMatch(/^(https?:)?\/\//);
    }
  });
});
