import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import type { ChainProfile, Membership } from '@/lib/chain/types';
import { formatProof } from '@/lib/identity/proof';
import { BIO_PROOF_TTL_MS, createMembershipPolicy, type MembershipPolicyDeps } from '@/lib/identity/membership';
import type { Lookup } from '@/lib/identity/resolver';
import { openUnionDb, type UnionDb } from '@/lib/store/db';

const OWNER = '0x469f8ef5846ce120AC6EDF7e216667587289A649' as Address;
const LEADER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as Address;

function membership(unionId: number, vouched: boolean, unionName = 'Couriers'): Membership {
  return {
    unionId, unionName, purpose: '', leader: LEADER, role: 'member', officerTitle: '', sponsor: LEADER, sponsorHandle: '',
    directSupporters: 0, supportBase: 0, supportStake: '0', vouched, voucher: vouched ? LEADER : null,
  };
}

let db: UnionDb;
let chain: Map<string, ChainProfile>;
let walletUnions: number[];
const freshReads: { handles: readonly string[]; unionIds: readonly number[] }[] = [];

function policy(overrides: Partial<MembershipPolicyDeps> = {}) {
  return createMembershipPolicy({
    db,
    now: () => 1_000,
    settingsUnion: async () => 1,
    walletUnions: async () => walletUnions,
    lookup: async (handles) => new Map(handles.map((h): [string, Lookup] => [h, chain.has(h) ? { status: 'ok', profile: chain.get(h)! } : { status: 'offline', reason: 'down' }])),
    readFresh: async (handles, unionIds) => {
      freshReads.push({ handles, unionIds });
      return new Map(handles.flatMap((h) => (chain.has(h) ? [[h, chain.get(h)!] as const] : [])));
    },
    ...overrides,
  });
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openUnionDb();
  chain = new Map();
  walletUnions = [];
  freshReads.length = 0;
});

describe('followed unions', () => {
  it("are the settings' union, then the wallet's, then those chosen, each once, in that order", async () => {
    walletUnions = [3, 1];
    await db.put('follows', { unionId: 9, followedAt: 2 });
    await db.put('follows', { unionId: 3, followedAt: 1 });
    await db.put('follows', { unionId: 7, followedAt: 1 });
    expect(await policy().followed()).toEqual([
      { unionId: 1, because: 'settings' },
      { unionId: 3, because: 'member' },
      { unionId: 7, because: 'chosen' },
      { unionId: 9, because: 'chosen' },
    ]);
  });

  it("fall back to the settings' union when the wallet's cannot be read", async () => {
    expect(await policy({ walletUnions: () => Promise.reject(new Error('down')) }).followedIds()).toEqual([1]);
  });
});

describe('views', () => {
  it('verify a vouch only in a followed union, and label a union followed by choice with its id', async () => {
    chain.set('x:famous', { owner: OWNER, memberships: [membership(7, true, 'Couriers')] });
    expect((await policy().views(['x:famous']))['x:famous']).toEqual({ handle: 'x:famous', state: 'none' });
    await db.put('follows', { unionId: 7, followedAt: 1 });
    expect((await policy().views(['x:famous']))['x:famous']).toMatchObject({ state: 'verified', via: 'vouch', unionLabel: 'Couriers #7' });
  });

  it('label the unions the member is in by name alone', async () => {
    chain.set('x:alice', { owner: OWNER, memberships: [membership(1, true)] });
    expect((await policy().views(['x:alice']))['x:alice']).toMatchObject({ state: 'verified', unionLabel: 'Couriers' });
  });

  it('use a bio proof seen on the profile, and forget it once the bio no longer shows it', async () => {
    chain.set('x:alice', { owner: OWNER, memberships: [membership(1, false)] });
    const p = policy();
    expect(await p.recordBio('x:alice', `Hi ${formatProof(OWNER)} there`)).toBe(OWNER);
    expect((await p.views(['x:alice']))['x:alice']).toMatchObject({ state: 'verified', via: 'bio' });
    expect(await p.recordBio('x:alice', 'Hi there')).toBeNull();
    expect((await p.views(['x:alice']))['x:alice']!.state).toBe('unverified-claim');
  });

  it('trust a seen proof only for a day after it was last seen: a visit renews it, an old or future-dated sighting counts for nothing', async () => {
    chain.set('x:alice', { owner: OWNER, memberships: [membership(1, false)] });
    let now = 1_000;
    const p = policy({ now: () => now });
    await p.recordBio('x:alice', formatProof(OWNER));
    now += BIO_PROOF_TTL_MS;
    expect((await p.views(['x:alice']))['x:alice']).toMatchObject({ state: 'verified', via: 'bio' });
    expect(await p.seenProof('x:alice')).toBe(OWNER);
    now += 1; // a day and a moment: the sighting (perhaps of a bio changed since, or a fooled report) lapses
    expect((await p.views(['x:alice']))['x:alice']!.state).toBe('unverified-claim');
    expect((await p.views(['x:alice'], { fresh: true }))['x:alice']!.state).toBe('unverified-claim');
    expect(await p.seenProof('x:alice')).toBeNull();
    await p.recordBio('x:alice', formatProof(OWNER)); // seen again on the profile
    expect((await p.views(['x:alice']))['x:alice']).toMatchObject({ state: 'verified', via: 'bio' });
    await db.put('bioProofs', { handle: 'x:alice', address: OWNER, seenAt: now + 60_000 });
    expect(await p.seenProof('x:alice')).toBeNull();
  });

  it('show a handle the chain did not answer for as offline, and a malformed one as nothing', async () => {
    const views = await policy().views(['x:down', 'not a handle']);
    expect(views['x:down']).toEqual({ handle: 'x:down', state: 'offline' });
    expect(views['not a handle']).toEqual({ handle: 'not a handle', state: 'none' });
  });

  it('read the chain itself, for the followed unions, when a tip or a message needs it fresh', async () => {
    walletUnions = [4];
    chain.set('x:alice', { owner: OWNER, memberships: [membership(4, true)] });
    expect((await policy().views(['x:alice'], { fresh: true }))['x:alice']).toMatchObject({ state: 'verified' });
    expect(freshReads).toEqual([{ handles: ['x:alice'], unionIds: [1, 4] }]);
    const failing = policy({ readFresh: () => Promise.reject(new Error('down')) });
    expect((await failing.views(['x:alice'], { fresh: true }))['x:alice']!.state).toBe('offline');
  });
});
