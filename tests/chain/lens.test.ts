/**
 * UnionLens against a real anvil: one account holding 5,000 handle claims cannot make the profile
 * of a member it sponsors cost more, nor break the batch of profiles that member is read in.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWalletClient, getAddress, http, type Address, type Hex, type PublicClient } from 'viem';
import { createChainClient } from '@/lib/chain/client';
import { unionLensAbi, unionRegistryAbi } from '@/lib/chain/generated/abi';
import { readProfiles } from '@/lib/chain/profiles';
import { DEFAULT_CONFIG, type ChainConfig } from '@/lib/config';
import { startAnvil, type LocalNode } from '@/scripts/anvil';
import { deployContracts, devAccount, localChain } from '@/scripts/deploy';
import { countingFetch } from './rpc-count';

/** Claims in the sponsor's name: a contract, so that one transaction makes hundreds of claims. */
const MANY_CLAIMS_SOURCE = `
pragma solidity ^0.8.28;
interface Registry {
    function join(uint256 unionId, address sponsor) external;
    function claimHandle(string calldata handle) external;
}
contract ManyClaims {
    Registry immutable registry;
    constructor(Registry registry_) { registry = registry_; }
    function join(uint256 unionId, address sponsor) external { registry.join(unionId, sponsor); }
    /// Claims x:c00000, x:c00001, ... from \`from\`, \`count\` of them.
    function claim(uint256 from, uint256 count) external {
        for (uint256 i = from; i < from + count; i++) {
            bytes memory digits = new bytes(5);
            for (uint256 k = 5; k > 0; k--) digits[k - 1] = bytes("0123456789")[(i / 10 ** (5 - k)) % 10];
            registry.claimHandle(string.concat("x:c", string(digits)));
        }
    }
}`;

const CLAIMS = 5_000;
const CLAIMS_PER_TX = 200; // about 23 M gas, under anvil's 30 M block gas limit
/**
 * eth_estimateGas of one single-membership profile: 21,000 for the transaction, a few thousand
 * for calldata and cold accounts, and the lens's ~93,000 (forge measures it with every string at
 * its maximum). Scanning 5,000 claims, as the registry's old profileOf did, cost millions.
 */
const PROFILE_GAS_BOUND = 200_000n;

const leader = devAccount(0);
const member = devAccount(1);
const neighbour = devAccount(2);

let node: LocalNode;
let config: ChainConfig;
let client: PublicClient;
let unionId: bigint;
let sponsor: Address;

function compileManyClaims(): { abi: unknown[]; bytecode: Hex } {
  const solc = createRequire(import.meta.url)('solc');
  const input = {
    language: 'Solidity',
    sources: { 'ManyClaims.sol': { content: MANY_CLAIMS_SOURCE } },
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const contract = output.contracts['ManyClaims.sol'].ManyClaims;
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}

beforeAll(async () => {
  node = await startAnvil();
  config = await deployContracts(node.rpcUrl);
  client = createChainClient(config);
  const chain = localChain(node.rpcUrl);
  const wallet = (account: typeof leader) => createWalletClient({ chain, account, transport: http(node.rpcUrl) });
  const send = async (hash: Promise<Hex>) => {
    const receipt = await client.waitForTransactionReceipt({ hash: await hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  const registry = { address: config.registry, abi: unionRegistryAbi } as const;

  await send(wallet(leader).writeContract({ ...registry, functionName: 'createUnion', args: ['Lens Union', 'Bounded reads', `0x${'00'.repeat(32)}`] }));
  unionId = await client.readContract({ ...registry, functionName: 'unionCount' });
  await send(wallet(leader).writeContract({ ...registry, functionName: 'claimHandle', args: ['x:lens_leader'] }));

  const manyClaims = compileManyClaims();
  const deployed = await send(wallet(leader).deployContract({ abi: manyClaims.abi, bytecode: manyClaims.bytecode, args: [config.registry] }));
  sponsor = getAddress(deployed.contractAddress!);
  const helper = { address: sponsor, abi: manyClaims.abi } as const;
  await send(wallet(leader).writeContract({ ...helper, functionName: 'join', args: [unionId, leader.address] }));
  // Sent back to back (anvil mines each at once); only the last receipt is awaited.
  const hashes: Hex[] = [];
  for (let from = 0; from < CLAIMS; from += CLAIMS_PER_TX) {
    hashes.push(await wallet(leader).writeContract({ ...helper, functionName: 'claim', args: [BigInt(from), BigInt(CLAIMS_PER_TX)], gas: 29_000_000n }));
  }
  await send(Promise.resolve(hashes.at(-1)!));

  await send(wallet(member).writeContract({ ...registry, functionName: 'join', args: [unionId, sponsor] }));
  await send(wallet(member).writeContract({ ...registry, functionName: 'claimHandle', args: ['x:lens_member'] }));
  await send(wallet(neighbour).writeContract({ ...registry, functionName: 'join', args: [unionId, leader.address] }));
  await send(wallet(neighbour).writeContract({ ...registry, functionName: 'claimHandle', args: ['x:lens_neighbour'] }));
  await send(wallet(leader).writeContract({ ...registry, functionName: 'vouch', args: [unionId, neighbour.address, 'x:lens_neighbour'] }));
}, 120_000);
afterAll(() => node?.stop());

const profileGas = (handle: string) =>
  client.estimateContractGas({ address: config.lens, abi: unionLensAbi, functionName: 'profileOf', args: [handle, [unionId]], account: leader.address });

describe('UnionLens with a sponsor holding 5,000 claims', () => {
  it("is deployed at the extension's default address on a fresh node", () => {
    expect(config.lens).toBe(DEFAULT_CONFIG.lens);
    expect(config.registry).toBe(DEFAULT_CONFIG.registry);
  });

  it('the sponsor really holds them all', async () => {
    const claims = await client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'claimsOf', args: [sponsor] });
    expect(claims).toHaveLength(CLAIMS);
    expect(await client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'claimOn', args: [sponsor, 'x'] })).toBe('x:c00000');
  });

  it("keeps profileOf's gas bounded for a member that account sponsors", async () => {
    const sponsored = await profileGas('x:lens_member');
    const plain = await profileGas('x:lens_neighbour');
    console.log(`profileOf gas (eth_estimateGas): sponsor with ${CLAIMS} claims ${sponsored}, sponsor with 1 claim ${plain}`);
    expect(sponsored).toBeLessThan(PROFILE_GAS_BOUND);
    expect(plain).toBeLessThan(PROFILE_GAS_BOUND);
  });

  it('resolves every handle of a batch holding that member, in one eth_call', async () => {
    const rpc = countingFetch();
    const counted = createChainClient(config, rpc.fetchFn);
    const handles = ['x:lens_leader', 'x:lens_member', 'x:lens_neighbour', 'x:c04999', 'x:nobody'];
    const profiles = await readProfiles(counted, config, handles, [Number(unionId)]);

    expect(rpc.methods.filter((m) => m === 'eth_call')).toHaveLength(1);
    expect([...profiles.keys()].sort()).toEqual([...handles].sort());
    expect(profiles.get('x:lens_member')).toEqual({
      owner: member.address,
      memberships: [
        {
          unionId: Number(unionId),
          unionName: 'Lens Union',
          purpose: 'Bounded reads',
          leader: leader.address,
          role: 'member',
          officerTitle: '',
          sponsor,
          sponsorHandle: 'x:c00000',
          directSupporters: 0,
          supportBase: 0,
          supportStake: '0',
          vouched: false,
          voucher: null,
        },
      ],
    });
    expect(profiles.get('x:lens_neighbour')?.memberships[0]).toMatchObject({ sponsorHandle: 'x:lens_leader', vouched: true, voucher: leader.address });
    expect(profiles.get('x:lens_leader')?.memberships[0]).toMatchObject({ role: 'leader', sponsor: null, supportBase: 3, directSupporters: 2 });
    expect(profiles.get('x:c04999')).toMatchObject({ owner: sponsor, memberships: [{ role: 'member', sponsorHandle: 'x:lens_leader' }] });
    expect(profiles.get('x:nobody')).toEqual({ owner: null, memberships: [] });
  });

  it('reads more handles than one lens call takes in one eth_call per hundred, each answer under its own handle', async () => {
    const rpc = countingFetch();
    const counted = createChainClient(config, rpc.fetchFn);
    const handles = Array.from({ length: 150 }, (_, i) => (i === 120 ? 'x:lens_member' : i === 7 ? 'x:lens_leader' : `x:nobody_${i}`));
    const profiles = await readProfiles(counted, config, handles, [Number(unionId)]);

    expect(rpc.methods.filter((m) => m === 'eth_call')).toHaveLength(2);
    expect(profiles.size).toBe(150);
    expect(profiles.get('x:lens_member')?.owner).toBe(member.address);
    expect(profiles.get('x:lens_leader')?.memberships[0]?.role).toBe('leader');
    expect(profiles.get('x:nobody_149')).toEqual({ owner: null, memberships: [] });
  });

  it('reads only the unions asked for', async () => {
    const none = await readProfiles(client, config, ['x:lens_member'], []);
    expect(none.get('x:lens_member')).toEqual({ owner: member.address, memberships: [] });
    const unknown = await readProfiles(client, config, ['x:lens_member'], [Number(unionId) + 1, Number(unionId)]);
    expect(unknown.get('x:lens_member')?.memberships.map((m) => m.unionId)).toEqual([Number(unionId)]);
  });

  it('refuses more union ids than the lens reads, before asking the chain', async () => {
    const ids = Array.from({ length: 33 }, (_, i) => i + 1);
    await expect(readProfiles(client, config, ['x:lens_member'], ids)).rejects.toThrow(RangeError);
  });
});
