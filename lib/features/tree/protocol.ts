import type { Address } from 'viem';
import type { SerializedTree, TreeNode } from '../../union/tree';
import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';

/** Where a tree answer came from: the indexer, or the chain's events folded here (with why the indexer was not used). */
export type TreeSource = { kind: 'indexer'; url: string } | { kind: 'chain'; indexerError: string | null };

export interface UnionTreeAnswer {
  /** From the indexer: the branch under `root` (or the whole union), at most INDEXED_TREE_LIMIT members. Folded: the whole union. */
  tree: SerializedTree;
  union: { id: number; name: string; leader: Address; members: number };
  source: TreeSource;
  /** The whole union's leaderboards; null when folded (the page ranks the tree it holds). */
  boards: { support: TreeNode[]; rallies: TreeNode[]; tips: TreeNode[]; stake: TreeNode[] } | null;
  /** The union's token, which stake is locked in (each node's `stakeBelow`); null when it names none. */
  stakeUnit: { symbol: string; decimals: number } | null;
  /** False when the indexer cut the tree at its limit. */
  complete: boolean;
  /** The wallet's place among all active members by support base, when it is one. */
  me: { address: Address; rank: number; of: number } | null;
}

export const treeProtocol = {
  unionTree: request<UnionTreeAnswer>()({ fields: { unionId: field.count(), root: field.optional(field.text(42)) } }),
};
