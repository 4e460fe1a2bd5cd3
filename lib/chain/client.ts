import { createPublicClient, defineChain, http, type PublicClient } from 'viem';
import type { ChainConfig } from '../config';

/**
 * A read client for the configured chain. The chain object carries the Multicall3 address:
 * without it viem's batching silently falls back to one eth_call per read.
 */
export function createChainClient(config: ChainConfig, fetchFn?: typeof fetch): PublicClient {
  const chain = defineChain({
    id: config.chainId,
    name: `Chain ${config.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
    contracts: { multicall3: { address: config.multicall3 } },
  });
  return createPublicClient({
    chain,
    transport: http(config.rpcUrl, { timeout: 8_000, retryCount: 1, fetchFn }),
  });
}
