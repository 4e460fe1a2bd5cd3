/**
 * The Ponder indexer against a real anvil: after a random history of joins, switches, leaves,
 * rejoins, handle claims, tips, rally answers and locks (added to, withdrawn, settled), the tree
 * and leaderboards it serves equal what the contracts' own views say, and so does the extension's
 * own fold of the events (what the tree page falls back to). One chain and one indexer for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createTestClient, erc20Abi, http, keccak256, maxUint256, parseEther, stringToHex, type Address, type Hex, type PublicClient } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { stakeLockAbi, tipsAbi, unionRegistryAbi } from '@/lib/chain/generated/abi';
import { writeRegistry } from '@/lib/chain/write';
import { createTreeSource } from '@/lib/union/tree-source';
import type { LocalNode } from '@/scripts/anvil';
import { startSeededChain } from '@/scripts/chain';
import { localChain, writerFor, type Deployment } from '@/scripts/deploy';
import { startIndexer, type Indexer } from '@/scripts/indexer';

/** A seed per run, printed with any failure, so a failing history can be replayed (INDEXER_SEED=…). */
const SEED = Number(process.env.INDEXER_SEED ?? Date.now() % 1_000_000);
const STEPS = 80;
const ACCOUNTS = 14;

type IndexedNode = {
  address: Address; sponsor: Address | null; active: boolean; role: string; title: string; handle: string;
  supportBase: number; directSupporters: number; subtreeSize: number; ralliesAnswered: number; tipsReceived: number; depth: number;
  /** Stake-weighted support, in the token's smallest unit. */
  stakeBelow: string;
};

let node: LocalNode;
let deployment: Deployment;
let chain: PublicClient;
let test: ReturnType<typeof createTestClient>;
let indexer: Indexer;
let unionId: bigint;
/** Everyone who ever joined the test union, the leader first. */
const everJoined: Address[] = [];
/** ETH tips each address received, counted by the test as it sent them. */
const tipsTo = new Map<Address, number>();
const keys = new Map<Address, Hex>();

/** mulberry32: small, fast and good enough to pick moves. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address;
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(indexer.url + path);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

const writer = (address: Address) => writerFor(deployment, privateKeyToAccount(keys.get(address)!));

type StakeWrite = 'lock' | 'increaseAmount' | 'withdraw' | 'settle';
/** A StakeLock call from `from`, simulated first so a refusal throws with its error's name. */
async function writeStake(from: Address, functionName: StakeWrite, args: readonly unknown[]) {
  const { public: reader, wallet } = writer(from);
  const { request } = await reader.simulateContract({ account: wallet.account, address: deployment.stakeLock, abi: stakeLockAbi, functionName, args } as never);
  const hash = await wallet.writeContract(request as never);
  expect((await reader.waitForTransactionReceipt({ hash, pollingInterval: 50 })).status).toBe('success');
}

/** What the registry's views say of every node ever in the union. */
async function chainView() {
  const on = { address: deployment.registry, abi: unionRegistryAbi } as const;
  const reads = await chain.multicall({
    contracts: everJoined.flatMap((member) => [
      { ...on, functionName: 'nodeOf', args: [unionId, member] },
      { ...on, functionName: 'ralliesAnswered', args: [unionId, member] },
      { ...on, functionName: 'claimsOf', args: [member] },
      { ...on, functionName: 'stakeOf', args: [unionId, member] },
    ] as const),
    allowFailure: false,
  });
  return everJoined.map((address, i) => {
    const [n, rallies, claims, [, below]] = reads.slice(i * 4, i * 4 + 4) as [
      { sponsor: Address; supportBase: number; directSupporters: number; role: number },
      number,
      readonly string[],
      readonly [bigint, bigint],
    ];
    return {
      address: lower(address),
      sponsor: n.sponsor === '0x0000000000000000000000000000000000000000' ? null : lower(n.sponsor),
      active: n.role !== 0,
      supportBase: n.supportBase,
      directSupporters: n.directSupporters,
      ralliesAnswered: Number(rallies),
      handle: claims[0] ?? '',
      tipsReceived: tipsTo.get(lower(address)) ?? 0,
      stakeBelow: String(below),
    };
  });
}

/** The leaderboard the extension shows, recomputed from the views: active members, largest first, ties by address. */
function expectedBoard(view: Awaited<ReturnType<typeof chainView>>, by: 'supportBase' | 'stakeBelow' | 'ralliesAnswered' | 'tipsReceived', limit: number) {
  const value = (n: (typeof view)[number]) => BigInt(n[by]);
  return view
    .filter((n) => n.active && (by !== 'tipsReceived' || n.tipsReceived > 0))
    .sort((a, b) => (value(b) > value(a) ? 1 : value(b) < value(a) ? -1 : a.address < b.address ? -1 : 1))
    .slice(0, limit)
    .map((n) => [n.address, n[by]]);
}

beforeAll(async () => {
  ({ node, deployment } = await startSeededChain());
  const viemChain = localChain(node.rpcUrl);
  chain = createPublicClient({ chain: viemChain, transport: http(node.rpcUrl), pollingInterval: 50 }) as PublicClient;
  test = createTestClient({ chain: viemChain, mode: 'anvil', transport: http(node.rpcUrl) });
  // Started alongside the history, so it indexes most of it live, as the extension's users would see it.
  const starting = startIndexer(deployment);

  for (let i = 0; i < ACCOUNTS; i++) {
    const key = generatePrivateKey();
    const address = privateKeyToAccount(key).address;
    keys.set(address, key);
    await test.setBalance({ address, value: parseEther('100') });
  }
  const [leader] = [...keys.keys()];
  await writeRegistry(writer(leader!), 'createUnion', ['Indexer Union', 'A random history', keccak256(stringToHex('bylaws'))]);
  unionId = await chain.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'unionCount' });
  everJoined.push(leader!);
  // The union locks the demo token: every account gets some from its holder and lets StakeLock take it.
  await writeRegistry(writer(leader!), 'setUnionToken', [unionId, deployment.token]);
  const holder = deployment.members.find((m) => m.role === 'leader')!;
  const tokens = writerFor(deployment, privateKeyToAccount(holder.privateKey));
  for (const address of keys.keys()) {
    await chain.waitForTransactionReceipt({ hash: await tokens.wallet.writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'transfer', args: [address, parseEther('1000')] }), pollingInterval: 50 });
    await chain.waitForTransactionReceipt({ hash: await writer(address).wallet.writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'approve', args: [deployment.stakeLock, maxUint256] }), pollingInterval: 50 });
  }
  await runHistory(random(SEED));
  await lockAtTheEnd(tokens);
  indexer = await starting;
}, 240_000);

afterAll(async () => {
  await indexer?.stop();
  await node?.stop();
});

/** A newcomer joins under the last active member and locks, so the end state holds stake below some members whatever the history. */
async function lockAtTheEnd(tokens: ReturnType<typeof writerFor>) {
  const key = generatePrivateKey();
  const newcomer = privateKeyToAccount(key).address;
  keys.set(newcomer, key);
  await test.setBalance({ address: newcomer, value: parseEther('10') });
  await chain.waitForTransactionReceipt({ hash: await tokens.wallet.writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'transfer', args: [newcomer, parseEther('5')] }), pollingInterval: 50 });
  await chain.waitForTransactionReceipt({ hash: await writer(newcomer).wallet.writeContract({ address: deployment.token, abi: erc20Abi, functionName: 'approve', args: [deployment.stakeLock, parseEther('5')] }), pollingInterval: 50 });
  const active = (await chainView()).filter((n) => n.active);
  await writeRegistry(writer(newcomer), 'join', [unionId, active[active.length - 1]!.address]);
  everJoined.push(newcomer);
  await writeStake(newcomer, 'lock', [unionId, parseEther('5'), (await chain.getBlock()).timestamp + 21n * 86_400n]);
}

/** Random moves, each a real transaction; a move the registry refuses (a cycle, too deep) is skipped. */
async function runHistory(next: () => number) {
  const pick = <T,>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const roles = async () => {
    const view = await chainView();
    return { active: view.filter((n) => n.active).map((n) => n.address), left: view.filter((n) => !n.active).map((n) => n.address) };
  };
  const leader = everJoined[0]!;
  let rally: bigint | null = null;
  for (let step = 0; step < STEPS; step++) {
    const { active, left } = await roles();
    const outsiders = [...keys.keys()].filter((a) => !everJoined.includes(a));
    const movers = active.filter((a) => a !== lower(leader));
    const original = (a: Address) => [...keys.keys()].find((k) => lower(k) === a)!;
    const move = next();
    try {
      if (move < 0.3 && outsiders.length > 0) {
        const newcomer = pick(outsiders);
        await writeRegistry(writer(newcomer), 'join', [unionId, pick(active)]);
        everJoined.push(newcomer);
      } else if (move < 0.42 && movers.length > 0) {
        await writeRegistry(writer(original(pick(movers))), 'switchSponsor', [unionId, pick(active)]);
      } else if (move < 0.5 && movers.length > 0) {
        await writeRegistry(writer(original(pick(movers))), 'leave', [unionId]);
      } else if (move < 0.56 && left.length > 0) {
        await writeRegistry(writer(original(pick(left))), 'join', [unionId, pick(active)]);
      } else if (move < 0.6) {
        const claimant = original(pick([...active, ...left]));
        await writeRegistry(writer(claimant), 'claimHandle', [`x:m${step}_${SEED % 1000}`]);
      } else if (move < 0.66) {
        const from = pick([...keys.keys()]);
        const to = pick(active.filter((a) => a !== lower(from)));
        const tipper = writer(from);
        const hash = await tipper.wallet.writeContract({
          address: deployment.tips, abi: tipsAbi, functionName: 'tipEth', args: [to, keccak256(stringToHex(`post ${step}`))], value: parseEther('0.01'),
        });
        await chain.waitForTransactionReceipt({ hash, pollingInterval: 50 });
        tipsTo.set(to, (tipsTo.get(to) ?? 0) + 1);
      } else if (move < 0.72) {
        // A lock three weeks out, or an addition to one; some expire as chain time moves on below.
        const owner = original(pick(active));
        const now = (await chain.getBlock()).timestamp;
        const amount = parseEther(String(1 + Math.floor(next() * 50)));
        if (next() < 0.6) await writeStake(owner, 'lock', [unionId, amount, now + 21n * 86_400n]);
        else await writeStake(owner, 'increaseAmount', [unionId, amount]);
      } else if (move < 0.78) {
        // A month passes: expired locks are settled by anyone, or withdrawn by their owner.
        await test.increaseTime({ seconds: 30 * 86_400 });
        await test.mine({ blocks: 1 });
        rally = null; // closed by now
        const owner = original(pick([...active, ...left]));
        if (next() < 0.5) await writeStake(leader, 'settle', [owner, unionId]);
        else await writeStake(owner, 'withdraw', [unionId]);
      } else if (rally === null || move < 0.84) {
        const now = (await chain.getBlock()).timestamp;
        await writeRegistry(writer(leader), 'postRally', [unionId, `Rally ${step}`, '', now + 86_400n]);
        rally = await chain.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'rallyCount' });
      } else {
        await writeRegistry(writer(original(pick(active))), 'answerRally', [rally]);
      }
    } catch (error) {
      // Refusals are part of a random history (cycles, answering twice); anything else is a failure.
      if (!/CycleDetected|TooDeep|AlreadyAnswered|SameSponsor|HandleTaken|LockExists|NoLock|LockExpired|LockNotExpired|NothingToSettle/.test(String(error))) throw error;
    }
  }
}

describe(`the indexer after a random history (seed ${SEED})`, () => {
  it('serves the tree the registry holds: every node with its sponsor, state, counts and handle', async () => {
    await indexer.waitForBlock(await chain.getBlockNumber());
    const view = await chainView();
    const served = await get<{ nodes: IndexedNode[]; complete: boolean; root: Address }>(`/unions/${unionId}/tree?limit=1000`);
    expect(served.complete).toBe(true);
    expect(served.root).toBe(lower(everJoined[0]!));
    const byAddress = new Map(served.nodes.map((n) => [n.address, n]));
    expect(served.nodes).toHaveLength(view.length);
    for (const expected of view) {
      const got = byAddress.get(expected.address);
      expect(got, expected.address).toBeDefined();
      expect({ ...got!, depth: undefined, role: undefined, title: undefined, subtreeSize: undefined }).toMatchObject({ ...expected });
    }
    // Depths follow the sponsors: every node sits one below its sponsor.
    for (const n of served.nodes) expect(n.depth).toBe(n.sponsor ? byAddress.get(n.sponsor)!.depth + 1 : 0);
    // Each subtree's size counts every node under it, as the tree itself says.
    for (const n of served.nodes) {
      const below = served.nodes.filter((m) => m.sponsor === n.address);
      expect(n.subtreeSize, n.address).toBe(below.reduce((sum, m) => sum + m.subtreeSize + 1, 0));
    }
  });

  it('ranks the leaderboards (support base, stake-weighted support, rallies answered, tips) as the views do', async () => {
    const view = await chainView();
    for (const by of ['supportBase', 'stakeBelow', 'ralliesAnswered', 'tipsReceived'] as const) {
      const board = await get<{ nodes: IndexedNode[] }>(`/unions/${unionId}/leaderboard?by=${by}&limit=5`);
      expect(board.nodes.map((n) => [n.address, n[by]]), by).toEqual(expectedBoard(view, by, 5));
    }
    // The last lock counts below its sponsor and up: the stake board is a real ranking.
    expect(view.some((n) => n.stakeBelow !== '0')).toBe(true);
  });

  it("folds the same tree from the chain's events as the extension does without an indexer", async () => {
    const view = await chainView();
    const folded = await createTreeSource()(chain, deployment, Number(unionId));
    expect(folded.nodes.size).toBe(view.length);
    for (const expected of view) {
      const { address, sponsor, active, supportBase, directSupporters, ralliesAnswered, handle, tipsReceived, stakeBelow } = folded.nodes.get(expected.address)!;
      expect({ address, sponsor, active, supportBase, directSupporters, ralliesAnswered, handle, tipsReceived, stakeBelow }).toEqual(expected);
    }
  });

  it("gives each active member its rank among all members by support base", async () => {
    const view = await chainView();
    const order = expectedBoard(view, 'supportBase', view.length);
    for (const [i, [address]] of order.entries()) {
      const rank = await get<{ rank: number; of: number }>(`/unions/${unionId}/rank/${address}`);
      expect(rank, String(address)).toEqual({ rank: i + 1, of: order.length, supportBase: order[i]![1] });
    }
  });

  it('keeps the record of tips sent and received', async () => {
    const [recipient, count] = [...tipsTo].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (!recipient) return expect(tipsTo.size).toBe(0);
    const tips = await get<{ received: { from: Address; to: Address; amount: string }[] }>(`/accounts/${recipient}/tips`);
    expect(tips.received).toHaveLength(count!);
    for (const t of tips.received) expect(t).toMatchObject({ to: lower(recipient), amount: parseEther('0.01').toString() });
    // The totals the rank popover shows: every tip counted, whatever the length of the list.
    const totals = await get<{ received: { token: Address; count: number; amount: string }[] }>(`/accounts/${recipient}/tips/received`);
    expect(totals.received).toEqual([{ token: '0x0000000000000000000000000000000000000000', count: count!, amount: (parseEther('0.01') * BigInt(count!)).toString() }]);
  });

  it('indexes the seeded demo union too, its locks included: the same counts and stake-weighted support as its views', async () => {
    const served = await get<{ nodes: IndexedNode[] }>('/unions/1/tree?limit=1000');
    const on = { address: deployment.registry, abi: unionRegistryAbi } as const;
    const reads = await chain.multicall({
      contracts: served.nodes.flatMap((n) => [
        { ...on, functionName: 'nodeOf', args: [1n, n.address] },
        { ...on, functionName: 'stakeOf', args: [1n, n.address] },
      ] as const),
      allowFailure: false,
    });
    expect(served.nodes).toHaveLength(deployment.members.length);
    const expected = served.nodes.map((_, i) => {
      const [node, [, below]] = reads.slice(i * 2, i * 2 + 2) as [{ supportBase: number; directSupporters: number }, readonly [bigint, bigint]];
      return [node.supportBase, node.directSupporters, String(below)];
    });
    expect(served.nodes.map((n) => [n.supportBase, n.directSupporters, n.stakeBelow])).toEqual(expected);
    // The demo's locks give some members stake below them: the board ranks by it.
    expect(expected.some(([, , below]) => below !== '0')).toBe(true);
    const board = await get<{ nodes: IndexedNode[] }>('/unions/1/leaderboard?by=stakeBelow&limit=3');
    const top = expected.map((e, i) => [served.nodes[i]!.address, BigInt(e[2]!)] as const).sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0] < b[0] ? -1 : 1)).slice(0, 3);
    expect(board.nodes.map((n) => [n.address, BigInt(n.stakeBelow)])).toEqual(top);
  });
});
