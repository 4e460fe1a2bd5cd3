import type { Handlers } from '../../protocol';
import { serializeTree } from '../../union/tree';
import { createTreeSource } from '../../union/tree-source';
import type { ChainHelpers, FeatureContext } from '../context';
import type { treeProtocol } from './protocol';

/** Unions' trees folded from the registry's events, kept per union and brought up to date on each read. */
export type UnionTrees = ReturnType<typeof createTreeSource>;

export function createTreeHandlers(ctx: FeatureContext, chain: ChainHelpers, trees: UnionTrees): Handlers<keyof typeof treeProtocol> {
  return {
    async unionTree({ unionId }) {
      const { config, client } = await ctx.connection();
      const [leader, name] = await chain.read('getUnion', [BigInt(unionId)]);
      return { tree: serializeTree(await trees(client, config, unionId)), union: { id: unionId, name, leader } };
    },
  };
}
