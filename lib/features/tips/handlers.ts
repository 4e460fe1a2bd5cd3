import { erc20Abi, formatEther, formatUnits, getAddress, keccak256, stringToHex, zeroAddress, type Address, type Hex } from 'viem';
import { TIPPED } from '../../chain/events';
import { tipsAbi } from '../../chain/generated/abi';
import { getLogsRanged } from '../../chain/reads';
import { safeText } from '../../format';
import { formatAmount, parseAmount } from '../../wallet/amounts';
import { createIndexerClient, type IndexedTip } from '../../union/indexer';
import { displayHandle, parseHandle } from '../../identity/handles';
import type { Caller, Handlers, ParamsOf } from '../../protocol';
import { siteOfUrl } from '../../sites/profiles';
import { RequestError, unionLine, verifiedMember, type ChainHelpers, type FeatureContext } from '../context';
import type { TransactionResult } from '../wallet/protocol';
import type { TipAsset, TipRecord, tipsProtocol } from './protocol';

/** About what a token tip costs (an ETH tip costs less): the fee shown before the approval window gives the exact one. */
const TIP_GAS = 80_000n;
const TIP_PURPOSE = "a tip only goes to an address the profile's owner has proven";

/** Tips from the Tip button on host pages, and the wallet's record of tips sent and received. */
export function createTipsHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof tipsProtocol> {
  /**
   * Tips of the Tips contract's events, sent by or to `address`, newest first: in ETH or a followed
   * union's token only. Anyone can emit a Tipped event for a token named like money; those are dropped.
   */
  async function tipsOf(args: { from?: Address; to?: Address }): Promise<TipRecord[]> {
    const { config, client } = await ctx.connection();
    const [logs, units] = await Promise.all([getLogsRanged(client, { address: config.tips, event: TIPPED, args }), knownUnits()]);
    return logs.reverse().flatMap((log) => {
      const { from, to, token, amount, context } = log.args;
      return tipRecord(units, { from: from!, to: to!, token: token!, amount: amount!, context: context!, hash: log.transactionHash!, block: Number(log.blockNumber) });
    });
  }

  /** The same record from the indexer: one read for both lists, however long the history. */
  async function indexedTips(url: string, address: Address): Promise<{ sent: TipRecord[]; received: TipRecord[] }> {
    const [tips, units] = await Promise.all([createIndexerClient(url, ctx.fetchFn).tips(address), knownUnits()]);
    const records = (list: IndexedTip[]) => list.flatMap((t) => tipRecord(units, { ...t, from: getAddress(t.from), to: getAddress(t.to), token: getAddress(t.token), amount: BigInt(t.amount) }));
    return { sent: records(tips.sent), received: records(tips.received) };
  }

  /** ETH and the tokens of followed unions; a token that fails to answer is left out alone. */
  async function knownUnits(): Promise<Map<Address, { symbol: string; decimals: number }>> {
    const tokens = await Promise.all((await ctx.policy.followedIds()).map((id) => chain.unionTokenOf(id).catch(() => null)));
    const units = new Map<Address, { symbol: string; decimals: number }>([[zeroAddress, { symbol: 'ETH', decimals: 18 }]]);
    for (const token of tokens) if (token) units.set(token.address, { symbol: safeText(token.symbol, 12), decimals: token.decimals });
    return units;
  }

  async function tip(request: ParamsOf<'tip'>, caller: Caller): Promise<TransactionResult> {
    const { config } = await ctx.connection();
    const handle = parseHandle(request.handle);
    if (!handle) throw new RequestError('Nothing to tip here.');
    // A tip already sent (pending or mined) is returned, never sent again; a reverted or dropped one moved nothing.
    const earlier = (await ctx.db.getAll('transactions')).find((t) => t.tipId === request.tipId && (t.status === 'pending' || t.status === 'mined'));
    if (earlier) return { hash: earlier.hash, summary: earlier.summary };
    await ctx.keeper.account();
    const recipient = await verifiedMember(ctx, handle, TIP_PURPOSE);
    const url = canonicalTipUrl(request.url);
    const context = keccak256(stringToHex(url));
    const note = request.note.trim().slice(0, 280);
    const fields = [
      { label: 'To', value: `${displayHandle(handle)} (${recipient.address})` },
      { label: 'Member of', value: unionLine(recipient.membership) },
      { label: 'For', value: url },
      ...(note ? [{ label: 'Note (kept in this browser)', value: note }] : []),
    ];
    if (request.currency === 'eth') {
      const value = parseAmount(request.amount, 18);
      return chain.send(
        caller,
        { abi: tipsAbi, contractName: 'Tips', address: config.tips, functionName: 'tipEth', args: [recipient.address, context], value, summary: `Tip ${formatEther(value)} ETH to ${displayHandle(handle)}`, extraFields: fields },
        { tipId: request.tipId },
      );
    }
    const token = await chain.unionTokenOf(recipient.unionId);
    if (!token) throw new RequestError("This member's union has no token: tip in ETH.");
    const amount = parseAmount(request.amount, token.decimals);
    const { client } = await ctx.connection();
    const me = (await ctx.keeper.account()).address;
    const allowance = await client.readContract({ address: token.address, abi: erc20Abi, functionName: 'allowance', args: [me, config.tips] });
    if (allowance < amount) {
      // The Tips contract moves tokens only with an allowance the member approves, and only this much.
      await chain.send(caller, {
        abi: erc20Abi,
        contractName: safeText(token.symbol, 12),
        address: token.address,
        functionName: 'approve',
        args: [config.tips, amount],
        summary: `Allow the Tips contract to move ${formatUnits(amount, token.decimals)} ${safeText(token.symbol, 12)} for this tip`,
      });
    }
    return chain.send(
      caller,
      { abi: tipsAbi, contractName: 'Tips', address: config.tips, functionName: 'tipToken', args: [token.address, recipient.address, amount, context], summary: `Tip ${formatUnits(amount, token.decimals)} ${safeText(token.symbol, 12)} to ${displayHandle(handle)}`, extraFields: fields },
      { tipId: request.tipId },
    );
  }

  const inflight = new Map<string, Promise<TransactionResult>>();

  return {
    async tipOptions({ handle: text }) {
      const handle = parseHandle(text);
      if (!handle) throw new RequestError('Nothing to tip here.');
      const status = await ctx.keeper.status();
      // The same resolution the tip itself uses, so the token offered is the token sent.
      const recipient = await verifiedMember(ctx, handle, TIP_PURPOSE);
      const { client } = await ctx.connection();
      const owner = status.state === 'none' ? null : status.address;
      const [token, eth, fees] = await Promise.all([
        chain.unionTokenOf(recipient.unionId),
        owner ? client.getBalance({ address: owner }) : 0n,
        client.estimateFeesPerGas(),
      ]);
      const currencies: TipAsset[] = [{ id: 'eth', symbol: 'ETH', balance: formatAmount(eth) }];
      const held = token && owner ? await client.readContract({ address: token.address, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }) : 0n;
      // A token the wallet does not hold is not offered.
      if (token && held > 0n) currencies.push({ id: 'token', symbol: safeText(token.symbol, 12), balance: formatAmount(held, token.decimals) });
      return { wallet: status.state, currencies, fee: formatAmount(fees.maxFeePerGas * TIP_GAS) };
    },

    tip(request, caller) {
      // A double click, or a retry while the first is waiting for approval, joins the first.
      const running = inflight.get(request.tipId);
      if (running) return running;
      const started = tip(request, caller).finally(() => inflight.delete(request.tipId));
      inflight.set(request.tipId, started);
      return started;
    },

    async walletTips() {
      const address = await ctx.keeper.address();
      if (!address) throw new RequestError('There is no key yet: create or import one first.');
      const { config } = await ctx.connection();
      // The chain's logs answer when the indexer does not.
      if (config.indexerUrl) {
        const indexed = await indexedTips(config.indexerUrl, address).catch(() => null);
        if (indexed) return indexed;
      }
      const [sent, received] = await Promise.all([tipsOf({ from: address }), tipsOf({ to: address })]);
      return { sent, received };
    },
  };
}

type Units = Map<Address, { symbol: string; decimals: number }>;

/** A tip as the wallet lists it; none for a token that is neither ETH nor a followed union's. */
function tipRecord(units: Units, t: { from: Address; to: Address; token: Address; amount: bigint; context: Hex; hash: Hex; block: number }): TipRecord[] {
  const unit = units.get(t.token);
  if (!unit) return [];
  return [{ from: t.from, to: t.to, amount: `${formatUnits(t.amount, unit.decimals)} ${unit.symbol}`, context: t.context, hash: t.hash, blockNumber: t.block }];
}

/** The post (or profile) a tip is for, as its site's one canonical URL. */
export function canonicalTipUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RequestError('The tip names no valid post.');
  }
  const canonical = siteOfUrl(url)?.canonicalUrl(url);
  if (!canonical) throw new RequestError('A tip names a post or profile on a site Network Union knows.');
  return canonical;
}
