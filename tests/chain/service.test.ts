import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { DEFAULT_CONFIG } from '@/lib/config';
import type { ProfileView } from '@/lib/identity/verify';
import { formatProof } from '@/lib/identity/proof';
import type { Caller } from '@/lib/protocol';
import { createUnionService, EXTENSION_CALLER, type UnionService } from '@/lib/service';
import { openUnionDb } from '@/lib/store/db';
import { startAnvil, type LocalNode } from '@/scripts/anvil';
import type { Deployment } from '@/scripts/deploy';
import { startSeededChain } from '@/scripts/chain';
import { countingFetch } from './rpc-count';

/** The overlay's content script on an X page. */
const PAGE: Caller = { kind: 'content', origin: 'https://x.com', tabId: 1, frameId: 0 };

let node: LocalNode;
let deployment: Deployment;
let rpc: ReturnType<typeof countingFetch>;
let service: UnionService;

/** Session storage and approval windows are browser parts: in memory here, and no window. */
function browserParts() {
  const session = new Map<string, unknown>();
  return {
    session: {
      get: async <T,>(key: string) => session.get(key) as T | undefined,
      set: async (key: string, value: unknown) => void session.set(key, value),
      remove: async (key: string) => void session.delete(key),
    },
    windows: { open: async () => undefined },
    openWalletPage: async () => undefined,
  };
}

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
});
afterAll(() => node?.stop());

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory(); // an empty database per test
  rpc = countingFetch();
  service = createUnionService({ db: await openUnionDb(), fetchFn: rpc.fetchFn, ...browserParts() });
  const saved = await service.handle({ type: 'setConfig', config: { ...DEFAULT_CONFIG, rpcUrl: node.rpcUrl } }, EXTENSION_CALLER);
  expect(saved.ok).toBe(true);
  rpc.reset();
});

async function resolve(handles: string[], profile?: { handle: string; bio: string }): Promise<Record<string, ProfileView>> {
  const result = await service.handle({ type: 'resolve', handles, profile }, PAGE);
  if (!result.ok) throw new Error(result.error);
  return (result.value as { profiles: Record<string, ProfileView> }).profiles;
}

const member = (handle: string) => deployment.members.find((m) => m.handle === handle)!;

describe('background resolver against the demo union', () => {
  it('resolves every demo member with one eth_call, and a repeat with none', async () => {
    const handles = deployment.members.map((m) => m.handle);
    const views = await resolve(handles);
    expect(rpc.methods.filter((m) => m === 'eth_call')).toHaveLength(1);
    for (const m of deployment.members.filter((m) => m.vouched)) expect(views[m.handle]?.state, m.handle).toBe('verified');

    rpc.reset();
    await resolve(handles);
    expect(rpc.methods).toEqual([]);
  });

  it('asks the chain nothing on a repeat visit of a profile within the TTL', async () => {
    const kai = member('x:kai_bioproof');
    const first = await resolve([], { handle: 'x:kai_bioproof', bio: kai.bio });
    expect(first['x:kai_bioproof']).toMatchObject({ state: 'verified', tipsReceived: { count: 0, eth: '0' }, ralliesAnswered: 0 });
    rpc.reset();
    await resolve([], { handle: 'x:kai_bioproof', bio: kai.bio });
    expect(rpc.methods).toEqual([]);
  });

  it('merges lookups from several tabs arriving together into one round trip', async () => {
    const handles = deployment.members.map((m) => m.handle);
    await Promise.all([resolve(handles.slice(0, 20)), resolve(handles.slice(10, 40)), resolve(handles.slice(30))]);
    expect(rpc.methods.filter((m) => m === 'eth_call')).toHaveLength(1);
  });

  it('reports the exact on-chain numbers, role, sponsor and purpose', async () => {
    const views = await resolve(['x:mara_union', 'x:priya_nu']);
    expect(views['x:mara_union']).toMatchObject({
      state: 'verified',
      membership: { role: 'leader', supportBase: deployment.members.length - 1, directSupporters: 4, sponsor: null, unionName: 'Open Source Union' },
    });
    expect(views['x:priya_nu']).toMatchObject({
      state: 'verified',
      via: 'vouch',
      membership: { role: 'officer', officerTitle: 'Organiser', sponsorHandle: 'x:mara_union', purpose: deployment.union.purpose },
    });
  });

  it('shows a one-sided claim as unverified, and a bio proof makes it verified', async () => {
    expect((await resolve(['x:ivy_unvouched']))['x:ivy_unvouched']?.state).toBe('unverified-claim');
    const kai = member('x:kai_bioproof');
    expect((await resolve(['x:kai_bioproof']))['x:kai_bioproof']?.state).toBe('unverified-claim');
    const visited = await resolve([], { handle: 'x:kai_bioproof', bio: kai.bio });
    expect(visited['x:kai_bioproof']).toMatchObject({ state: 'verified', via: 'bio', owner: kai.address });
    // The seen proof is remembered for the same author's posts elsewhere…
    expect((await resolve(['x:kai_bioproof']))['x:kai_bioproof']?.state).toBe('verified');
    // …until a visit shows the proof is gone.
    await resolve([], { handle: 'x:kai_bioproof', bio: 'proof removed' });
    expect((await resolve(['x:kai_bioproof']))['x:kai_bioproof']?.state).toBe('unverified-claim');
  });

  it('refuses a vouched claim whose bio names another address', async () => {
    const priya = member('x:priya_nu');
    const views = await resolve([], { handle: 'x:priya_nu', bio: `hi ${formatProof(member('x:mara_union').address)}` });
    expect(views['x:priya_nu']).toEqual({ handle: 'x:priya_nu', state: 'unverified-claim', owner: priya.address });
  });

  it('shows nothing for unknown and invalid handles, without asking the chain about invalid ones', async () => {
    const views = await resolve(['x:nobody_here', 'x:<script>', 'x:way_too_long_handle_name']);
    expect(views['x:nobody_here']?.state).toBe('none');
    expect(views['x:<script>']?.state).toBe('none');
    expect(views['x:way_too_long_handle_name']?.state).toBe('none');
  });

  it('shows nothing as verified when the chain stops answering and nothing is cached', async () => {
    const other = await startSeededChain();
    globalThis.indexedDB = new IDBFactory();
    const isolated = createUnionService({ db: await openUnionDb(), ...browserParts() });
    expect((await isolated.handle({ type: 'setConfig', config: { ...DEFAULT_CONFIG, rpcUrl: other.node.rpcUrl } }, EXTENSION_CALLER)).ok).toBe(true);
    await other.node.stop();
    const result = await isolated.handle({ type: 'resolve', handles: ['x:mara_union'] }, PAGE);
    expect(result).toMatchObject({ ok: true, value: { profiles: { 'x:mara_union': { state: 'offline' } } } });
    const status = await isolated.handle({ type: 'status' }, EXTENSION_CALLER);
    expect(status).toEqual({ ok: false, error: expect.stringMatching(/does not answer/) });
  });
});

describe('chain settings', () => {
  const current = async () => ((await service.handle({ type: 'getConfig' }, EXTENSION_CALLER)) as { value: { config: typeof DEFAULT_CONFIG } }).value.config;

  it('refuses a wrong chain id, a registry without code and a dead node, and saves nothing', async () => {
    const before = await current();
    const wrongChain = await service.handle({ type: 'setConfig', config: { ...before, chainId: 10 } }, EXTENSION_CALLER);
    expect(wrongChain).toEqual({ ok: false, error: expect.stringContaining('is chain 31337, not the configured chain 10') });
    const noCode = await service.handle({ type: 'setConfig', config: { ...before, registry: '0x000000000000000000000000000000000000dEaD' } }, EXTENSION_CALLER);
    expect(noCode).toEqual({ ok: false, error: expect.stringContaining('no contract at the registry address') });
    const dead = await startAnvil();
    await dead.stop();
    const unreachable = await service.handle({ type: 'setConfig', config: { ...before, rpcUrl: dead.rpcUrl } }, EXTENSION_CALLER);
    expect(unreachable).toEqual({ ok: false, error: expect.stringContaining('does not answer') });
    const invalid = await service.handle({ type: 'setConfig', config: { ...before, chainId: 'ten' } }, EXTENSION_CALLER);
    expect(invalid).toMatchObject({ ok: false, fieldErrors: { chainId: expect.any(String) } });
    expect(await current()).toEqual(before);
  });

  it('accepts settings changes only from extension pages', async () => {
    const fromPage = await service.handle({ type: 'setConfig', config: DEFAULT_CONFIG }, PAGE);
    expect(fromPage).toEqual({ ok: false, error: expect.stringContaining("only accepted from the extension's own pages") });
    expect((await service.handle({ type: 'status' }, PAGE)).ok).toBe(false);
  });

  it('reads the configured union for the popup', async () => {
    const status = await service.handle({ type: 'status' }, EXTENSION_CALLER);
    expect(status).toMatchObject({
      ok: true,
      value: { chainId: 31337, union: { id: 1, name: 'Open Source Union', leaderHandle: 'x:mara_union', size: deployment.members.length } },
    });
  });
});
