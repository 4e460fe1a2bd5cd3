import type { Address, Hex } from 'viem';
import type { Role } from '../../chain/types';
import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';
import type { TransactionResult } from '../wallet/protocol';

export interface UnionListing {
  id: number;
  name: string;
  purpose: string;
  leader: Address;
  size: number;
  bylawsHash: Hex;
  inviteOnly: boolean;
}

/** A union as the follow screen shows it: never by name alone. */
export interface UnionIdentity extends UnionListing {
  /** The leader's handle, only where the extension can verify it. */
  leaderHandle: string | null;
  followed: boolean;
  /** Why it is followed: the wallet is a member, the settings name it, or the member chose it. */
  followedBecause: 'member' | 'settings' | 'chosen' | null;
}

/** A union's bylaws as published by its leader, checked against the on-chain hash. */
export interface UnionBylaws {
  bylawsHash: Hex;
  /** The published text whose SHA-256 is the on-chain hash; null when the leader has not published it. */
  text: string | null;
  /** The text's first line, e.g. "Bylaws of the Open Source Union." */
  title: string | null;
}

export const unionsProtocol = {
  listUnions: request<{ unions: UnionListing[] }>()({}),
  findMember: request<{ address: Address; handle: string; role: Role }>()({ fields: { unionId: field.count(), query: field.text(100) } }),
  unionBylaws: request<UnionBylaws>()({ fields: { unionId: field.count() } }),
  acceptBylaws: request<{ bylawsHash: Hex; signature: Hex; time: number }>()({ fields: { unionId: field.count() } }),
  joinUnion: request<TransactionResult>()({
    fields: { unionId: field.count(), sponsor: field.text(100), inviteCode: field.text() },
    changesChain: true,
  }),
  /** A single-use invite for one newcomer (`invitee`: an address, or a handle its owner claimed). */
  createInvite: request<{ code: string; expiresAt: number; invitee: Address }>()({ fields: { unionId: field.count(), days: field.count(), invitee: field.text(100) } }),
  setOfficer: request<TransactionResult>()({ fields: { unionId: field.count(), member: field.text(100), title: field.text(100) }, changesChain: true }),
  removeOfficer: request<TransactionResult>()({ fields: { unionId: field.count(), member: field.text(100) }, changesChain: true }),
  /** The unions whose badges and vouches this browser trusts. */
  followedUnions: request<{ unions: UnionIdentity[] }>()({}),
  /** A union's identity before following it: name, id, leader, size, purpose. */
  unionInfo: request<{ union: UnionIdentity }>()({ fields: { unionId: field.count() } }),
  followUnion: request<{ unions: UnionIdentity[] }>()({ fields: { unionId: field.count() } }),
  unfollowUnion: request<{ unions: UnionIdentity[] }>()({ fields: { unionId: field.count() } }),
};
