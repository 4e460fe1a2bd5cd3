/**
 * The contracts' costs on a real anvil: a join's gas by depth, the lens's worst-case profile read,
 * a union of a million members (a calibrated storage-level simulation, see cityScale), and a
 * branch of thousands of members joined for real, for the indexer to catch up on (joinedSubtree).
 */
import {
  createPublicClient, createTestClient, createWalletClient, encodeAbiParameters, encodeFunctionData, hexToBigInt, http, keccak256,
  numberToHex, pad, parseEther, type Address, type Hex,
} from 'viem';
import { unionLensAbi, unionRegistryAbi } from '../../lib/chain/generated/abi';
import { localChain } from '../deploy';

const DEPTHS = [1, 8, 16, 32] as const;
const MAX_DEPTH = 32;

function clients(rpcUrl: string) {
  const chain = localChain(rpcUrl);
  const transport = http(rpcUrl);
  return {
    read: createPublicClient({ chain, transport, pollingInterval: 20 }),
    test: createTestClient({ chain, mode: 'anvil', transport }),
    wallet: createWalletClient({ chain, transport }),
  };
}
type Clients = ReturnType<typeof clients>;

let accountSeed = 0;
/** A fresh funded account the node signs for (impersonated), so setup needs no keys. */
async function account(c: Clients): Promise<Address> {
  const address = `0x${keccak256(numberToHex(++accountSeed, { size: 32 })).slice(26)}` as Address;
  await c.test.impersonateAccount({ address });
  await c.test.setBalance({ address, value: parseEther('10') });
  return address;
}

type RegistryFunction = 'createUnion' | 'join' | 'claimHandle' | 'setOfficer' | 'vouch';
/** Sends a registry call from `from` and returns its gas; throws when it reverts. */
async function send(c: Clients, registry: Address, from: Address, functionName: RegistryFunction, args: readonly unknown[]): Promise<bigint> {
  const hash = await c.wallet.sendTransaction({
    account: from,
    chain: c.read.chain,
    to: registry,
    data: encodeFunctionData({ abi: unionRegistryAbi, functionName, args } as never),
  });
  const receipt = await c.read.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
  return receipt.gasUsed;
}

async function newUnion(c: Clients, registry: Address, leader: Address, name = 'Bench union', purpose = ''): Promise<bigint> {
  await send(c, registry, leader, 'createUnion', [name, purpose, pad('0x01')]);
  return (await c.read.readContract({ address: registry, abi: unionRegistryAbi, functionName: 'unionCount' })) as bigint;
}

/** A sponsor chain under the leader: `spine[d]` is the member at depth d (spine[0] is the leader). */
async function spine(c: Clients, registry: Address, unionId: bigint, leader: Address, depth: number): Promise<Address[]> {
  const chain = [leader];
  for (let d = 1; d <= depth; d++) {
    const member = await account(c);
    await send(c, registry, member, 'join', [unionId, chain[d - 1]!]);
    chain.push(member);
  }
  return chain;
}

/** Gas of a first join at each depth (the newcomer's sponsor sits one step above). */
export async function joinGasAtDepth(rpcUrl: string, registry: Address): Promise<Record<string, number>> {
  const c = clients(rpcUrl);
  const leader = await account(c);
  const unionId = await newUnion(c, registry, leader);
  const chain = await spine(c, registry, unionId, leader, MAX_DEPTH - 1);
  const gas: Record<string, number> = {};
  for (const depth of DEPTHS) gas[depth] = Number(await send(c, registry, await account(c), 'join', [unionId, chain[depth - 1]!]));
  return gas;
}

/**
 * `profileOf`'s worst case: the longest handle, owned by an officer (longest title) of the most
 * unions a call reads, each with the longest name and purpose, vouched in each, its sponsor
 * holding a handle on the same platform.
 */
export async function lensGas(rpcUrl: string, registry: Address, lens: Address): Promise<number> {
  const c = clients(rpcUrl);
  const maxUnions = Number(await c.read.readContract({ address: lens, abi: unionLensAbi, functionName: 'MAX_UNIONS' }));
  const leader = await account(c);
  const owner = await account(c);
  const platform = 'abcdefghijklmnop';
  const handle = `${platform}:${'a'.repeat(64)}`;
  await send(c, registry, owner, 'claimHandle', [handle]);
  await send(c, registry, leader, 'claimHandle', [`${platform}:${'b'.repeat(64)}`]);
  const ids: bigint[] = [];
  for (let i = 0; i < maxUnions; i++) {
    const unionId = await newUnion(c, registry, leader, 'N'.repeat(64), 'P'.repeat(280));
    await send(c, registry, owner, 'join', [unionId, leader]);
    await send(c, registry, leader, 'setOfficer', [unionId, owner, 'T'.repeat(32)]);
    await send(c, registry, leader, 'vouch', [unionId, owner, handle]);
    ids.push(unionId);
  }
  const data = encodeFunctionData({ abi: unionLensAbi, functionName: 'profileOf', args: [handle, ids] });
  return Number(await c.read.estimateGas({ to: lens, data }));
}

/** The storage slot of `member`'s tree node in `unionId`: the one holding its sponsor, marked joined. */
async function nodeSlot(c: Clients, registry: Address, unionId: bigint, member: Address, sponsor: Address): Promise<Hex> {
  for (let base = 0n; base < 256n; base++) {
    const tree = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [unionId, base]));
    const slot = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [member, tree]));
    const value = hexToBigInt((await c.read.getStorageAt({ address: registry, slot })) ?? '0x0');
    const joined = (value >> 248n) & 1n;
    if (joined === 1n && (value & ((1n << 160n) - 1n)) === hexToBigInt(sponsor)) return slot;
  }
  throw new Error('tree node slot not found: has the registry storage changed shape?');
}

/** Node packing (SocialTree.Node): sponsor (160 bits), supportBase (32), directSupporters (32), height, role, joined. */
async function setSupportBase(c: Clients, registry: Address, slot: Hex, supportBase: number) {
  const value = hexToBigInt((await c.read.getStorageAt({ address: registry, slot }))!);
  const mask = ((1n << 32n) - 1n) << 160n;
  const next = (value & ~mask) | (BigInt(supportBase) << 160n);
  await c.test.setStorageAt({ address: registry, index: slot, value: numberToHex(next, { size: 32 }) });
}

export interface CityScale {
  method: string;
  unionId: bigint;
  /** The real sponsor chain: `spine[d]` is the member at depth d, the leader first. */
  spine: Address[];
  members: number;
  joinGasAtDepth32: number;
  /** profileOf gas for each of the sampled members: the same whatever the union's size. */
  profileGasMin: number;
  profileGasMax: number;
  /** One `profilesOf` call resolving all sampled members, as the extension reads them: its gas, and its wall time at the node. */
  resolveBatchGas: number;
  resolveBatchMs: number;
  sampled: number;
}

/**
 * A union of 1,000,000 members, simulated at the storage level: a real sponsor chain 31 deep and
 * `sampled` real members joined under random points of it (with handles), then every ancestor's
 * support count raised to what a million members would make it (anvil_setStorageAt). Reads and
 * writes cost what they would in the full union: gas depends on which slots are touched and
 * whether they are zero, never on how many other members exist. Then a join at depth 32 and one
 * lens call resolving the sampled members, as the extension does.
 */
export async function cityScale(rpcUrl: string, registry: Address, lens: Address, sampled = 100): Promise<CityScale> {
  const members = 1_000_000;
  const c = clients(rpcUrl);
  const leader = await account(c);
  const unionId = await newUnion(c, registry, leader);
  const chain = await spine(c, registry, unionId, leader, MAX_DEPTH - 1);
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const handles: string[] = [];
  for (let i = 0; i < sampled; i++) {
    const member = await account(c);
    await send(c, registry, member, 'join', [unionId, chain[Math.floor(random() * (MAX_DEPTH - 1))]!]);
    const handle = `x:city_member_${i}`;
    await send(c, registry, member, 'claimHandle', [handle]);
    handles.push(handle);
  }
  // The rest of the million hang below the chain: each ancestor counts everything beneath it.
  for (let depth = 0; depth < chain.length; depth++) {
    const sponsor = depth === 0 ? ('0x0000000000000000000000000000000000000000' as Address) : chain[depth - 1]!;
    const slot = await nodeSlot(c, registry, unionId, chain[depth]!, sponsor);
    await setSupportBase(c, registry, slot, members - 1 - depth * 1_000);
  }
  const root = (await c.read.readContract({ address: registry, abi: unionRegistryAbi, functionName: 'nodeOf', args: [unionId, leader] })) as { supportBase: number };
  if (root.supportBase !== members - 1) throw new Error(`the simulated union counts ${root.supportBase + 1} members, not ${members}`);
  const joinGasAtDepth32 = Number(await send(c, registry, await account(c), 'join', [unionId, chain[MAX_DEPTH - 1]!]));
  const call = (handle: string) => encodeFunctionData({ abi: unionLensAbi, functionName: 'profileOf', args: [handle, [unionId]] });
  const gases = await Promise.all(handles.map(async (handle) => Number(await c.read.estimateGas({ to: lens, data: call(handle) }))));
  const batch = encodeFunctionData({ abi: unionLensAbi, functionName: 'profilesOf', args: [handles, [unionId]] });
  const resolveBatchGas = Number(await c.read.estimateGas({ to: lens, data: batch }));
  const started = performance.now();
  await c.read.call({ to: lens, data: batch });
  const resolveBatchMs = performance.now() - started;
  return {
    method: 'storage-level simulation on a local anvil (real sponsor chain 31 deep, sampled members joined for real, ancestors\' counts set to a million members with anvil_setStorageAt)',
    unionId,
    spine: chain,
    members,
    joinGasAtDepth32,
    profileGasMin: Math.min(...gases),
    profileGasMax: Math.max(...gases),
    resolveBatchGas,
    resolveBatchMs,
    sampled,
  };
}

/** A member with nobody under it yet, joined under `under` (in a new union when none is given): a sponsor for joinedSubtree. */
export async function freshSponsor(rpcUrl: string, registry: Address, under?: { unionId: bigint; member: Address }): Promise<{ unionId: bigint; sponsor: Address }> {
  const c = clients(rpcUrl);
  const unionId = under?.unionId ?? (await newUnion(c, registry, await account(c)));
  const parent = under?.member ?? (await c.read.readContract({ address: registry, abi: unionRegistryAbi, functionName: 'getUnion', args: [unionId] }))[0];
  const sponsor = await account(c);
  await send(c, registry, sponsor, 'join', [unionId, parent]);
  return { unionId, sponsor };
}

/** Calls the node's JSON-RPC methods in one batch, in order; throws on the first error. */
async function rpcBatch(rpcUrl: string, calls: [method: string, params: unknown[]][]): Promise<unknown[]> {
  const body = calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }));
  const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answers = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
  const byId = new Map(answers.map((a) => [a.id, a]));
  return calls.map(([method], id) => {
    const answer = byId.get(id);
    if (!answer || answer.error) throw new Error(`${method}: ${answer?.error?.message ?? 'no answer'}`);
    return answer.result;
  });
}

export interface JoinedSubtree {
  members: number;
  /** Levels below the sponsor. */
  depth: number;
  blocks: number;
  seconds: number;
  /** The chain's head once they are all in. */
  head: number;
}

/** Calls per JSON-RPC batch, and the gas each join may use (a join a few levels deep needs about 150,000). */
const BATCH = 500;
const JOIN_GAS = 250_000n;

/**
 * `size` members joined for real under `sponsor`, `fanOut` under each (breadth first), as the
 * chain would hold them after that many people joined: one Joined event each, every ancestor's
 * counts walked. Fast because the node signs for fresh accounts (auto-impersonation), calls go in
 * batches of 500, and blocks are mined only once a whole level waits in the pool (automine off),
 * so each block holds about 120 joins. A member's sponsor is always mined before its join is sent.
 */
export async function joinedSubtree(rpcUrl: string, registry: Address, unionId: bigint, sponsor: Address, size: number, fanOut = 10): Promise<JoinedSubtree> {
  const c = clients(rpcUrl);
  const started = performance.now();
  const firstBlock = await c.read.getBlockNumber({ cacheTime: 0 });
  const before = ((await c.read.readContract({ address: registry, abi: unionRegistryAbi, functionName: 'nodeOf', args: [unionId, sponsor] })) as { supportBase: number }).supportBase;
  await rpcBatch(rpcUrl, [['anvil_autoImpersonateAccount', [true]], ['evm_setAutomine', [false]]]);
  let joined = 0;
  let depth = 0;
  try {
    let level = [sponsor];
    while (joined < size) {
      depth += 1;
      const next: Address[] = [];
      const joins: [method: string, params: unknown[]][] = [];
      for (const parent of level) {
        for (let i = 0; i < fanOut && joined + next.length < size; i++) {
          const member = `0x${keccak256(numberToHex(++accountSeed, { size: 32 })).slice(26)}` as Address;
          next.push(member);
          const data = encodeFunctionData({ abi: unionRegistryAbi, functionName: 'join', args: [unionId, parent] });
          joins.push(['eth_sendTransaction', [{ from: member, to: registry, data, gas: numberToHex(JOIN_GAS) }]]);
        }
      }
      const funds = next.map((member): [string, unknown[]] => ['anvil_setBalance', [member, numberToHex(parseEther('1'))]]);
      for (let i = 0; i < funds.length; i += BATCH) await rpcBatch(rpcUrl, funds.slice(i, i + BATCH));
      for (let i = 0; i < joins.length; i += BATCH) await rpcBatch(rpcUrl, joins.slice(i, i + BATCH));
      // Mine until the level is in: each block takes what fits under the block gas limit.
      for (;;) {
        const [status] = (await rpcBatch(rpcUrl, [['txpool_status', []]])) as [{ pending: string; queued: string }];
        if (BigInt(status.pending) + BigInt(status.queued) === 0n) break;
        await rpcBatch(rpcUrl, [['evm_mine', []]]);
      }
      joined += next.length;
      level = next;
    }
  } finally {
    await rpcBatch(rpcUrl, [['evm_setAutomine', [true]], ['anvil_autoImpersonateAccount', [false]]]);
  }
  // Every join succeeded only if the sponsor counts them all: a reverted join counts nothing.
  const after = ((await c.read.readContract({ address: registry, abi: unionRegistryAbi, functionName: 'nodeOf', args: [unionId, sponsor] })) as { supportBase: number }).supportBase;
  if (after - before !== size) throw new Error(`${size} joins sent under ${sponsor}, but its support base grew by ${after - before}`);
  const lastBlock = await c.read.getBlockNumber({ cacheTime: 0 });
  return { members: size, depth, blocks: Number(lastBlock - firstBlock), seconds: (performance.now() - started) / 1000, head: Number(lastBlock) };
}
