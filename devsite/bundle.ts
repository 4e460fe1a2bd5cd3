import { resolve } from 'node:path';
import { build } from 'esbuild';

const bundles = new Map<string, Promise<string>>();

/**
 * A host emulator's page scripts (devsite/<site>/apps: X's Draft.js composers and XChat on React,
 * Facebook's feed, Lexical composers and Messenger) as one file, bundled from node_modules on
 * first use (offline) and kept for the process.
 */
export function appsBundle(site: 'x' | 'facebook'): Promise<string> {
  let bundle = bundles.get(site);
  if (!bundle) {
    bundle = build({
      entryPoints: [resolve(import.meta.dirname, site, 'apps/index.ts')],
      bundle: true,
      format: 'iife',
      minify: true,
      write: false,
      platform: 'browser',
      target: 'chrome120',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      logLevel: 'silent',
    }).then((result) => result.outputFiles[0]!.text);
    bundles.set(site, bundle);
  }
  return bundle;
}
