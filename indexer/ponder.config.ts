import { createConfig } from 'ponder';
import { campaignsAbi, stakeLockAbi, tipsAbi, unionRegistryAbi } from '../lib/chain/generated/abi';
import { deployment } from './deployment';

export default createConfig({
  // Postgres when DATABASE_URL is set (production), else the embedded PGlite.
  database: process.env.DATABASE_URL
    ? { kind: 'postgres', connectionString: process.env.DATABASE_URL }
    : { kind: 'pglite', directory: process.env.PONDER_PGLITE_DIR ?? '.ponder/pglite' },
  chains: {
    union: { id: deployment.chainId, rpc: deployment.rpcUrl, pollingInterval: deployment.pollingMs },
  },
  contracts: {
    UnionRegistry: { chain: 'union', abi: unionRegistryAbi, address: deployment.registry, startBlock: deployment.startBlock },
    Tips: { chain: 'union', abi: tipsAbi, address: deployment.tips, startBlock: deployment.startBlock },
    Campaigns: { chain: 'union', abi: campaignsAbi, address: deployment.campaigns, startBlock: deployment.startBlock },
    StakeLock: { chain: 'union', abi: stakeLockAbi, address: deployment.stakeLock, startBlock: deployment.startBlock },
  },
});
