import type { ChainProfile } from '../chain/types';
import type { CachedProfile } from '../store/db';

export type Lookup = { status: 'ok'; profile: ChainProfile } | { status: 'offline'; reason: string };

export interface ResolverOptions {
  /** Reads many handles from the chain in one round trip. */
  read: (handles: string[]) => Promise<Map<string, ChainProfile>>;
  getCached: (handles: string[]) => Promise<Map<string, CachedProfile>>;
  /** Begins the write when called (IndexedDB: its transaction), so that later reads and clears come after it. */
  putCached: (entries: CachedProfile[]) => Promise<void>;
  describeError: (error: unknown) => string;
  /** How long a read stays fresh: a repeat visit within it makes no RPC call. */
  ttlMs: number;
  now?: () => number;
}

export interface Resolver {
  lookup(handles: readonly string[]): Promise<Map<string, Lookup>>;
}

type Batch = Map<string, (lookup: Lookup) => void>;

/**
 * Answers handle lookups from the cache, and reads the rest from the chain with one read at a
 * time: a lookup is read at once (a content script sends a whole frame's handles in one message,
 * so nothing is gained by waiting for more), lookups made together share that read whatever order
 * their cache reads end in, and the lookups that arrive while a read is under way share the next
 * one, made as soon as it answers. A page load spread over many frames thus costs two reads, and a
 * lone lookup waits for no window.
 */
export function createResolver(options: ResolverOptions): Resolver {
  const now = options.now ?? Date.now;
  /** A handle being read: a repeat joins its read. */
  const inflight = new Map<string, Promise<Lookup>>();
  let next: Batch | null = null;
  let reading = false;
  /** Lookups still reading the cache: the chain read waits for them, so lookups made together share it. */
  let checkingCache = 0;

  async function read(current: Batch) {
    const handles = [...current.keys()];
    let outcome: Map<string, ChainProfile> | Error;
    try {
      outcome = await options.read(handles);
    } catch (error) {
      outcome = new Error(options.describeError(error));
    }
    reading = false;
    schedule();
    if (!(outcome instanceof Error)) {
      const fetchedAt = now();
      const read = outcome;
      // Begun before the answers and not waited for: a cache read or clear that comes later comes after it.
      void options
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

  /**
   * Reads the waiting handles once the task that asked for them is done, unless a read is under
   * way or a lookup made with them is still reading the cache (whose reads end in any order).
   */
  function schedule() {
    if (reading || !next || checkingCache > 0) return;
    reading = true;
    setTimeout(() => {
      const current = next!;
      next = null;
      void read(current);
    });
  }

  function enqueue(handle: string): Promise<Lookup> {
    const existing = inflight.get(handle);
    if (existing) return existing;
    const promise = new Promise<Lookup>((resolve) => {
      next ??= new Map();
      next.set(handle, resolve);
    });
    inflight.set(handle, promise);
    return promise;
  }

  return {
    async lookup(handles) {
      const unique = [...new Set(handles)];
      checkingCache++;
      // A cache that fails to read costs a chain read, nothing else.
      const cached = await options
        .getCached(unique)
        .catch(() => new Map<string, CachedProfile>())
        .finally(() => checkingCache--);
      const fresh = (entry: CachedProfile | undefined) => entry !== undefined && now() - entry.fetchedAt < options.ttlMs;
      const answers = unique.map((handle) => {
        const entry = cached.get(handle);
        return fresh(entry) ? Promise.resolve<Lookup>({ status: 'ok', profile: entry!.profile }) : enqueue(handle);
      });
      schedule();
      const resolved = await Promise.all(answers);
      return new Map(unique.map((handle, i) => [handle, resolved[i]!]));
    },
  };
}
