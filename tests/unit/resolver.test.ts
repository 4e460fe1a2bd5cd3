import { describe, expect, it } from 'vitest';
import type { ChainProfile } from '@/lib/chain/types';
import { createResolver } from '@/lib/identity/resolver';
import type { CachedProfile } from '@/lib/store/db';

const profile = (owner: string | null): ChainProfile => ({ owner: owner as ChainProfile['owner'], memberships: [] });

/**
 * A resolver over an in-memory cache and a chain read that records each call; with `held`, each
 * read waits until `release` is called; `cacheDelaysMs` delays the cache reads, one value each.
 */
function setup(options: { ttlMs?: number; fail?: boolean; held?: boolean; cacheDelaysMs?: number[] } = {}) {
  const reads: string[][] = [];
  const cache = new Map<string, CachedProfile>();
  let clock = 1_000;
  const waiting: (() => void)[] = [];
  const resolver = createResolver({
    read: async (handles) => {
      reads.push([...handles]);
      if (options.held) await new Promise<void>((resolve) => waiting.push(resolve));
      if (options.fail) throw new Error('connection refused');
      return new Map(handles.filter((h) => h !== 'x:broken').map((h) => [h, profile(h === 'x:nobody' ? null : '0x1')]));
    },
    getCached: async (handles) => {
      // Each cache read its own time, as IndexedDB transactions end in any order.
      const delay = options.cacheDelaysMs?.shift();
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
      return new Map(handles.filter((h) => cache.has(h)).map((h) => [h, cache.get(h)!]));
    },
    putCached: async (entries) => entries.forEach((e) => cache.set(e.handle, e)),
    describeError: (error) => `chain down: ${(error as Error).message}`,
    ttlMs: options.ttlMs ?? 60_000,
    now: () => clock,
  });
  const release = () => waiting.splice(0).forEach((resolve) => resolve());
  return { resolver, reads, cache, release, advance: (ms: number) => (clock += ms) };
}

/** Until the tasks the resolver scheduled meanwhile have run. */
const nextTask = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve));
};

describe('resolver', () => {
  it('answers lookups made in the same task with one chain read', async () => {
    const { resolver, reads } = setup();
    const [a, b, c] = await Promise.all([
      resolver.lookup(['x:alice', 'x:bob']),
      resolver.lookup(['x:bob', 'x:carol']),
      resolver.lookup(['x:alice']),
    ]);
    expect(reads).toEqual([['x:alice', 'x:bob', 'x:carol']]);
    expect(a.get('x:alice')).toEqual({ status: 'ok', profile: profile('0x1') });
    expect(b.get('x:carol')?.status).toBe('ok');
    expect(c.size).toBe(1);
  });

  it('makes no chain read for a repeat within the TTL, and reads again after it', async () => {
    const { resolver, reads, advance } = setup({ ttlMs: 60_000 });
    await resolver.lookup(['x:alice', 'x:nobody']);
    advance(59_000);
    const again = await resolver.lookup(['x:alice', 'x:nobody']);
    expect(reads).toHaveLength(1);
    expect(again.get('x:nobody')).toEqual({ status: 'ok', profile: profile(null) });
    advance(2_000);
    await resolver.lookup(['x:alice']);
    expect(reads).toEqual([['x:alice', 'x:nobody'], ['x:alice']]);
  });

  it('reads only the handles the cache cannot answer', async () => {
    const { resolver, reads } = setup();
    await resolver.lookup(['x:alice']);
    await resolver.lookup(['x:alice', 'x:bob']);
    expect(reads).toEqual([['x:alice'], ['x:bob']]);
  });

  it('reports offline with the reason when the chain does not answer, and caches nothing', async () => {
    const { resolver, cache } = setup({ fail: true });
    const result = await resolver.lookup(['x:alice']);
    expect(result.get('x:alice')).toEqual({ status: 'offline', reason: 'chain down: connection refused' });
    expect(cache.size).toBe(0);
  });

  it('reports a handle the batch could not read as offline, the others as read', async () => {
    const { resolver } = setup();
    const result = await resolver.lookup(['x:alice', 'x:broken']);
    expect(result.get('x:alice')?.status).toBe('ok');
    expect(result.get('x:broken')?.status).toBe('offline');
  });

  it('answers lookups made together with one chain read when their cache reads end at different times', async () => {
    const { resolver, reads } = setup({ cacheDelaysMs: [0, 5, 2] });
    await Promise.all([resolver.lookup(['x:alice']), resolver.lookup(['x:bob']), resolver.lookup(['x:carol', 'x:alice'])]);
    expect(reads.map((read) => read.sort())).toEqual([['x:alice', 'x:bob', 'x:carol']]);
  });

  it('reads a lookup at once, and the next one made after it answered in a read of its own', async () => {
    const { resolver, reads } = setup();
    await resolver.lookup(['x:alice']);
    await resolver.lookup(['x:bob']);
    expect(reads).toEqual([['x:alice'], ['x:bob']]);
  });

  it('gathers the lookups arriving while a read is under way into one read, made when it answers', async () => {
    const { resolver, reads, release } = setup({ held: true });
    const first = resolver.lookup(['x:a']);
    await nextTask();
    expect(reads).toEqual([['x:a']]);
    const later: Promise<unknown>[] = [];
    for (const handle of ['x:b', 'x:c', 'x:a', 'x:d']) {
      later.push(resolver.lookup([handle]));
      await nextTask();
    }
    expect(reads).toEqual([['x:a']]);
    release();
    await first;
    await nextTask();
    expect(reads).toEqual([['x:a'], ['x:b', 'x:c', 'x:d']]);
    release();
    await Promise.all(later);
  });

  it('begins the cache write before answering, and answers without waiting for it to finish', async () => {
    const written: string[][] = [];
    const resolver = createResolver({
      read: async (handles) => new Map(handles.map((h) => [h, profile('0x1')])),
      getCached: async () => new Map(),
      putCached: (entries) => {
        written.push(entries.map((e) => e.handle));
        return new Promise<void>(() => undefined); // a disk that never finishes
      },
      describeError: String,
      ttlMs: 60_000,
    });
    const answer = await resolver.lookup(['x:alice']);
    expect(answer.get('x:alice')?.status).toBe('ok');
    expect(written).toEqual([['x:alice']]);
  });
});
