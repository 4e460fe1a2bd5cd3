import type { Address } from 'viem';
import type { ChainProfile } from '../chain/types';
import { getMany, type UnionDb } from '../store/db';
import { parseHandle } from './handles';
import { parseProof } from './proof';
import type { Lookup } from './resolver';
import { verifyProfile, type ProfileView } from './verify';

/**
 * How long a bio proof seen on a profile header backs that handle elsewhere (its posts, tips,
 * Lock): a day after it was last seen. A bio can change at any time and what reported it may
 * have been fooled, so a sighting is not kept as a fact: each visit of the profile renews it, a
 * visit that shows it gone forgets it, and an old one counts for nothing.
 */
export const BIO_PROOF_TTL_MS = 24 * 60 * 60 * 1000;

/** Why a union is followed: the settings name it, the wallet is a member, or the member chose it. */
export type FollowReason = 'settings' | 'member' | 'chosen';

export interface MembershipPolicyDeps {
  db: UnionDb;
  /** Cached, batched lookups (what badges use). */
  lookup: (handles: readonly string[]) => Promise<Map<string, Lookup>>;
  /** A read straight from the chain, never from a cache (before money or a message moves). */
  readFresh: (handles: readonly string[], unionIds: readonly number[]) => Promise<Map<string, ChainProfile>>;
  /** The union the settings name (the home union). */
  settingsUnion: () => Promise<number>;
  /** The unions the wallet is a member of ([] without a wallet). */
  walletUnions: () => Promise<number[]>;
  now: () => number;
}

/**
 * The one membership policy: which unions are followed, and what a handle shows under the trust
 * rule (verify.ts). Badges, tips, Lock, the recipient picker, documents and vouches all ask here.
 */
export function createMembershipPolicy(deps: MembershipPolicyDeps) {
  /** Followed unions in the order badges prefer them: the settings' union, the wallet's, then chosen ones. */
  async function followed(): Promise<{ unionId: number; because: FollowReason }[]> {
    const [home, joined, chosen] = await Promise.all([
      deps.settingsUnion(),
      deps.walletUnions().catch(() => []),
      deps.db.getAll('follows'),
    ]);
    const list: { unionId: number; because: FollowReason }[] = [{ unionId: home, because: 'settings' }];
    for (const unionId of joined) list.push({ unionId, because: 'member' });
    for (const f of chosen.sort((a, b) => a.followedAt - b.followedAt)) list.push({ unionId: f.unionId, because: 'chosen' });
    return list.filter((entry, i) => list.findIndex((other) => other.unionId === entry.unionId) === i);
  }

  async function followedIds(): Promise<number[]> {
    return (await followed()).map((f) => f.unionId);
  }

  /**
   * What a profile header's bio shows now: a proof is remembered for the author's posts for
   * BIO_PROOF_TTL_MS, a proof gone is forgotten.
   */
  async function recordBio(handle: string, bio: string): Promise<Address | null> {
    const proof = parseProof(bio);
    if (proof.status === 'found') {
      await deps.db.put('bioProofs', { handle, address: proof.address, seenAt: deps.now() });
      return proof.address;
    }
    await deps.db.delete('bioProofs', handle);
    return null;
  }

  /** The proofs seen within BIO_PROOF_TTL_MS (a sighting dated in the future counts for nothing). */
  async function seenProofs(handles: readonly string[]): Promise<Map<string, Address>> {
    const proofs = await getMany(deps.db, 'bioProofs', handles);
    const now = deps.now();
    return new Map([...proofs].flatMap(([handle, proof]) => (proof.seenAt <= now && now - proof.seenAt <= BIO_PROOF_TTL_MS ? [[handle, proof.address] as const] : [])));
  }

  /** The address a recent bio proof of `handle` names, or null. */
  async function seenProof(handle: string): Promise<Address | null> {
    return (await seenProofs([handle])).get(handle) ?? null;
  }

  /**
   * Views of `handles` under the trust rule. `fresh` reads the chain now (for a tip or a message);
   * otherwise the batched, cached lookups badges use. A handle the chain did not answer for is 'offline'.
   */
  async function views(handles: readonly string[], options: { fresh?: boolean } = {}): Promise<Record<string, ProfileView>> {
    const valid = [...new Set(handles.flatMap((h) => parseHandle(h) ?? []))];
    // The cached lookups read the followed unions themselves when they go to the chain: all three at once.
    const following = followed();
    const [follows, lookups, proofs] = await Promise.all([
      following,
      options.fresh
        ? following.then((list) => deps.readFresh(valid, list.map((f) => f.unionId))).then(
            (read) => new Map(valid.map((h): [string, Lookup] => [h, read.has(h) ? { status: 'ok', profile: read.get(h)! } : { status: 'offline', reason: 'no answer' }])),
            () => new Map<string, Lookup>(),
          )
        : deps.lookup(valid),
      seenProofs(valid),
    ]);
    const unionIds = follows.map((f) => f.unionId);
    const chosen = new Set(follows.filter((f) => f.because === 'chosen').map((f) => f.unionId));
    const out: Record<string, ProfileView> = {};
    for (const raw of handles) {
      const handle = parseHandle(raw);
      const lookup = handle ? lookups.get(handle) : undefined;
      if (!handle) out[raw] = { handle: raw, state: 'none' };
      else if (lookup?.status !== 'ok') out[raw] = { handle, state: 'offline' };
      else {
        const view = verifyProfile(handle, lookup.profile, proofs.get(handle) ?? null, unionIds);
        const m = view.state === 'verified' ? view.membership : undefined;
        if (m) view.unionLabel = chosen.has(m.unionId) ? `${m.unionName} #${m.unionId}` : m.unionName;
        out[raw] = view;
      }
    }
    return out;
  }

  /** The handle's owner and memberships in followed unions, read from the chain now; null when it does not answer. */
  async function freshProfile(handle: string): Promise<ChainProfile | null> {
    return (await deps.readFresh([handle], await followedIds())).get(handle) ?? null;
  }

  return { followed, followedIds, recordBio, seenProof, views, freshProfile };
}

export type MembershipPolicy = ReturnType<typeof createMembershipPolicy>;
