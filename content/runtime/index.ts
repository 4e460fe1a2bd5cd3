import { Component, createRef, options, render } from 'preact';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Result } from '@/lib/protocol';
import { createApi, type Api, type Send } from '@/lib/protocol/client';
import type { SiteAdapter } from '@/lib/sites/types';
import { USES_HOOKS, type ChunkName, type Chunks, type Shared } from './chunk-files';
import { observeElements } from './observe';
import { ISOLATED_EVENTS, mountShadowUi, type ShadowUi } from './shadow-ui';

/** What every on-page feature is given. */
export interface Runtime {
  ctx: ContentScriptContext;
  /** The site: where things are. */
  adapter: SiteAdapter;
  /** The one client of the background. */
  api: Api;
  /** Our UI in a shadow root appended to `anchor`, removed when the extension goes away. */
  mount(anchor: Element, options: { name: string; css: string }): ShadowUi;
  /** A chunk's exports, injected on the first call (one request per page and chunk). */
  load<K extends ChunkName>(name: K): Promise<Result<Chunks[K]>>;
}

/**
 * One on-page feature: the site adapter's selectors say where it acts, the feature what it does
 * with each element that appears there.
 */
export interface Feature {
  selectors(adapter: SiteAdapter): string[];
  /** Starts the feature on a page; returns what it does with each frame's new matching elements. */
  start(runtime: Runtime): (elements: Element[]) => void;
}

const features: Feature[] = [];

/** Each feature module registers itself when imported. */
export function registerFeature(feature: Feature): void {
  features.push(feature);
}

/**
 * Starts the registered features on a page: one observer for all their selectors, each element
 * handled once and given to the features whose selectors it matches.
 */
export function startRuntime(ctx: ContentScriptContext, adapter: SiteAdapter, send: Send): void {
  const api = createApi(send);
  const shared: Shared = { preact: { render, options, Component, createRef }, jsxRuntime: { jsx, jsxs, Fragment }, chunks: {} };
  globalThis.networkUnion = shared;
  const loading = new Map<ChunkName, Promise<Result<unknown>>>();

  const runtime: Runtime = {
    ctx,
    adapter,
    api,
    mount: (anchor, ui) => mountShadowUi(ctx, { ...ui, anchor, isolateEvents: ISOLATED_EVENTS }),
    load<K extends ChunkName>(name: K) {
      let pending = loading.get(name);
      if (!pending) {
        pending = (async (): Promise<Result<unknown>> => {
          const hooks = USES_HOOKS.has(name) ? await runtime.load('preact-hooks') : null;
          if (hooks && !hooks.ok) return hooks;
          // The background answers once the chunk has run, so its exports are in place by then.
          const injected = shared.chunks[name] ? null : await api('loadFeature', { feature: name });
          if (injected && !injected.ok) return injected;
          const exports = shared.chunks[name];
          return exports ? { ok: true, value: exports } : { ok: false, error: 'This part of Network Union did not start: reload the page.' };
        })();
        loading.set(name, pending);
        // A failed load is tried again on the next use.
        void pending.then((result) => result.ok || loading.delete(name));
      }
      return pending as Promise<Result<Chunks[K]>>;
    },
  };

  const started = features.map((feature) => ({ selectors: feature.selectors(adapter), onAdded: feature.start(runtime) }));
  const handled = new WeakSet<Element>();
  const observed = new Map(Object.entries(adapter.observed ?? {}).map(([key, cheaper]) => [adapter.selectors[key as keyof SiteAdapter['selectors']], cheaper]));
  const selectors = started.flatMap((feature) => feature.selectors).map((selector) => observed.get(selector) ?? selector);
  observeElements(ctx, selectors, (elements) => {
    // Marked as it is kept: an element taken out and put back within one frame is in a batch twice.
    const fresh = elements.filter((element) => !handled.has(element) && Boolean(handled.add(element)));
    for (const feature of started) {
      const mine = fresh.filter((element) => feature.selectors.some((selector) => element.matches(selector)));
      if (mine.length > 0) feature.onAdded(mine);
    }
  }, adapter.shadowHosts);
}
