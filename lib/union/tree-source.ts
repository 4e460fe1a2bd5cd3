import type { Address, PublicClient } from 'viem';
import type { ChainConfig } from '../config';
import { zeroAddress } from 'viem';
import {
  HANDLE_CLAIMED, HANDLE_UNCLAIMED, JOINED, LEFT, OFFICER_REMOVED, OFFICER_SET, RALLY_ANSWERED, SPONSOR_SWITCHED, STAKE_INCREASED, STAKE_LOCKED,
  STAKE_SETTLED, STAKE_WITHDRAWN, TIPPED,
} from '../chain/events';
import { foldTree, type TreeEvent, type UnionTree } from './tree';
import { getLogsRanged } from '../chain/reads';
import { unionRegistryAbi } from '../chain/generated/abi';

const UNION_EVENTS = [JOINED, SPONSOR_SWITCHED, LEFT, OFFICER_SET, OFFICER_REMOVED, RALLY_ANSWERED];
const STAKE_EVENTS = [STAKE_LOCKED, STAKE_INCREASED, STAKE_WITHDRAWN, STAKE_SETTLED];
const STAKE_CHANGES = { Locked: 'locked', Increased: 'increased', Withdrawn: 'withdrawn', Settled: 'settled' } as const;

type Log = { blockNumber: bigint | null; logIndex: number | null; eventName: string; args: Record<string, unknown> };

function toEvent(log: Log): TreeEvent | null {
  const at = { block: Number(log.blockNumber), logIndex: log.logIndex ?? 0 };
  const a = log.args as {
    unionId: bigint; member: Address; sponsor: Address; newSponsor: Address; title: string; owner: Address; handle: string; to: Address; amount: bigint; added: bigint;
  };
  const zero = '0x0000000000000000000000000000000000000000';
  switch (log.eventName) {
    case 'Joined':
      return { kind: 'joined', unionId: Number(a.unionId), member: a.member, sponsor: a.sponsor === zero ? null : a.sponsor, ...at };
    case 'SponsorSwitched':
      return { kind: 'switched', unionId: Number(a.unionId), member: a.member, sponsor: a.newSponsor, ...at };
    case 'Left':
      return { kind: 'left', unionId: Number(a.unionId), member: a.member, ...at };
    case 'OfficerSet':
      return { kind: 'officer', unionId: Number(a.unionId), member: a.member, title: a.title, ...at };
    case 'OfficerRemoved':
      return { kind: 'officer', unionId: Number(a.unionId), member: a.member, title: null, ...at };
    case 'HandleClaimed':
      return { kind: 'claimed', owner: a.owner, handle: a.handle, ...at };
    case 'HandleUnclaimed':
      return { kind: 'unclaimed', owner: a.owner, handle: a.handle, ...at };
    case 'RallyAnswered':
      return { kind: 'answered', unionId: Number(a.unionId), member: a.member, ...at };
    case 'Tipped':
      return { kind: 'tipped', to: a.to, ...at };
    case 'Locked':
    case 'Increased':
    case 'Withdrawn':
    case 'Settled':
      // Increased carries what was added, and the lock's new total as `amount`.
      return { kind: 'stake', change: STAKE_CHANGES[log.eventName], unionId: Number(a.unionId), owner: a.owner, amount: log.eventName === 'Increased' ? a.added : a.amount, ...at };
    default:
      return null;
  }
}

/**
 * The union's tree folded from the registry's events, kept per union and brought up to date
 * from the last block read, in bounded ranges: a small union is folded here, in the background; a
 * city-sized one is read from the indexer (./indexer.ts), and folded here only when none is set or
 * it fails.
 */
export function createTreeSource() {
  const trees = new Map<string, UnionTree>();
  return async function unionTree(client: PublicClient, config: ChainConfig, unionId: number): Promise<UnionTree> {
    // Tips count in ETH and the union's token: a new token means counting again from the start.
    const token = await client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'unionToken', args: [BigInt(unionId)] });
    const key = `${config.chainId}:${config.registry}:${unionId}:${token}`;
    let tree = trees.get(key);
    const latest = await client.getBlockNumber({ cacheTime: 0 });
    const from = tree ? BigInt(tree.lastBlock) + 1n : undefined;
    if (from === undefined || from <= latest) {
      const range = { address: config.registry, fromBlock: from, toBlock: latest };
      const union = { unionId: BigInt(unionId) };
      const logs = (
        await Promise.all([
          ...UNION_EVENTS.map((event) => getLogsRanged(client, { ...range, event, args: union })),
          ...STAKE_EVENTS.map((event) => getLogsRanged(client, { ...range, address: config.stakeLock, event, args: union })),
          ...[HANDLE_CLAIMED, HANDLE_UNCLAIMED].map((event) => getLogsRanged(client, { ...range, event })),
          getLogsRanged(client, { ...range, address: config.tips, event: TIPPED, args: { token: token === zeroAddress ? zeroAddress : [zeroAddress, token] } }),
        ])
      ).flat() as unknown as Log[];
      tree = foldTree(unionId, logs.map(toEvent).filter((e): e is TreeEvent => e !== null), tree);
      tree.lastBlock = Number(latest);
    }
    tree ??= foldTree(unionId, []);
    trees.set(key, tree);
    return tree;
  };
}
