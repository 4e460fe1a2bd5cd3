import type { Address } from 'viem';
import type { ChainProfile, Membership } from '../chain/types';

export type VerificationState =
  /** The handle's on-chain owner is a member and a bio proof or a vouch backs the claim. */
  | 'verified'
  /** Something claims the handle but nothing backs it, or the bio names another address. */
  | 'unverified-claim'
  /** Not a member: nothing to show. */
  | 'none'
  /** The chain did not answer and nothing verified is cached. */
  | 'offline';

export interface ProfileView {
  handle: string;
  state: VerificationState;
  owner?: Address;
  via?: 'bio' | 'vouch';
  membership?: Membership;
  /** The unlocked wallet may vouch for this claim (set for a visited profile only). */
  canVouch?: boolean;
  /** Tips this member received, from the Tips contract's events (set for a visited profile only). */
  tipsReceived?: { count: number; eth: string };
  /** Rallies this member answered in the shown union (set for a visited profile only). */
  ralliesAnswered?: number;
}

/**
 * Decides what a profile may show, failing closed. `bioAddress` is the address a bio proof of
 * this handle names (seen now, or remembered from the last visit), or null when none is known.
 */
export function verifyProfile(
  handle: string,
  chain: ChainProfile,
  bioAddress: Address | null,
  preferredUnionId: number,
): ProfileView {
  const { owner, memberships } = chain;
  if (!owner) return { handle, state: bioAddress ? 'unverified-claim' : 'none' };
  if (memberships.length === 0) return { handle, state: 'none' };
  // The owner of the profile names someone else: the on-chain claim is not theirs.
  if (bioAddress && bioAddress !== owner) return { handle, state: 'unverified-claim', owner };

  const ordered = [...memberships].sort(
    (a, b) => Number(b.unionId === preferredUnionId) - Number(a.unionId === preferredUnionId),
  );
  if (bioAddress === owner) return { handle, state: 'verified', owner, via: 'bio', membership: ordered[0] };
  const vouched = ordered.find((m: Membership) => m.vouched);
  if (vouched) return { handle, state: 'verified', owner, via: 'vouch', membership: vouched };
  return { handle, state: 'unverified-claim', owner };
}
