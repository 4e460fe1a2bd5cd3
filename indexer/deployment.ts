/**
 * Which chain and contracts the indexer reads: the `UNION_*` environment variables, which
 * scripts/indexer.ts sets from a deployment, else the local chain of `npm run chain`.
 */
import { DEFAULT_CONFIG } from '../lib/config';

type Hex = `0x${string}`;

function address(name: string, fallback: Hex | null): Hex | null {
  const value = process.env[name]?.trim();
  if (!value) return fallback;
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new Error(`${name} is not an address: ${value}`);
  return value as Hex;
}

export const deployment = {
  rpcUrl: process.env.UNION_RPC_URL ?? DEFAULT_CONFIG.rpcUrl,
  chainId: Number(process.env.UNION_CHAIN_ID ?? DEFAULT_CONFIG.chainId),
  registry: address('UNION_REGISTRY', DEFAULT_CONFIG.registry)!,
  tips: address('UNION_TIPS', DEFAULT_CONFIG.tips)!,
  campaigns: address('UNION_CAMPAIGNS', DEFAULT_CONFIG.campaigns)!,
  stakeLock: address('UNION_STAKE_LOCK', DEFAULT_CONFIG.stakeLock)!,
  /** The block the registry was deployed in: nothing before it is read. */
  startBlock: Number(process.env.UNION_START_BLOCK ?? 0),
  /** How often the head is polled; a local chain makes blocks on demand, so poll it briskly. */
  pollingMs: Number(process.env.UNION_POLLING_MS ?? 1000),
};
