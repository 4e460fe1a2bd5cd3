import { erc20Abi, type Address } from 'viem';
import { stakeLockAbi } from '../../chain/generated/abi';
import { safeText } from '../../format';
import { describeCriterion, explainStatus, stakeStatus, WEEK, type StakeStatus } from '../../login/criterion';
import type { Caller, Handlers } from '../../protocol';
import { formatAmount, parseAmount } from '../../wallet/amounts';
import { RequestError, unionLine, type ChainHelpers, type FeatureContext } from '../context';
import type { stakeProtocol, StakeSummary } from './protocol';

export interface StakeFacts {
  unionId: number;
  unionName: string;
  leader: Address;
  token: { address: Address; symbol: string; decimals: number } | null;
  criterion: { minAmount: bigint; minDuration: number };
  criterionText: string;
  lock: { amount: bigint; unlockTime: number; counted: boolean; weight: bigint } | null;
  status: StakeStatus;
  explanation: string;
  now: number;
  supportStake: bigint;
}

/** Reads one account's lock, the union's criterion and standing in one multicall (plus the token's names). */
export function createStakeReader(ctx: Pick<FeatureContext, 'connection'>, chain: ChainHelpers) {
  return async function stakeFacts(unionId: number, account: Address | null): Promise<StakeFacts> {
    const { config, client } = await ctx.connection();
    const id = BigInt(unionId);
    const who = account ?? '0x0000000000000000000000000000000000000000';
    const lock = { address: config.stakeLock, abi: stakeLockAbi } as const;
    const [[leader, unionName], criterion, held, weight, status, stake, block, token] = await Promise.all([
      chain.read('getUnion', [id]),
      client.readContract({ ...lock, functionName: 'criterionOf', args: [id] }),
      client.readContract({ ...lock, functionName: 'lockOf', args: [who, id] }),
      client.readContract({ ...lock, functionName: 'weightOf', args: [who, id] }),
      client.readContract({ ...lock, functionName: 'statusOf', args: [who, id] }),
      chain.read('stakeOf', [id, who]),
      client.getBlock({ blockTag: 'latest' }),
      chain.unionTokenOf(unionId),
    ]);
    const now = Number(block.timestamp);
    const symbol = token ? safeText(token.symbol, 12) : 'tokens';
    const decimals = token?.decimals ?? 18;
    const facts = { minAmount: criterion.minAmount, minDuration: Number(criterion.minDuration), amount: held.amount, unlockTime: Number(held.unlockTime), now, symbol, decimals };
    const standing = stakeStatus(status);
    return {
      unionId,
      unionName,
      leader,
      token: token ? { ...token, symbol } : null,
      criterion: { minAmount: criterion.minAmount, minDuration: Number(criterion.minDuration) },
      criterionText: describeCriterion(facts),
      lock: held.amount > 0n ? { amount: held.amount, unlockTime: Number(held.unlockTime), counted: held.counted, weight } : null,
      status: standing,
      explanation: explainStatus(standing, facts),
      now,
      supportStake: stake[1],
    };
  };
}

/** A YYYY-MM-DD date (UTC midnight) as Unix seconds, rounded down to the week as the contract does. */
export function unlockFromDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!Number.isFinite(ms)) throw new RequestError('The unlock date is a date, e.g. 2027-03-04.');
  return Math.floor(ms / 1000 / WEEK) * WEEK;
}

export function createStakeHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof stakeProtocol> {
  const stakeFacts = createStakeReader(ctx, chain);

  async function target(unionId: number | undefined) {
    const { config } = await ctx.connection();
    const id = unionId ?? config.unionId;
    const account = (await ctx.keeper.account()).address;
    const facts = await stakeFacts(id, account);
    if (!facts.token) throw new RequestError(`${safeText(facts.unionName, 64)} has no token to lock: its leader names one first.`);
    return { config, account, facts, token: facts.token, id: BigInt(id) };
  }

  const lockCall = (config: { stakeLock: Address }, facts: StakeFacts, functionName: string, args: readonly unknown[], summary: string) => ({
    abi: stakeLockAbi,
    contractName: 'StakeLock',
    address: config.stakeLock,
    functionName,
    args,
    summary,
    extraFields: [{ label: 'Union', value: unionLine({ unionId: facts.unionId, unionName: facts.unionName, leader: facts.leader }) }],
  });

  /** The lock contract takes tokens only with an allowance the member approves, and only this much. */
  async function allow(caller: Caller, account: Address, stakeLock: Address, token: { address: Address; symbol: string; decimals: number }, amount: bigint) {
    const { client } = await ctx.connection();
    const allowance = await client.readContract({ address: token.address, abi: erc20Abi, functionName: 'allowance', args: [account, stakeLock] });
    if (allowance >= amount) return;
    const hash = await chain.send(caller, {
      abi: erc20Abi,
      contractName: token.symbol,
      address: token.address,
      functionName: 'approve',
      args: [stakeLock, amount],
      summary: `Allow the StakeLock contract to take ${formatAmount(amount, token.decimals)} ${token.symbol} for this lock`,
    });
    await client.waitForTransactionReceipt({ hash: hash.hash, pollingInterval: 100 });
  }

  return {
    async stakeGet({ unionId }) {
      const { config } = await ctx.connection();
      const status = await ctx.keeper.status();
      const account = status.state === 'none' ? null : status.address;
      const facts = await stakeFacts(unionId ?? config.unionId, account);
      const { client } = await ctx.connection();
      const balance = facts.token && account ? await client.readContract({ address: facts.token.address, abi: erc20Abi, functionName: 'balanceOf', args: [account] }) : 0n;
      return toSummary(facts, balance);
    },

    async stakeLock({ unionId, amount: text, unlockDate }, caller) {
      const { config, account, facts, token, id } = await target(unionId);
      const amount = parseAmount(text, token.decimals);
      const unlock = unlockFromDate(unlockDate);
      await allow(caller, account, config.stakeLock, token, amount);
      const until = new Date(unlock * 1000).toISOString().slice(0, 10);
      return chain.send(caller, lockCall(config, facts, 'lock', [id, amount, BigInt(unlock)], `Lock ${formatAmount(amount, token.decimals)} ${token.symbol} until ${until}`));
    },

    async stakeIncrease({ unionId, amount: text }, caller) {
      const { config, account, facts, token, id } = await target(unionId);
      const amount = parseAmount(text, token.decimals);
      await allow(caller, account, config.stakeLock, token, amount);
      return chain.send(caller, lockCall(config, facts, 'increaseAmount', [id, amount], `Add ${formatAmount(amount, token.decimals)} ${token.symbol} to your lock`));
    },

    async stakeExtend({ unionId, unlockDate }, caller) {
      const { config, facts, id } = await target(unionId);
      const unlock = unlockFromDate(unlockDate);
      const until = new Date(unlock * 1000).toISOString().slice(0, 10);
      return chain.send(caller, lockCall(config, facts, 'extend', [id, BigInt(unlock)], `Extend your lock until ${until}`));
    },

    async stakeWithdraw({ unionId }, caller) {
      const { config, facts, token, id } = await target(unionId);
      const amount = facts.lock?.amount ?? 0n;
      return chain.send(caller, lockCall(config, facts, 'withdraw', [id], `Withdraw your ${formatAmount(amount, token.decimals)} ${token.symbol} lock`));
    },
  };
}

function toSummary(facts: StakeFacts, balance: bigint): StakeSummary {
  return {
    unionId: facts.unionId,
    unionName: facts.unionName,
    token: facts.token,
    balance: balance.toString(),
    criterion: facts.criterionText,
    lock: facts.lock ? { amount: facts.lock.amount.toString(), unlockTime: facts.lock.unlockTime, weight: facts.lock.weight.toString(), counted: facts.lock.counted } : null,
    status: facts.status,
    explanation: facts.explanation,
    now: facts.now,
    supportStake: facts.supportStake.toString(),
  };
}
