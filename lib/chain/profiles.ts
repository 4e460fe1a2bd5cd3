import { zeroAddress, type Address, type PublicClient } from 'viem';
import type { ChainConfig } from '../config';
import { unionRegistryAbi } from './generated/abi';
import { ROLES, type ChainProfile, type Membership } from './types';

/**
 * Reads the profiles of many handles in one eth_call (Multicall3 aggregate3, never chunked).
 * A handle whose read fails alone is reported as missing from the map.
 */
export async function readProfiles(
  client: PublicClient,
  config: ChainConfig,
  handles: readonly string[],
): Promise<Map<string, ChainProfile>> {
  const results = await client.multicall({
    contracts: handles.map((handle) => ({
      address: config.registry,
      abi: unionRegistryAbi,
      functionName: 'profileOf' as const,
      args: [handle] as const,
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

type RawMembership = {
  unionId: bigint;
  unionName: string;
  purpose: string;
  role: number;
  officerTitle: string;
  sponsor: Address;
  sponsorHandle: string;
  directSupporters: number;
  supportBase: number;
  vouched: boolean;
  voucher: Address;
};

function toMembership(raw: RawMembership): Membership {
  return {
    unionId: Number(raw.unionId),
    unionName: raw.unionName,
    purpose: raw.purpose,
    role: ROLES[raw.role] ?? 'none',
    officerTitle: raw.officerTitle,
    sponsor: raw.sponsor === zeroAddress ? null : raw.sponsor,
    sponsorHandle: raw.sponsorHandle,
    directSupporters: raw.directSupporters,
    supportBase: raw.supportBase,
    vouched: raw.vouched,
    voucher: raw.voucher === zeroAddress ? null : raw.voucher,
  };
}
