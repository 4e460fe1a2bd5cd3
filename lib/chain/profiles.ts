import { zeroAddress, type ContractFunctionReturnType, type PublicClient } from 'viem';
import type { ChainConfig } from '../config';
import { unionLensAbi } from './generated/abi';
import { ROLES, type ChainProfile, type Membership } from './types';

/** Most union ids one `UnionLens.profilesOf` reads (its MAX_UNIONS); more and every read reverts. */
export const MAX_PROFILE_UNIONS = 32;
/** Most handles one `UnionLens.profilesOf` reads (its MAX_HANDLES): more are read in further calls. */
export const MAX_PROFILE_HANDLES = 100;

type LensMembership = ContractFunctionReturnType<typeof unionLensAbi, 'view', 'profilesOf'>[number]['memberships'][number];

/**
 * Reads the profiles of many handles in one eth_call per MAX_PROFILE_HANDLES, through
 * `UnionLens.profilesOf` limited to `unionIds`: only the owner's current memberships among those
 * unions are reported, in that order. One array comes back, decoded once: in a worker just
 * started, a multicall of one `profileOf` per handle took 11–22 ms to encode (this: 2), and the
 * node and the decoding about 1.5 times as long.
 * @throws RangeError when more than MAX_PROFILE_UNIONS union ids are given (the lens would refuse all).
 * @throws when the node does not answer: no profile is known then.
 */
export async function readProfiles(
  client: PublicClient,
  config: ChainConfig,
  handles: readonly string[],
  unionIds: readonly number[],
): Promise<Map<string, ChainProfile>> {
  if (unionIds.length > MAX_PROFILE_UNIONS) {
    throw new RangeError(`A profile read covers at most ${MAX_PROFILE_UNIONS} unions, not ${unionIds.length}.`);
  }
  const ids = unionIds.map(BigInt);
  const batches: string[][] = [];
  for (let start = 0; start < handles.length; start += MAX_PROFILE_HANDLES) batches.push(handles.slice(start, start + MAX_PROFILE_HANDLES));
  const read = await Promise.all(batches.map((batch) => client.readContract({ address: config.lens, abi: unionLensAbi, functionName: 'profilesOf', args: [batch, ids] })));
  const profiles = new Map<string, ChainProfile>();
  read.flat().forEach(({ owner, memberships }, i) => {
    profiles.set(handles[i]!, { owner: owner === zeroAddress ? null : owner, memberships: memberships.map(toMembership) });
  });
  return profiles;
}

function toMembership(view: LensMembership): Membership {
  return {
    unionId: Number(view.unionId),
    unionName: view.unionName,
    purpose: view.purpose,
    leader: view.leader,
    role: ROLES[view.role] ?? 'none',
    officerTitle: view.officerTitle,
    sponsor: view.sponsor === zeroAddress ? null : view.sponsor,
    sponsorHandle: view.sponsorHandle,
    directSupporters: view.directSupporters,
    supportBase: view.supportBase,
    supportStake: view.supportStake.toString(),
    vouched: view.vouched,
    voucher: view.voucher === zeroAddress ? null : view.voucher,
  };
}
