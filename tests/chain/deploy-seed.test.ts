import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { unionRegistryAbi } from '@/lib/chain/generated/abi';
import { CANONICAL_MULTICALL3, DEFAULT_CONFIG } from '@/lib/config';
import type { LocalNode } from '@/scripts/anvil';
import { writeDeployment, type Deployment } from '@/scripts/deploy';
import { startSeededChain } from '@/scripts/chain';

let node: LocalNode;
let deployment: Deployment;

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
});
afterAll(() => node?.stop());

describe('deploy and seed scripts', () => {
  it('put the registry at the extension default address and Multicall3 at its canonical one', async () => {
    const client = createPublicClient({ transport: http(node.rpcUrl) });
    expect(deployment.registry).toBe(DEFAULT_CONFIG.registry);
    expect(deployment.campaigns).toBe(DEFAULT_CONFIG.campaigns);
    expect(deployment.stakeLock).toBe(DEFAULT_CONFIG.stakeLock);
    expect(await client.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'stakeLock' })).toBe(deployment.stakeLock);
    expect(await client.getCode({ address: CANONICAL_MULTICALL3 })).toMatch(/^0x[0-9a-f]{100,}$/);
    expect(deployment.chainId).toBe(31337);
  });

  it('seed a union of at least 50 members over several levels, each with its sponsor and counts', async () => {
    const client = createPublicClient({ transport: http(node.rpcUrl) });
    const union = BigInt(deployment.unionId);
    const members = deployment.members;
    expect(members.length).toBeGreaterThanOrEqual(50);

    const byHandle = new Map(members.map((m) => [m.handle, m]));
    const depth = (handle: string): number => (byHandle.get(handle)!.sponsor ? 1 + depth(byHandle.get(handle)!.sponsor!) : 0);
    expect(Math.max(...members.map((m) => depth(m.handle)))).toBeGreaterThanOrEqual(4);

    // Every member's on-chain support base equals its subtree in the seed's own tree.
    const subtree = (handle: string): number =>
      members.filter((m) => m.sponsor === handle).reduce((sum, m) => sum + 1 + subtree(m.handle), 0);
    const reads = await client.multicall({
      contracts: members.flatMap((m) => [
        { address: deployment.registry, abi: unionRegistryAbi, functionName: 'supportBase', args: [union, m.address] } as const,
        { address: deployment.registry, abi: unionRegistryAbi, functionName: 'ownerOfHandle', args: [m.handle] } as const,
        { address: deployment.registry, abi: unionRegistryAbi, functionName: 'vouchOf', args: [union, m.address, m.handle] } as const,
      ]),
      multicallAddress: CANONICAL_MULTICALL3,
      allowFailure: false,
    });
    members.forEach((m, i) => {
      expect(reads[i * 3], m.handle).toBe(BigInt(subtree(m.handle)));
      expect(reads[i * 3 + 1], m.handle).toBe(m.address);
      expect((reads[i * 3 + 2] as readonly [boolean, string])[0], m.handle).toBe(m.vouched);
    });
    expect(members.filter((m) => m.vouched).length).toBeGreaterThanOrEqual(50);

    // Stake-weighted support: every member's stake below equals the seeded locks of its subtree.
    const locked = await client.multicall({
      contracts: members.map((m) => ({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'stakeOf', args: [union, m.address] }) as const),
      multicallAddress: CANONICAL_MULTICALL3,
      allowFailure: false,
    });
    const own = new Map(members.map((m, i) => [m.handle, locked[i]![0]]));
    const stakeBelow = (handle: string): bigint =>
      members.filter((m) => m.sponsor === handle).reduce((sum, m) => sum + own.get(m.handle)! + stakeBelow(m.handle), 0n);
    members.forEach((m, i) => expect(locked[i]![1], m.handle).toBe(stakeBelow(m.handle)));
    expect(locked[0]![1]).toBeGreaterThan(0n);
  });

  it('write the deployment file with the rpc URL, addresses and demo handles', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nu-deploy-')), 'deployment.json');
    writeDeployment(path, deployment);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written).toMatchObject({ rpcUrl: node.rpcUrl, chainId: 31337, registry: DEFAULT_CONFIG.registry, unionId: 1 });
    expect(written.members.find((m: { role: string }) => m.role === 'leader').handle).toBe('x:mara_union');
  });
});
