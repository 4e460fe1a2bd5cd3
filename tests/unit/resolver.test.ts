import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChainProfile } from '@/lib/chain/types';
import { createResolver } from '@/lib/identity/resolver';
import type { CachedProfile } from '@/lib/store/db';

const profile = (owner: string | null): ChainProfile => ({ owner: owner as ChainProfile['owner'], memberships: [] });

/** A resolver over an in-memory cache and a chain read that records each call. */
function setup(options: { ttlMs?: number; fail?: boolean } = {}) {
  const reads: string[][] = [];
  const cache = new Map<string, CachedProfile>();
  let clock = 1_000;
  const resolver = createResolver({
    read: async (handles) => {
      reads.push([...handles]);
      if (options.fail) throw new Error('connection refused');
      return new Map(handles.filter((h) => h !== 'x:broken').map((h) => [h, profile(h === 'x:nobody' ? null : '0x1')]));
    },
    getCached: async (handles) => new Map(handles.filter((h) => cache.has(h)).map((h) => [h, cache.get(h)!])),
    putCached: async (entries) => entries.forEach((e) => cache.set(e.handle, e)),
    describeError: (error) => `chain down: ${(error as Error).message}`,
    ttlMs: options.ttlMs ?? 60_000,
    windowMs: 10,
    now: () => clock,
  });
  return { resolver, reads, cache, advance: (ms: number) => (clock += ms) };
}

describe('resolver', () => {
  it('answers lookups arriving within the window with one chain read', async () => {
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

  it('starts a new batch for lookups after a window closed', async () => {
    const { resolver, reads } = setup();
    await resolver.lookup(['x:alice']);
    await resolver.lookup(['x:bob']);
    expect(reads).toEqual([['x:alice'], ['x:bob']]);
  });

  describe('over a page load spread across frames', () => {
    afterEach(() => vi.useRealTimers());

    it('shares one read while lookups keep arriving within a window of each other', async () => {
      vi.useFakeTimers();
      const { resolver, reads } = setup();
      const answers: Promise<unknown>[] = [];
      for (const handle of ['x:a', 'x:b', 'x:c', 'x:d']) {
        answers.push(resolver.lookup([handle]));
        await vi.advanceTimersByTimeAsync(8);
      }
      await vi.advanceTimersByTimeAsync(100);
      await Promise.all(answers);
      expect(reads).toEqual([['x:a', 'x:b', 'x:c', 'x:d']]);
    });

    it('reads at most five windows after the first lookup, even if more keep coming', async () => {
      vi.useFakeTimers();
      const { resolver, reads } = setup();
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < 10; i++) {
        pending.push(resolver.lookup([`x:h${i}`]));
        await vi.advanceTimersByTimeAsync(8);
      }
      await vi.advanceTimersByTimeAsync(100);
      await Promise.all(pending);
      expect(reads.length).toBe(2);
      expect(reads[0]!.length).toBeGreaterThanOrEqual(6);
      expect(reads.flat()).toEqual(Array.from({ length: 10 }, (_, i) => `x:h${i}`));
    });
  });
});
