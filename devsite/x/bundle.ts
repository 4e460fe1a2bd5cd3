import { resolve } from 'node:path';
import { build } from 'esbuild';

let bundle: Promise<string> | undefined;

/**
 * The emulated x.com's React apps (./apps: Draft.js composers, XChat) as one script, bundled from
 * node_modules on first use (offline) and kept for the process.
 */
export function xAppsBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [resolve(import.meta.dirname, 'apps/index.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    platform: 'browser',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}
