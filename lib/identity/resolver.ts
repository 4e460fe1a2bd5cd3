import type { ChainProfile } from '../chain/types';
import type { CachedProfile } from '../store/db';

/** The longest a batch waits, in windows, while lookups keep arriving. */
const MAX_WINDOWS = 5;

export type Lookup = { status: 'ok'; profile: ChainProfile } | { status: 'offline'; reason: string };

export interface ResolverOptions {
  /** Reads many handles from the chain in one round trip. */
  read: (handles: string[]) => Promise<Map<string, ChainProfile>>;
  getCached: (handles: string[]) => Promise<Map<string, CachedProfile>>;
  putCached: (entries: CachedProfile[]) => Promise<void>;
  describeError: (error: unknown) => string;
  /** How long a read stays fresh: a repeat visit within it makes no RPC call. */
  ttlMs: number;
  /** Lookups arriving within this window share one chain read. */
  windowMs: number;
  now?: () => number;
}

export interface Resolver {
  lookup(handles: readonly string[]): Promise<Map<string, Lookup>>;
}

/** Answers handle lookups from the cache, and batches the rest into one read per window. */
export function createResolver(options: ResolverOptions): Resolver {
  const now = options.now ?? Date.now;
  const inflight = new Map<string, Promise<Lookup>>();
  let batch: Map<string, (lookup: Lookup) => void> | null = null;

  async function flush(current: Map<string, (lookup: Lookup) => void>) {
    const handles = [...current.keys()];
    let outcome: Map<string, ChainProfile> | Error;
    try {
      outcome = await options.read(handles);
    } catch (error) {
      outcome = new Error(options.describeError(error));
    }
    if (!(outcome instanceof Error)) {
      const fetchedAt = now();
      const read = outcome;
      await options
        .putCached(handles.filter((h) => read.has(h)).map((handle) => ({ handle, profile: read.get(handle)!, fetchedAt })))
        .catch(() => undefined); // a cache that fails to write costs a later re-read, nothing else
    }
    for (const [handle, resolve] of current) {
      inflight.delete(handle);
      if (outcome instanceof Error) resolve({ status: 'offline', reason: outcome.message });
      else {
        const profile = outcome.get(handle);
        resolve(profile ? { status: 'ok', profile } : { status: 'offline', reason: 'The registry did not answer for this handle.' });
      }
    }
  }

  let quiet: ReturnType<typeof setTimeout> | undefined;
  let longest: ReturnType<typeof setTimeout> | undefined;

  function close() {
    clearTimeout(quiet);
    clearTimeout(longest);
    const current = batch;
    batch = null;
    if (current) void flush(current);
  }

  /**
   * A batch closes once no lookup arrived for a window, so the frames of one page load share a
   * read even when a busy machine spreads them out; it waits at most MAX_WINDOWS windows.
   */
  function enqueue(handle: string): Promise<Lookup> {
    const existing = inflight.get(handle);
    if (existing) return existing;
    const promise = new Promise<Lookup>((resolve) => {
      if (!batch) {
        batch = new Map<string, (lookup: Lookup) => void>();
        longest = setTimeout(close, options.windowMs * MAX_WINDOWS);
      }
      clearTimeout(quiet);
      quiet = setTimeout(close, options.windowMs);
      batch.set(handle, resolve);
    });
    inflight.set(handle, promise);
    return promise;
  }

  return {
    async lookup(handles) {
      const unique = [...new Set(handles)];
      const cached = await options.getCached(unique).catch(() => new Map<string, CachedProfile>());
      const fresh = (entry: CachedProfile | undefined) => entry !== undefined && now() - entry.fetchedAt < options.ttlMs;
      const answers = await Promise.all(
        unique.map((handle) => {
          const entry = cached.get(handle);
          return fresh(entry) ? Promise.resolve<Lookup>({ status: 'ok', profile: entry!.profile }) : enqueue(handle);
        }),
      );
      return new Map(unique.map((handle, i) => [handle, answers[i]!]));
    },
  };
}
