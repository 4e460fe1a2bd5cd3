/**
 * The one protocol between content scripts, extension pages, web sites and the background: every
 * request's descriptor, from which the request types, the validator, the caller allow-list and
 * cache invalidation are derived. Types and field checks only, so content scripts can import it.
 */
import { campaignsProtocol } from '../features/campaigns/protocol';
import { documentsProtocol } from '../features/documents/protocol';
import { loginProtocol } from '../features/login/protocol';
import { messagingProtocol } from '../features/messaging/protocol';
import { pageProtocol } from '../features/page/protocol';
import { profilesProtocol } from '../features/profiles/protocol';
import { ralliesProtocol } from '../features/rallies/protocol';
import { settingsProtocol } from '../features/settings/protocol';
import { stakeProtocol } from '../features/stake/protocol';
import { tipsProtocol } from '../features/tips/protocol';
import { treeProtocol } from '../features/tree/protocol';
import { unionsProtocol } from '../features/unions/protocol';
import { walletProtocol } from '../features/wallet/protocol';
import type { Caller, CallerKind, Descriptor, Fields } from './define';
import { parseFields, type ParamsFrom } from './fields';

export const PROTOCOL = {
  ...profilesProtocol,
  ...tipsProtocol,
  ...messagingProtocol,
  ...ralliesProtocol,
  ...treeProtocol,
  ...unionsProtocol,
  ...documentsProtocol,
  ...walletProtocol,
  ...settingsProtocol,
  ...pageProtocol,
  ...campaignsProtocol,
  ...stakeProtocol,
  ...loginProtocol,
};

type Protocol = typeof PROTOCOL;
export type RequestType = keyof Protocol;
export type ParamsOf<T extends RequestType> = Protocol[T] extends Descriptor<infer F, unknown> ? ParamsFrom<F> : never;
export type ResponseOf<T extends RequestType> = Protocol[T] extends Descriptor<Fields, infer R> ? R : never;
export type Request = { [T in RequestType]: { type: T } & ParamsOf<T> }[RequestType];
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; fieldErrors?: Record<string, string>; locked?: boolean };

/** What a handler gets: its params and who asked. */
export type Handler<T extends RequestType> = (params: ParamsOf<T>, caller: Caller) => Promise<ResponseOf<T>>;
export type Handlers<T extends RequestType> = { [K in T]: Handler<K> };

export type { Caller, CallerKind } from './define';

function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && Object.hasOwn(PROTOCOL, type);
}

/** Checks an incoming message's type, caller and fields; returns a reason a person can read when it is refused. */
export function parseRequest(message: unknown, caller: CallerKind): { type: RequestType; params: ParamsOf<RequestType> } | { error: string } {
  if (typeof message !== 'object' || message === null) return { error: 'A request is an object with a type.' };
  const { type } = message as { type?: unknown };
  if (!isRequestType(type)) return { error: `Unknown request type: ${String(type).slice(0, 40)}.` };
  const descriptor: Descriptor<Fields, unknown> = PROTOCOL[type];
  if (!descriptor.callers.includes(caller)) return { error: `${type} is only accepted from ${describeCallers(descriptor.callers)}.` };
  const parsed = parseFields(descriptor.fields, message);
  if (!parsed.ok) return { error: `${type}.${parsed.field ?? 'request'} is missing or not valid.` };
  return { type, params: parsed.value as ParamsOf<RequestType> };
}

export function changesChain(type: RequestType): boolean {
  return PROTOCOL[type].changesChain;
}

const CALLER_WORDS: Record<CallerKind, string> = {
  extension: "the extension's own pages",
  content: 'the overlay on a host page',
  site: 'a web site',
};

function describeCallers(callers: readonly CallerKind[]): string {
  return callers.map((c) => CALLER_WORDS[c]).join(' or ');
}
