import { formatAmount } from '../wallet/amounts';

/** `StakeLock.Status`, in the contract's order: why a member meets the login criterion or not. */
export const STAKE_STATUSES = ['invested', 'no-criterion', 'not-member', 'no-lock', 'expired', 'wrong-token', 'too-little', 'too-short'] as const;
export type StakeStatus = (typeof STAKE_STATUSES)[number];

export const DAY = 24 * 3600;
export const WEEK = 7 * DAY;

export interface CriterionFacts {
  /** Least amount (token units) and least time left (seconds); zero amount: no criterion. */
  minAmount: bigint;
  minDuration: number;
  /** The member's lock: amount in token units, unlock time in Unix seconds (0 when none). */
  amount: bigint;
  unlockTime: number;
  /** Chain time, Unix seconds. */
  now: number;
  symbol: string;
  decimals: number;
}

export function stakeStatus(code: number): StakeStatus {
  return STAKE_STATUSES[code] ?? 'no-criterion';
}

/** "at least 100 UNION locked with at least 90 days left" */
export function describeCriterion({ minAmount, minDuration, symbol, decimals }: Pick<CriterionFacts, 'minAmount' | 'minDuration' | 'symbol' | 'decimals'>): string {
  if (minAmount === 0n) return 'No login criterion set by the leader';
  return `At least ${formatAmount(minAmount, decimals)} ${symbol} locked with at least ${formatDuration(minDuration)} left`;
}

/** Why the criterion is not met and what would meet it; for `invested`, what it rests on. */
export function explainStatus(status: StakeStatus, facts: CriterionFacts): string {
  const amount = (units: bigint) => `${formatAmount(units, facts.decimals)} ${facts.symbol}`;
  const earliest = facts.now + facts.minDuration;
  // The first week boundary that leaves at least the least time: what a new or extended lock needs.
  const unlockNeeded = Math.ceil(earliest / WEEK) * WEEK;
  const until = `until ${formatDate(unlockNeeded)} or later`;
  switch (status) {
    case 'invested':
      return `${amount(facts.amount)} locked until ${formatDate(facts.unlockTime)}.`;
    case 'no-criterion':
      return "The union's leader has set no login criterion, so no one meets it yet.";
    case 'not-member':
      return 'Not a current member of this union: join it first.';
    case 'no-lock':
      return `No lock for this union: lock ${amount(facts.minAmount)} ${until}.`;
    case 'expired':
      return `The lock expired on ${formatDate(facts.unlockTime)}: withdraw it and lock ${amount(facts.minAmount)} ${until}.`;
    case 'wrong-token':
      return 'The lock holds a token the union no longer names: withdraw it once it expires and lock the union’s token.';
    case 'too-little':
      return `${amount(facts.amount)} locked, ${amount(facts.minAmount - facts.amount)} short: add at least that much.`;
    case 'too-short':
      return `Only ${formatDuration(Math.max(0, facts.unlockTime - facts.now))} left: extend the lock ${until}.`;
  }
}

/** "90 days", "2 weeks", "1 day", "less than a day" */
export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / DAY);
  if (days < 1) return 'less than a day';
  if (days % 7 === 0 && days >= 14 && days % 30 !== 0) return `${days / 7} weeks`;
  return days === 1 ? '1 day' : `${days} days`;
}

/** A date in UTC, e.g. "5 Mar 2027". */
export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
