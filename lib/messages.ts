/**
 * The one protocol between content scripts / extension pages and the background. Requests are
 * validated where they arrive; errors come back as values with a reason a person can read.
 * This module has no dependencies so that content scripts can import it.
 */
import type { ChainStatus } from './chain/status';
import type { ChainConfig, ConfigErrors, ConfigInput } from './config';
import type { ProfileView } from './identity/verify';

/** Most handles a content script may ask about at once; a timeline screen shows far fewer. */
export const MAX_HANDLES_PER_REQUEST = 200;
/** Longest bio text accepted; X's own limit is 160 characters. */
export const MAX_BIO_CHARS = 2_000;

export type Request =
  /** Posts and profiles seen on a host page. `profile` carries the visited profile's bio, if shown. */
  | { type: 'resolve'; handles: string[]; profile?: { handle: string; bio: string } }
  | { type: 'status' }
  | { type: 'getConfig' }
  | { type: 'setConfig'; config: ConfigInput }
  | { type: 'resetConfig' };

export interface ResponseMap {
  resolve: { profiles: Record<string, ProfileView> };
  status: ChainStatus & { config: ChainConfig };
  getConfig: { config: ChainConfig; isDefault: boolean };
  setConfig: { config: ChainConfig };
  resetConfig: { config: ChainConfig };
}

export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; fieldErrors?: ConfigErrors };

/** Requests a host page's content script may make; everything else needs an extension page. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set(['resolve']);

/** Checks an incoming message's shape; returns a reason when it is not a valid request. */
export function parseRequest(message: unknown): { request: Request } | { error: string } {
  if (typeof message !== 'object' || message === null) return { error: 'A request is an object with a type.' };
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'resolve': {
      const { handles, profile } = m;
      if (!Array.isArray(handles) || handles.length > MAX_HANDLES_PER_REQUEST || !handles.every(isShortString)) {
        return { error: `resolve needs up to ${MAX_HANDLES_PER_REQUEST} handles.` };
      }
      if (profile !== undefined) {
        const p = profile as Record<string, unknown>;
        if (typeof p !== 'object' || p === null || !isShortString(p.handle) || typeof p.bio !== 'string') {
          return { error: 'resolve.profile needs a handle and a bio.' };
        }
        return { request: { type: 'resolve', handles, profile: { handle: p.handle, bio: p.bio.slice(0, MAX_BIO_CHARS) } } };
      }
      return { request: { type: 'resolve', handles } };
    }
    case 'setConfig':
      if (typeof m.config !== 'object' || m.config === null) return { error: 'setConfig needs a config object.' };
      return { request: { type: 'setConfig', config: m.config as ConfigInput } };
    case 'status':
    case 'getConfig':
    case 'resetConfig':
      return { request: { type: m.type } };
    default:
      return { error: `Unknown request type: ${String(m.type).slice(0, 40)}.` };
  }
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100;
}

/** Sends a typed request through the given transport (e.g. browser.runtime.sendMessage). */
export async function sendRequest<T extends RequestType>(
  send: (message: unknown) => Promise<unknown>,
  request: RequestOf<T>,
): Promise<Result<ResponseMap[T]>> {
  try {
    const response = (await send(request)) as Result<ResponseMap[T]> | undefined;
    return response ?? { ok: false, error: 'The extension background did not answer.' };
  } catch (error) {
    return { ok: false, error: `The extension background is not reachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
