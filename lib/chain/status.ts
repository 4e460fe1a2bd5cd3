import type { Address, PublicClient } from 'viem';
import type { ChainConfig } from '../config';
import { ChainUnreachableError, describeChainError } from './errors';
import { unionRegistryAbi } from './generated/abi';

export interface UnionSummary {
  id: number;
  name: string;
  purpose: string;
  leader: Address;
  leaderHandle: string;
  size: number;
}

export interface ChainStatus {
  chainId: number;
  blockNumber: number;
  registry: Address;
  union: UnionSummary | null;
}

/**
 * Checks that the configured node answers, is the configured chain and has the registry deployed,
 * and reads the configured union. Throws ChainUnreachableError with a reason a person can act on.
 */
export async function readChainStatus(client: PublicClient, config: ChainConfig): Promise<ChainStatus> {
  let chainId: number;
  let blockNumber: bigint;
  let code: string | undefined;
  try {
    [chainId, blockNumber, code] = await Promise.all([
      client.getChainId(),
      client.getBlockNumber({ cacheTime: 0 }),
      client.getCode({ address: config.registry }),
    ]);
  } catch (error) {
    throw new ChainUnreachableError(`${config.rpcUrl}: ${describeChainError(error)}`);
  }
  if (chainId !== config.chainId) {
    throw new ChainUnreachableError(`The node at ${config.rpcUrl} is chain ${chainId}, not the configured chain ${config.chainId}.`);
  }
  if (!code || code === '0x') {
    throw new ChainUnreachableError(`There is no contract at the registry address ${config.registry} on chain ${chainId}.`);
  }
  return { chainId, blockNumber: Number(blockNumber), registry: config.registry, union: await readUnion(client, config) };
}

async function readUnion(client: PublicClient, config: ChainConfig): Promise<UnionSummary | null> {
  const count = await client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'unionCount' });
  if (BigInt(config.unionId) > count) return null;
  const [leader, name, purpose, , size] = await client.readContract({
    address: config.registry,
    abi: unionRegistryAbi,
    functionName: 'getUnion',
    args: [BigInt(config.unionId)],
  });
  const claims = await client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'claimsOf', args: [leader] });
  return { id: config.unionId, name, purpose, leader, leaderHandle: claims[0] ?? '', size: Number(size) };
}
