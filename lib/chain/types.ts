import type { Address } from 'viem';

export const ROLES = ['none', 'member', 'officer', 'leader'] as const;
export type Role = (typeof ROLES)[number];

/** One current membership of a handle's owner, as the lens (`UnionLens.profileOf`, `profilesOf`) reports it. */
export interface Membership {
  unionId: number;
  unionName: string;
  purpose: string;
  /** The union's leader, the root of its tree. */
  leader: Address;
  role: Role;
  officerTitle: string;
  sponsor: Address | null;
  sponsorHandle: string;
  directSupporters: number;
  supportBase: number;
  /** Stake-weighted support: the union token locked by its support base, in token units (decimal string). */
  supportStake: string;
  vouched: boolean;
  voucher: Address | null;
}

/** What the chain says about a handle: who claims it and that owner's memberships. */
export interface ChainProfile {
  owner: Address | null;
  memberships: Membership[];
}
