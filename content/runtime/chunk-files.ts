/**
 * The parts of on-page features loaded on first use ("chunks"). Each is built as an unlisted
 * script (entrypoints/<name>.ts) that the background injects into the asking frame's isolated
 * world, where it hands its exports to the runtime through that world's global: the page sees
 * neither the global nor the files (they are not web-accessible).
 */
import type { Component, createRef, options, render } from 'preact';
import type * as jsxRuntime from 'preact/jsx-runtime';

/** Every chunk (named as its entrypoint) and the file it is built to; the background injects nothing else. */
export const CHUNK_FILES = {
  'preact-hooks': '/preact-hooks.js',
  'profile-badge': '/profile-badge.js',
  'rank-details': '/rank-details.js',
  'tip-composer': '/tip-composer.js',
  lock: '/lock.js',
  decrypt: '/decrypt.js',
} as const;

export type ChunkName = keyof typeof CHUNK_FILES;

/** What each chunk exports. */
export interface Chunks {
  'preact-hooks': typeof import('preact/hooks');
  'profile-badge': typeof import('../features/badges/profile-badge');
  'rank-details': typeof import('../features/badges/rank-details');
  'tip-composer': typeof import('../features/badges/tip-composer');
  lock: typeof import('../features/messages/lock');
  decrypt: typeof import('../features/messages/decrypt');
}

/**
 * Chunks whose components use Preact's hooks. The content script has none (its components are
 * classes), and hooks must exist once per Preact: the hooks chunk is loaded before these.
 */
export const USES_HOOKS: ReadonlySet<ChunkName> = new Set(['rank-details', 'tip-composer', 'decrypt']);

/**
 * What the runtime shares with chunks: the parts of its Preact they use (one copy, so their
 * components render and update with the content script's; chunk builds import them from ./shared/,
 * see wxt.config.ts, and fail on anything not listed here), and the chunks' exports.
 */
export interface Shared {
  preact: { render: typeof render; options: typeof options; Component: typeof Component; createRef: typeof createRef };
  jsxRuntime: Pick<typeof jsxRuntime, 'jsx' | 'jsxs' | 'Fragment'>;
  chunks: Partial<Chunks>;
}

declare global {
  var networkUnion: Shared | undefined;
}

/** Called by a chunk when it is injected: its exports, for the runtime that asked for it. */
export function defineChunk<K extends ChunkName>(name: K, exports: Chunks[K]): void {
  if (globalThis.networkUnion) globalThis.networkUnion.chunks[name] = exports;
}
