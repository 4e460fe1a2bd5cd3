import type { Address, Hex } from 'viem';
import { field } from '../../protocol/fields';
import { FROM_HOST_PAGE, request } from '../../protocol/define';
import type { Role } from '../../chain/types';
import type { TransactionResult } from '../wallet/protocol';

/** In the contract's order (Campaigns.Kind). */
export const CAMPAIGN_KINDS = ['bulk-purchase', 'reinstatement', 'job', 'other'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** In the contract's order (Campaigns.Status). */
export const CAMPAIGN_STATUSES = ['open', 'won', 'partly-won', 'lost', 'withdrawn'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_OUTCOMES = ['won', 'partly-won', 'lost', 'withdrawn'] as const;
export type CampaignOutcome = (typeof CAMPAIGN_OUTCOMES)[number];

export const CAMPAIGN_CURRENCIES = ['eth', 'token'] as const;

/** Longest texts the contract accepts, in UTF-8 bytes. */
export const CAMPAIGN_LIMITS = { targetName: 64, uri: 200, demand: 2000, step: 100, steps: 8, days: 365 } as const;

/** A campaign as pages show it. Amounts are decimal strings in the campaign's currency. */
export interface CampaignView {
  campaignId: number;
  unionId: number;
  kind: CampaignKind;
  opener: Address;
  targetName: string;
  targetUri: string;
  demand: string;
  demandHash: Hex;
  steps: string[];
  /** Index into `steps` of the step the union is on. */
  step: number;
  symbol: string;
  /** '0' when the campaign raises no funds. */
  goal: string;
  raised: string;
  payee: Address | null;
  /** Unix seconds (inclusive). */
  deadline: number;
  status: CampaignStatus;
  evidenceUri: string;
  documentHash: Hex | null;
  signatures: number;
  backers: number;
  paidOut: boolean;
  refundable: boolean;
  /** The wallet's own pledge (not yet refunded) and signature. */
  myPledge: string;
  signed: boolean;
}

/** A union's campaign record, folded from the Campaigns contract's events. */
export interface UnionRecord {
  unionId: number;
  won: number;
  partlyWon: number;
  lost: number;
  withdrawn: number;
  open: number;
  /** Raised by campaigns that succeeded (won or partly won with the goal met), in ETH. */
  ethRaised: string;
  /** Same, in the union's token, with its symbol; null when it has none. */
  tokenRaised: { amount: string; symbol: string } | null;
  /** Distinct accounts that pledged to any of the union's campaigns. */
  backers: number;
}

export interface CampaignsPage {
  union: { unionId: number; name: string; leader: Address; size: number; token: { symbol: string } | null };
  me: Address | null;
  role: Role;
  /** Block time, unix seconds: deadlines are judged by it. */
  now: number;
  campaigns: CampaignView[];
  record: UnionRecord;
}

const campaignId = field.count();

export const campaignsProtocol = {
  unionCampaigns: request<CampaignsPage>()({ fields: { unionId: field.count() } }),
  openCampaign: request<TransactionResult & { campaignId: number }>()({
    fields: {
      unionId: field.count(),
      kind: field.oneOf(...CAMPAIGN_KINDS),
      targetName: field.text(CAMPAIGN_LIMITS.targetName),
      targetUri: field.text(CAMPAIGN_LIMITS.uri),
      demand: field.text(CAMPAIGN_LIMITS.demand),
      currency: field.oneOf(...CAMPAIGN_CURRENCIES),
      /** Empty: no funding goal. */
      goal: field.text(40),
      /** Empty: the opener. */
      payee: field.text(42),
      days: field.count(),
      steps: field.texts(CAMPAIGN_LIMITS.steps, CAMPAIGN_LIMITS.step),
    },
    changesChain: true,
  }),
  pledgeCampaign: request<TransactionResult>()({ fields: { campaignId, amount: field.text(40) }, changesChain: true }),
  signCampaign: request<TransactionResult>()({ fields: { campaignId }, changesChain: true }),
  /** Moves to the next step, then posts it to members as a rally (two approvals). */
  escalateCampaign: request<{ escalation: TransactionResult; rally: TransactionResult }>()({ fields: { campaignId }, changesChain: true }),
  recordCampaignOutcome: request<TransactionResult>()({
    fields: { campaignId, outcome: field.oneOf(...CAMPAIGN_OUTCOMES), evidenceUri: field.text(CAMPAIGN_LIMITS.uri), documentHash: field.text(66) },
    changesChain: true,
  }),
  payoutCampaign: request<TransactionResult>()({ fields: { campaignId }, changesChain: true }),
  refundCampaign: request<TransactionResult>()({ fields: { campaignId }, changesChain: true }),
  /** The rank popover's line on a host page: the union's campaign record. */
  unionRecord: request<UnionRecord>()({ fields: { unionId: field.count() }, callers: FROM_HOST_PAGE }),
};
