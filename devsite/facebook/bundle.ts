import { resolve } from 'node:path';
import { build } from 'esbuild';

let bundle: Promise<string> | undefined;

/** The emulated facebook.com's scripts (./apps: the feed, Lexical composers, Messenger) as one file, bundled on first use. */
export function facebookAppsBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [resolve(import.meta.dirname, 'apps/index.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    platform: 'browser',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}
