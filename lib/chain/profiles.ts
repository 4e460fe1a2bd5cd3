import { zeroAddress, type ContractFunctionReturnType, type PublicClient } from 'viem';
import type { ChainConfig } from '../config';
import { unionLensAbi } from './generated/abi';
import { ROLES, type ChainProfile, type Membership } from './types';

/** Most union ids one `UnionLens.profileOf` reads (its MAX_UNIONS); more and every read reverts. */
export const MAX_PROFILE_UNIONS = 32;

type LensMembership = ContractFunctionReturnType<typeof unionLensAbi, 'view', 'profileOf'>[1][number];

/**
 * Reads the profiles of many handles in one eth_call (Multicall3 aggregate3, never chunked), each
 * through `UnionLens.profileOf` limited to `unionIds`: only the owner's current memberships among
 * those unions are reported, in that order. A handle whose read fails alone is missing from the map.
 * @throws RangeError when more than MAX_PROFILE_UNIONS union ids are given (the lens would refuse all).
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
  const results = await client.multicall({
    contracts: handles.map((handle) => ({
      address: config.lens,
      abi: unionLensAbi,
      functionName: 'profileOf' as const,
      args: [handle, ids] as const,
    })),
    multicallAddress: config.multicall3,
    batchSize: 0,
    allowFailure: true,
  });
  const profiles = new Map<string, ChainProfile>();
  results.forEach((result, i) => {
    if (result.status !== 'success') return;
    const [owner, memberships] = result.result;
    profiles.set(handles[i]!, {
      owner: owner === zeroAddress ? null : owner,
      memberships: memberships.map(toMembership),
    });
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
