import type { Address, Hex } from 'viem';
import type { WalletState } from '../wallet/protocol';
import { field } from '../../protocol/fields';
import { FROM_HOST_PAGE, request } from '../../protocol/define';
import type { TransactionResult } from '../wallet/protocol';

export const TIP_CURRENCIES = ['eth', 'token'] as const;
export type TipCurrency = (typeof TIP_CURRENCIES)[number];

export interface TipAsset {
  id: TipCurrency;
  symbol: string;
  /** The wallet's balance, rounded for reading; '0' without a key. */
  balance: string;
}

export interface TipRecord {
  from: Address;
  to: Address;
  /** e.g. "0.01 ETH" or "5 UNION" */
  amount: string;
  context: Hex;
  hash: Hex;
  blockNumber: number;
}

export const tipsProtocol = {
  /** From a host page: what the tip composer may offer for this member. */
  /**
   * What the tip composer may offer: ETH always, the member's union token when the wallet holds
   * some; each with the wallet's balance, rounded; and the network fee a tip costs, in ETH.
   */
  tipOptions: request<{ wallet: WalletState; currencies: TipAsset[]; fee: string }>()({
    fields: { handle: field.text(100) },
    callers: FROM_HOST_PAGE,
  }),
  /** From a host page: tip a verified member (through the approval window). `tipId` makes it idempotent. */
  tip: request<TransactionResult>()({
    fields: {
      handle: field.text(100),
      amount: field.secret(),
      currency: field.oneOf(...TIP_CURRENCIES),
      note: field.secret(),
      url: field.secret(),
      tipId: field.secret(),
    },
    callers: FROM_HOST_PAGE,
    changesChain: true,
  }),
  walletTips: request<{ sent: TipRecord[]; received: TipRecord[] }>()({}),
};
