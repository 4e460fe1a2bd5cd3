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
  /**
   * The union's name as a badge shows it: with its id when the union is followed by choice, so a
   * union named like the member's own or the settings' one is never mistaken for it.
   */
  unionLabel?: string;
  /** The unlocked wallet may vouch for this claim (set for a visited profile only). */
  canVouch?: boolean;
  /** Tips this member received, from the Tips contract's events (set for a visited profile only). */
  tipsReceived?: { count: number; eth: string };
  /** Rallies this member answered in the shown union (set for a visited profile only). */
  ralliesAnswered?: number;
}

/**
 * The trust rule (ARCHITECTURE.md, Trust), failing closed. A handle is its on-chain owner's when a
 * bio proof naming that owner backs it (`bioAddress`: seen on the profile, or null) or a vouch in
 * a union the viewer follows does; and only memberships of followed unions are ever shown.
 * `followed` lists the followed unions in the order the viewer prefers them.
 */
export function verifyProfile(handle: string, chain: ChainProfile, bioAddress: Address | null, followed: readonly number[]): ProfileView {
  const { owner } = chain;
  if (!owner) return { handle, state: bioAddress ? 'unverified-claim' : 'none' };
  const memberships = followed.flatMap((id) => chain.memberships.filter((m) => m.unionId === id));
  // Anyone can create a union with any name: a membership of a union not followed shows nothing.
  if (memberships.length === 0) return { handle, state: 'none' };
  // The owner of the profile names someone else: the on-chain claim is not theirs.
  if (bioAddress && bioAddress !== owner) return { handle, state: 'unverified-claim', owner };
  if (bioAddress === owner) return { handle, state: 'verified', owner, via: 'bio', membership: memberships[0] };
  const vouched = memberships.find((m: Membership) => m.vouched);
  if (vouched) return { handle, state: 'verified', owner, via: 'vouch', membership: vouched };
  return { handle, state: 'unverified-claim', owner };
}

/**
 * One account seen under several handles (a username and its numeric id): the view of the form
 * that is claimed, each form judged by verifyProfile. When different members of followed unions
 * claim two forms, the page cannot tell whose account it is: nothing is verified. A stranger's
 * claim counts for nothing here as everywhere (else squatting the other form would hide a member).
 * Any form the chain did not answer for could be such a claim, so the account is offline then.
 */
export function accountView(forms: readonly ProfileView[]): ProfileView {
  const [shown] = forms;
  if (!shown) throw new Error('accountView needs the shown handle');
  if (forms.some((view) => view.state === 'offline')) return { handle: shown.handle, state: 'offline' };
  const owners = new Set(forms.flatMap((view) => view.owner ?? []));
  if (owners.size > 1) return { handle: shown.handle, state: 'unverified-claim' };
  return forms.find((view) => view.state === 'verified') ?? forms.find((view) => view.owner) ?? shown;
}
