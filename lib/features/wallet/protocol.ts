import type { Address, Hex } from 'viem';
import type { Role } from '../../chain/types';
import type { VaultSecret } from '../../crypto/vault';
import type { ApprovalRequest } from '../../wallet/approvals';
import type { WalletStatus } from '../../wallet/keeper';
import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';

export type WalletState = WalletStatus['state'];

export interface TransactionResult {
  hash: Hex;
  summary: string;
}

/** A transaction this wallet sent, as pages show it. */
export interface TransactionView {
  hash: Hex;
  from: Address;
  summary: string;
  sentAt: number;
  status: 'pending' | 'mined' | 'reverted' | 'dropped';
}

export interface MembershipSummary {
  unionId: number;
  unionName: string;
  leader: Address;
  role: Role;
  officerTitle: string;
  sponsor: Address | null;
  supportBase: number;
  directSupporters: number;
}

export interface WaitingVouch {
  unionId: number;
  member: Address;
  handle: string;
  /** Whether the extension saw the member's bio proof on their profile. */
  proofSeen: boolean;
}

/** A handle this account claims, with the bio proof to paste and what backs it so far. */
export interface ClaimedHandle {
  handle: string;
  proof: string;
  /** Whether the extension saw the proof on the handle's profile. */
  proofSeen: boolean;
  /** Whether a sponsor, leader or officer vouched for it in one of the account's unions. */
  vouched: boolean;
}

export interface WalletOverview {
  address: Address;
  /** ETH, rounded for reading (e.g. "5", "0.0012"). */
  balance: string;
  funded: boolean;
  chainId: number;
  chainName: string;
  /** Whether "Get test ETH and UNION" works here: the local development chain only. */
  testFunds: boolean;
  /** Balances of the tokens of the unions this browser follows, e.g. "120 UNION". */
  tokenBalances: string[];
  claims: string[];
  handles: ClaimedHandle[];
  memberships: MembershipSummary[];
  messagingKeyPublished: boolean;
  waitingVouches: WaitingVouch[];
  transactions: TransactionView[];
}

const password = () => field.secret();

/** Keys, the vault, the overview, and the approval window's own requests. */
export const walletProtocol = {
  walletStatus: request<WalletStatus>()({}),
  walletPrepareCreate: request<{ mnemonic: string; confirm: number[] }>()({}),
  walletConfirmCreate: request<WalletStatus>()({ fields: { password: password(), answers: field.texts() } }),
  walletImport: request<WalletStatus>()({ fields: { secret: field.secret(), password: password() } }),
  walletUnlock: request<WalletStatus>()({ fields: { password: password() } }),
  walletLock: request<WalletStatus>()({}),
  walletExport: request<{ secret: VaultSecret }>()({ fields: { password: password() } }),
  walletChangePassword: request<WalletStatus>()({ fields: { oldPassword: password(), newPassword: password() } }),
  walletRemove: request<WalletStatus>()({ fields: { password: password() } }),
  walletSetAutoLock: request<WalletStatus>()({ fields: { minutes: field.count() } }),
  walletOverview: request<WalletOverview>()({}),
  /** Local development chain only: 10 test ETH, and 100 of each followed union's token. */
  walletGetTestFunds: request<{ eth: string; tokens: string[] }>()({ changesChain: true }),
  approvalGet: request<{ request: ApprovalRequest | null }>()({ fields: { id: field.text(100) } }),
  approvalDecide: request<{ decided: boolean }>()({ fields: { id: field.text(100), approve: field.boolean() } }),
};
