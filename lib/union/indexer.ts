/**
 * Reads from the union's indexer (indexer/, a Ponder app): the tree from a root, leaderboards,
 * ranks, tip and campaign records, each one bounded HTTP read. Answers are checked for shape before
 * use; any failure throws, and callers fall back to folding the chain's events themselves.
 */
import type { Address, Hex } from 'viem';
import type { ChainConfig } from '../config';
import { compareUnits, type SerializedTree, type TreeNode } from './tree';

/** A slow indexer is as good as none: the fold answers instead. */
const TIMEOUT_MS = 5_000;
/** Members the tree page receives at once; more hang under "+N more" until a branch is opened. */
export const INDEXED_TREE_LIMIT = 5_000;
export const BOARD_SIZE = 20;

export type IndexedBoard = 'supportBase' | 'stakeBelow' | 'ralliesAnswered' | 'tipsReceived';

interface IndexedNode extends TreeNode {
  attachedAt: string;
}

export interface IndexedTip {
  from: Address;
  to: Address;
  token: Address;
  /** In the asset's smallest unit. */
  amount: string;
  context: Hex;
  hash: Hex;
  block: number;
}

export interface IndexedCampaignRecord {
  open: number;
  won: number;
  partlyWon: number;
  lost: number;
  withdrawn: number;
  raised: { token: Address; amount: string }[];
  backers: number;
}

/** Why an indexer answer was refused: unreachable, an error status, or not what this API serves. */
export class IndexerError extends Error {
  override name = 'IndexerError';
}

export function createIndexerClient(baseUrl: string, fetchFn: typeof fetch = fetch) {
  async function get<T>(path: string, check: (body: unknown) => boolean): Promise<T> {
    let response: Response;
    try {
      response = await fetchFn(baseUrl + path, { signal: AbortSignal.timeout(TIMEOUT_MS), credentials: 'omit' });
    } catch (error) {
      throw new IndexerError(`the indexer at ${baseUrl} did not answer (${(error as Error).message})`);
    }
    if (!response.ok) throw new IndexerError(`the indexer answered ${response.status} to ${path.split('?')[0]}`);
    const body: unknown = await response.json().catch(() => null);
    if (!check(body)) throw new IndexerError(`the indexer's answer to ${path.split('?')[0]} is not what it should serve`);
    return body as T;
  }

  return {
    /** The chain and registry it indexes. */
    info: () => get<{ chainId: number; registry: string }>('/info', (b) => isRecord(b) && typeof b.chainId === 'number' && typeof b.registry === 'string'),

    /** The last block applied on `chainId`. */
    async indexedBlock(chainId: number): Promise<number> {
      const status = await get<Record<string, { id: number; block: { number: number } }>>('/status', isRecord);
      const chain = Object.values(status).find((s) => isRecord(s) && s.id === chainId);
      if (!chain || typeof chain.block?.number !== 'number') throw new IndexerError(`the indexer does not index chain ${chainId}`);
      return chain.block.number;
    },

    tree: (unionId: number, root: Address | null) =>
      get<{ union: { leader: Address; members: number }; complete: boolean; nodes: IndexedNode[] }>(
        `/unions/${unionId}/tree?limit=${INDEXED_TREE_LIMIT}${root ? `&root=${root}` : ''}`,
        (b) => isRecord(b) && isRecord(b.union) && Array.isArray(b.nodes) && b.nodes.every(isNode),
      ),

    leaderboard: (unionId: number, by: IndexedBoard, limit = BOARD_SIZE) =>
      get<{ nodes: IndexedNode[] }>(`/unions/${unionId}/leaderboard?by=${by}&limit=${limit}`, (b) => isRecord(b) && Array.isArray(b.nodes) && b.nodes.every(isNode)),

    /** null when `address` is no active member. */
    async rank(unionId: number, address: Address): Promise<{ rank: number; of: number } | null> {
      const response = await fetchFn(`${baseUrl}/unions/${unionId}/rank/${address}`, { signal: AbortSignal.timeout(TIMEOUT_MS), credentials: 'omit' }).catch((error: Error) => {
        throw new IndexerError(`the indexer at ${baseUrl} did not answer (${error.message})`);
      });
      if (response.status === 404) return null;
      if (!response.ok) throw new IndexerError(`the indexer answered ${response.status} to /rank`);
      const body: unknown = await response.json().catch(() => null);
      if (!isRecord(body) || typeof body.rank !== 'number' || typeof body.of !== 'number') throw new IndexerError("the indexer's rank is not a rank");
      return { rank: body.rank, of: body.of };
    },

    tips: (address: Address) =>
      get<{ sent: IndexedTip[]; received: IndexedTip[] }>(`/accounts/${address}/tips`, (b) => isRecord(b) && Array.isArray(b.sent) && Array.isArray(b.received) && [...b.sent, ...b.received].every(isTip)),

    /** Tips `address` received in all, per asset (the zero address for ETH). */
    tipTotals: (address: Address) =>
      get<{ received: { token: Address; count: number; amount: string }[] }>(
        `/accounts/${address}/tips/received`,
        (b) => isRecord(b) && Array.isArray(b.received) && b.received.every((t) => isRecord(t) && ADDRESS.test(t.token) && Number.isSafeInteger(t.count) && /^\d+$/.test(t.amount)),
      ),

    campaignRecord: (unionId: number) =>
      get<IndexedCampaignRecord>(`/unions/${unionId}/campaigns/record`, (b) => isRecord(b) && typeof b.won === 'number' && typeof b.backers === 'number' && Array.isArray(b.raised)),
  };
}

export type IndexerClient = ReturnType<typeof createIndexerClient>;

/** Refuses an indexer of another chain or registry: its numbers would be another union's. */
export async function checkIndexer(client: IndexerClient, config: Pick<ChainConfig, 'chainId' | 'registry'>): Promise<void> {
  const info = await client.info();
  if (info.chainId !== config.chainId) throw new IndexerError(`the indexer reads chain ${info.chainId}, not ${config.chainId}`);
  if (info.registry.toLowerCase() !== config.registry.toLowerCase()) throw new IndexerError(`the indexer reads the registry ${info.registry}, not ${config.registry}`);
}

/**
 * Indexed nodes as the tree page's serialized tree, `top` first: ordered by depth, then as they came
 * under their sponsor, so rebuilding it attaches children in the registry's order.
 */
export function indexedTree(unionId: number, top: Address, lastBlock: number, nodes: IndexedNode[]): SerializedTree {
  const ordered = [...nodes].sort((a, b) => a.depth - b.depth || compareUnits(a.attachedAt, b.attachedAt));
  return { unionId, root: top, lastBlock, nodes: ordered.map(treeNode), claims: [] };
}

export function treeNode(n: IndexedNode): TreeNode {
  return {
    address: n.address, sponsor: n.sponsor, active: n.active, role: n.role, title: n.title, handle: n.handle,
    supportBase: n.supportBase, directSupporters: n.directSupporters, ralliesAnswered: n.ralliesAnswered,
    tipsReceived: n.tipsReceived, stakeBelow: n.stakeBelow, depth: n.depth,
  };
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ADDRESS = /^0x[0-9a-f]{40}$/;
const ROLES = new Set(['leader', 'officer', 'member', 'left']);

function isNode(value: unknown): value is IndexedNode {
  if (!isRecord(value)) return false;
  const counts = ['supportBase', 'directSupporters', 'ralliesAnswered', 'tipsReceived', 'depth'].every((k) => Number.isSafeInteger(value[k]));
  return counts && ADDRESS.test(value.address) && (value.sponsor === null || ADDRESS.test(value.sponsor)) && typeof value.active === 'boolean'
    && ROLES.has(value.role) && typeof value.title === 'string' && typeof value.handle === 'string' && /^\d+$/.test(value.attachedAt)
    && /^\d+$/.test(value.stakeBelow);
}

function isTip(value: unknown): value is IndexedTip {
  return isRecord(value) && ADDRESS.test(value.from) && ADDRESS.test(value.to) && ADDRESS.test(value.token) && /^\d+$/.test(value.amount)
    && /^0x[0-9a-f]{64}$/.test(value.context) && /^0x[0-9a-f]{64}$/.test(value.hash) && Number.isSafeInteger(value.block);
}
