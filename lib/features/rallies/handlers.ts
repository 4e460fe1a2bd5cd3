import { unionRegistryAbi as registryAbi } from '../../chain/generated/abi';
import type { Handlers } from '../../protocol';
import type { RallyRecord } from '../../store/db';
import { pollRallies, rallyInbox, unreadCount } from '../../union/rallies';
import { RequestError, type ChainHelpers, type FeatureContext } from '../context';
import type { RallyView, ralliesProtocol } from './protocol';

/** What the inbox and the rally page show of a stored rally. */
function rallyView(record: RallyRecord): RallyView {
  const { rallyId, unionId, unionName, author, text, uri, deadline, status } = record;
  return { rallyId, unionId, unionName, author, text, uri, deadline, status };
}

/** Rallies: the daily call-to-action, polled from the chain, notified once, answered on-chain. */
export function createRalliesHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof ralliesProtocol> {
  async function setRallyStatus(rallyId: number, status: RallyRecord['status']) {
    const record = await ctx.db.get('rallies', rallyId);
    if (record) await ctx.db.put('rallies', { ...record, status });
    const unread = await unreadCount(ctx.db);
    await ctx.notifier.badge(unread).catch(() => undefined);
    return unread;
  }

  return {
    async rallyInbox() {
      return { rallies: (await rallyInbox(ctx.db)).map(rallyView), unread: await unreadCount(ctx.db) };
    },

    async checkRallies() {
      const { config, client } = await ctx.connection();
      const found = await pollRallies({
        db: ctx.db,
        client,
        config,
        // The followed unions' rallies: a member's own, and those the member chose to follow.
        unionIds: await ctx.policy.followedIds(),
        unionName: async (id) => (await chain.read('getUnion', [BigInt(id)]))[1],
        notifier: ctx.notifier,
        now: ctx.now,
      });
      return { found: found.length };
    },

    async getRally({ rallyId }) {
      const rally = (await ctx.db.get('rallies', rallyId)) ?? null;
      if (rally?.status === 'unread') await setRallyStatus(rallyId, 'read');
      const address = await ctx.keeper.address();
      const [, , , , , , answers] = await chain.read('getRally', [BigInt(rallyId)]);
      const answered = address ? await chain.read('hasAnswered', [BigInt(rallyId), address]) : false;
      return { rally: rally && rallyView({ ...rally, status: rally.status === 'unread' ? 'read' : rally.status }), answers: Number(answers), answered };
    },

    async answerRally({ rallyId }, caller) {
      const result = await chain.transact(caller, 'answerRally', [BigInt(rallyId)], `Answer rally #${rallyId}: I did it`);
      await setRallyStatus(rallyId, 'answered');
      return result;
    },

    async dismissRally({ rallyId }) {
      return { unread: await setRallyStatus(rallyId, 'dismissed') };
    },

    async postRally({ unionId, text, uri, hours }, caller) {
      if (hours < 1 || hours > 24 * 30) throw new RequestError('A rally runs for 1 hour to 30 days.');
      const deadline = (await chain.chainTime()) + BigInt(hours * 3600);
      return chain.transact(caller, 'postRally', [BigInt(unionId), text.trim(), uri.trim(), deadline], `Post a rally to union #${unionId}: "${text.trim().slice(0, 60)}"`);
    },

    async pastRallies({ unionId }) {
      const { config, client } = await ctx.connection();
      const count = Number(await chain.read('rallyCount', []));
      const ids = Array.from({ length: count }, (_, i) => BigInt(count - i));
      const reads = await client.multicall({
        contracts: ids.map((id) => ({ address: config.registry, abi: registryAbi, functionName: 'getRally', args: [id] }) as const),
        multicallAddress: config.multicall3,
        allowFailure: false,
      });
      const rallies = reads.flatMap(([union, , text, uri, deadline, postedAt, answers], i) =>
        Number(union) === unionId
          ? [{ rallyId: Number(ids[i]), text, uri, deadline: Number(deadline), postedAt: Number(postedAt), answers: Number(answers) }]
          : [],
      );
      return { rallies };
    },
  };
}
