import { erc20Abi, type Address } from 'viem';
import { JOINED, SPONSOR_SWITCHED } from '../../chain/events';
import { unionRegistryAbi as registryAbi } from '../../chain/generated/abi';
import { getLogsRanged } from '../../chain/reads';
import { ROLES } from '../../chain/types';
import { formatProof } from '../../identity/proof';
import { chainName, formatAmount, LOCAL_DEV_CHAIN_ID } from '../../wallet/amounts';
import { fundOnLocalChain } from '../../wallet/test-funds';
import type { Handlers } from '../../protocol';
import { RequestError, type ChainHelpers, type FeatureContext } from '../context';
import type { ClaimedHandle, MembershipSummary, WaitingVouch, walletProtocol } from './protocol';

/** Keys, the vault, the member's overview, and the approval window's requests. */
export function createWalletHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof walletProtocol> {
  const { keeper } = ctx;

  /** Direct supporters of `sponsor` whose claims nobody vouched for yet, from the registry's events, in two multicalls. */
  async function waitingVouches(sponsor: Address): Promise<WaitingVouch[]> {
    const { config, client } = await ctx.connection();
    const [joined, switched] = await Promise.all([
      getLogsRanged(client, { address: config.registry, event: JOINED, args: { sponsor } }),
      getLogsRanged(client, { address: config.registry, event: SPONSOR_SWITCHED }),
    ]);
    const candidates = new Map<string, { unionId: bigint; member: Address }>();
    for (const log of [...joined, ...switched.filter((l) => l.args.newSponsor === sponsor)]) {
      const { unionId, member } = log.args;
      if (unionId !== undefined && member) candidates.set(`${unionId}:${member}`, { unionId, member });
    }
    const list = [...candidates.values()];
    const contract = { address: config.registry, abi: registryAbi } as const;
    const multicall = { multicallAddress: config.multicall3, allowFailure: false, batchSize: 0 } as const;
    const [sponsors, roles, claims] = await Promise.all([
      client.multicall({ ...multicall, contracts: list.map(({ unionId, member }) => ({ ...contract, functionName: 'sponsorOf', args: [unionId, member] }) as const) }),
      client.multicall({ ...multicall, contracts: list.map(({ unionId, member }) => ({ ...contract, functionName: 'roleOf', args: [unionId, member] }) as const) }),
      client.multicall({ ...multicall, contracts: list.map(({ member }) => ({ ...contract, functionName: 'claimsOf', args: [member] }) as const) }),
    ]);
    const open = list.flatMap((candidate, i) =>
      sponsors[i] === sponsor && ROLES[roles[i]!] !== 'none' ? claims[i]!.map((handle) => ({ ...candidate, handle })) : [],
    );
    const vouches = await client.multicall({
      ...multicall,
      contracts: open.map(({ unionId, member, handle }) => ({ ...contract, functionName: 'vouchOf', args: [unionId, member, handle] }) as const),
    });
    const waiting = open.filter((_, i) => !vouches[i]![0]);
    const seen = await Promise.all(waiting.map(({ handle }) => ctx.policy.seenProof(handle)));
    return waiting.map(({ unionId, member, handle }, i) => ({ unionId: Number(unionId), member, handle, proofSeen: seen[i] === member }));
  }

  /** Each claimed handle with its proof, whether the extension saw it, and whether any of the account's unions vouched for it. */
  async function claimedHandles(address: Address, claims: readonly string[], memberships: MembershipSummary[]): Promise<ClaimedHandle[]> {
    const { config, client } = await ctx.connection();
    const contract = { address: config.registry, abi: registryAbi } as const;
    const pairs = claims.flatMap((handle) => memberships.map((m) => ({ handle, unionId: BigInt(m.unionId) })));
    const [vouches, seen] = await Promise.all([
      client.multicall({
        multicallAddress: config.multicall3,
        allowFailure: false,
        contracts: pairs.map(({ handle, unionId }) => ({ ...contract, functionName: 'vouchOf', args: [unionId, address, handle] }) as const),
      }),
      Promise.all(claims.map((handle) => ctx.policy.seenProof(handle))),
    ]);
    const proof = formatProof(address);
    return claims.map((handle, i) => ({
      handle,
      proof,
      proofSeen: seen[i] === address,
      vouched: pairs.some((pair, j) => pair.handle === handle && vouches[j]![0]),
    }));
  }

  /** The tokens of the unions this browser follows, each once. */
  async function followedTokens() {
    const followed = await ctx.policy.followed();
    const tokens = (await Promise.all(followed.map((f) => chain.unionTokenOf(f.unionId)))).filter((t) => t !== null);
    return [...new Map(tokens.map((t) => [t.address, t])).values()];
  }

  return {
    walletStatus: () => keeper.status(),
    walletPrepareCreate: () => keeper.prepareCreate(),
    // Another key follows other unions: badges read for the old set are dropped.
    walletConfirmCreate: (r) => keeper.confirmCreate(r.password, r.answers).finally(ctx.forgetChainReads),
    walletImport: (r) => keeper.importSecret(r.secret, r.password).finally(ctx.forgetChainReads),
    walletUnlock: (r) => keeper.unlock(r.password),
    walletLock: () => keeper.lock(),
    walletExport: async (r) => ({ secret: await keeper.exportSecret(r.password) }),
    walletChangePassword: (r) => keeper.changePassword(r.oldPassword, r.newPassword),
    walletRemove: (r) => keeper.remove(r.password).finally(ctx.forgetChainReads),
    walletSetAutoLock: (r) => keeper.setAutoLock(r.minutes),

    async walletOverview() {
      const address = await keeper.address();
      if (!address) throw new RequestError('There is no key yet: create or import one first.');
      const { config, client } = await ctx.connection();
      const [balance, claims, memberships, key, waiting, transactions] = await Promise.all([
        client.getBalance({ address }),
        chain.read('claimsOf', [address]),
        chain.membershipsOf(address),
        chain.read('encryptionKeyOf', [address]),
        waitingVouches(address),
        ctx.db.getAll('transactions').then((all) => all.filter((t) => t.from === address)),
      ]);
      // Joined unions are followed, so their tokens are among these.
      const tokenBalances = await Promise.all(
        (await followedTokens()).map(async (token) => {
          const units = await client.readContract({ address: token.address, abi: erc20Abi, functionName: 'balanceOf', args: [address] });
          return `${formatAmount(units, token.decimals)} ${token.symbol}`;
        }),
      );
      return {
        address,
        balance: formatAmount(balance),
        funded: balance > 0n,
        chainId: config.chainId,
        chainName: chainName(config.chainId),
        testFunds: config.chainId === LOCAL_DEV_CHAIN_ID,
        tokenBalances,
        claims: [...claims],
        handles: await claimedHandles(address, claims, memberships),
        memberships,
        messagingKeyPublished: key !== '0x',
        waitingVouches: waiting,
        transactions: transactions
          .sort((a, b) => b.sentAt - a.sentAt)
          .slice(0, 10)
          .map(({ hash, from, summary, sentAt, status }) => ({ hash, from, summary, sentAt, status })),
      };
    },

    async walletGetTestFunds() {
      const address = await keeper.address();
      if (!address) throw new RequestError('There is no key yet: create or import one first.');
      const { client } = await ctx.connection();
      return fundOnLocalChain(client, address, await followedTokens());
    },

    async approvalGet({ id }) {
      return { request: ctx.approvals.get(id) };
    },
    async approvalDecide({ id, approve }) {
      // Deciding in the approval window is the member's own act: activity for the auto-lock, counted
      // before the request goes on to sign.
      if (ctx.approvals.get(id)) await keeper.touch();
      return { decided: ctx.approvals.decide(id, approve) };
    },
  };
}
