import type { Field } from './fields';

/**
 * Who may send a request: the extension's own pages, a content script on a host page, or a web
 * site through the page provider. A request lists the callers it accepts; nothing else is let in.
 */
export type CallerKind = 'extension' | 'content' | 'site';

export interface Caller {
  kind: CallerKind;
  /** Who asks, as the approval window names it: this extension, or the host page's origin. */
  origin: string;
  /** Set for content scripts: where the request came from (to inject a feature there). */
  tabId?: number;
  frameId?: number;
}

export type Fields = Record<string, Field<unknown>>;

/** One request: its fields, who may send it, whether it changes the chain, and (as a type) its answer. */
export interface Descriptor<F extends Fields, R> {
  fields: F;
  callers: readonly CallerKind[];
  /** After it, cached chain reads may be stale and are dropped. */
  changesChain: boolean;
  /** Never set: carries the response type. */
  readonly response?: R;
}

/** `request<Answer>()({ fields, callers, changesChain })`; callers default to extension pages only. */
export function request<R>() {
  return <F extends Fields = Record<never, never>>(spec: { fields?: F; callers?: readonly CallerKind[]; changesChain?: boolean }): Descriptor<F, R> => ({
    fields: spec.fields ?? ({} as F),
    callers: spec.callers ?? ['extension'],
    changesChain: spec.changesChain ?? false,
  });
}

/** Requests a host page's content script may send (the extension's pages may send them too). */
export const FROM_HOST_PAGE = ['content', 'extension'] as const;
