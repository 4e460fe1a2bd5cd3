import { isAddress, type Address } from 'viem';
import { safeText } from '../../format';
import type { Handlers } from '../../protocol';
import { checkIndexer, createIndexerClient, indexedTree, treeNode } from '../../union/indexer';
import { leaderboard, serializeTree, type UnionTree } from '../../union/tree';
import { createTreeSource } from '../../union/tree-source';
import type { ChainHelpers, FeatureContext } from '../context';
import type { treeProtocol, UnionTreeAnswer } from './protocol';

/** Unions' trees folded from the registry's events, kept per union and brought up to date on each read. */
export type UnionTrees = ReturnType<typeof createTreeSource>;

/**
 * The tree page's data: from the indexer when one is set (the branch asked for, the whole union's
 * leaderboards and the wallet's rank), else, or when it fails, folded from the chain's events.
 */
export function createTreeHandlers(ctx: FeatureContext, chain: ChainHelpers, trees: UnionTrees): Handlers<keyof typeof treeProtocol> {
  async function fromIndexer(url: string, unionId: number, root: Address | null, me: Address | null) {
    const { config } = await ctx.connection();
    const indexer = createIndexerClient(url, ctx.fetchFn);
    await checkIndexer(indexer, config);
    const [block, served, support, rallies, tips, staked, rank] = await Promise.all([
      indexer.indexedBlock(config.chainId),
      indexer.tree(unionId, root),
      indexer.leaderboard(unionId, 'supportBase'),
      indexer.leaderboard(unionId, 'ralliesAnswered'),
      indexer.leaderboard(unionId, 'tipsReceived'),
      indexer.leaderboard(unionId, 'stakeBelow'),
      me ? indexer.rank(unionId, me) : null,
    ]);
    const top = served.nodes[0]!.address;
    return {
      tree: indexedTree(unionId, top, block, served.nodes),
      members: served.union.members,
      boards: { support: support.nodes.map(treeNode), rallies: rallies.nodes.map(treeNode), tips: tips.nodes.map(treeNode), stake: staked.nodes.map(treeNode) },
      complete: served.complete,
      me: me && rank ? { address: me, ...rank } : null,
    };
  }

  function folded(tree: UnionTree, me: Address | null) {
    const active = leaderboard(tree, 'supportBase', Infinity);
    const place = me ? active.findIndex((n) => n.address === me.toLowerCase()) : -1;
    return {
      tree: serializeTree(tree),
      members: active.length,
      boards: null,
      complete: true,
      me: me && place >= 0 ? { address: me, rank: place + 1, of: active.length } : null,
    };
  }

  return {
    async unionTree({ unionId, root: rootText }): Promise<UnionTreeAnswer> {
      const { config, client } = await ctx.connection();
      const root = rootText && isAddress(rootText, { strict: false }) ? (rootText.toLowerCase() as Address) : null;
      const [[leader, name], me, token] = await Promise.all([chain.read('getUnion', [BigInt(unionId)]), ctx.keeper.address(), chain.unionTokenOf(unionId).catch(() => null)]);
      const union = { id: unionId, name, leader };
      // Stake is counted in the union's token; without one there is none to weigh.
      const stakeUnit = token && { symbol: safeText(token.symbol, 12), decimals: token.decimals };
      let indexerError: string | null = null;
      if (config.indexerUrl) {
        try {
          const answer = await fromIndexer(config.indexerUrl, unionId, root, me);
          return { ...answer, union: { ...union, members: answer.members }, stakeUnit, source: { kind: 'indexer', url: config.indexerUrl } };
        } catch (error) {
          indexerError = (error as Error).message;
        }
      }
      const answer = folded(await trees(client, config, unionId), me);
      return { ...answer, union: { ...union, members: answer.members }, stakeUnit, source: { kind: 'chain', indexerError } };
    },
  };
}
