import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';
import type { StakeStatus } from '../../login/criterion';
import type { TransactionResult } from '../wallet/protocol';

/** The wallet's lock for one union, the union's login criterion and whether the wallet meets it. */
export interface StakeSummary {
  unionId: number;
  unionName: string;
  /** The union's token; null when the leader named none (nothing can be locked). */
  token: { address: string; symbol: string; decimals: number } | null;
  /** The wallet's balance of the token, in token units (decimal string). */
  balance: string;
  /** e.g. "At least 100 UNION locked with at least 90 days left". */
  criterion: string;
  lock: {
    /** Token units, decimal string. */
    amount: string;
    unlockTime: number;
    /** Curve's vote-escrow weight now (amount × time left / 4 years), token units. */
    weight: string;
    /** Whether it counts toward the sponsors' stake-weighted support. */
    counted: boolean;
  } | null;
  status: StakeStatus;
  /** Meets it, or why not and what would. */
  explanation: string;
  /** Chain time (Unix seconds): time left is counted from it. */
  now: number;
  /** Tokens locked by the active members of the wallet's support base (token units). */
  supportStake: string;
}

const STAKE_UNION = { unionId: field.optional(field.count()) };

export const stakeProtocol = {
  /** The wallet's stake in `unionId` (default: the settings' union). */
  stakeGet: request<StakeSummary>()({ fields: STAKE_UNION }),
  /** Locks `amount` (decimal, in tokens) until the week boundary on or before `unlockDate` (YYYY-MM-DD). */
  stakeLock: request<TransactionResult>()({
    fields: { ...STAKE_UNION, amount: field.secret(), unlockDate: field.text(10) },
    changesChain: true,
  }),
  stakeIncrease: request<TransactionResult>()({ fields: { ...STAKE_UNION, amount: field.secret() }, changesChain: true }),
  stakeExtend: request<TransactionResult>()({ fields: { ...STAKE_UNION, unlockDate: field.text(10) }, changesChain: true }),
  stakeWithdraw: request<TransactionResult>()({ fields: STAKE_UNION, changesChain: true }),
};
