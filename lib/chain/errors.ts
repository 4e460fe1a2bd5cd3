import { BaseError, ContractFunctionRevertedError, HttpRequestError, InsufficientFundsError, NonceTooLowError, TimeoutError, type ContractErrorName as AbiErrorName } from 'viem';
import { UnionError } from '../errors';
import type { campaignsAbi, stakeLockAbi, tipsAbi, unionLensAbi, unionRegistryAbi, unionTokenAbi } from './generated/abi';

/** Every custom error our contracts (and the token's OpenZeppelin base) can revert with. */
type ContractErrorName =
  | AbiErrorName<typeof unionRegistryAbi>
  | AbiErrorName<typeof unionLensAbi>
  | AbiErrorName<typeof tipsAbi>
  | AbiErrorName<typeof campaignsAbi>
  | AbiErrorName<typeof stakeLockAbi>
  | AbiErrorName<typeof unionTokenAbi>;

/** What each refusal means to a person. Typed against the ABIs: a new contract error without an entry fails the type check. */
const REFUSALS: Record<ContractErrorName, string> = {
  UnknownUnion: 'There is no union with this id.',
  EmptyName: 'A union needs a name.',
  UnionNameTooLong: "A union's name is at most 64 bytes.",
  UnionPurposeTooLong: "A union's purpose is at most 280 bytes.",
  OfficerTitleTooLong: "An officer's title is at most 32 bytes.",
  TooManyUnions: 'A profile read covers at most 32 unions: unfollow some.',
  TooManyHandles: 'A profile read covers at most 100 handles at once.',
  NotAMember: 'This address is not a member of the union: join it first (wallet page, "Join a union").',
  AlreadyMember: "You're already a member of this union: nothing to do. Your place in it shows on the wallet's Overview.",
  NotLeader: "Only the union's leader can do this: ask the leader.",
  LeaderCannotMove: 'The leader is the root of the tree and cannot leave or switch sponsor.',
  SameSponsor: 'That member is already the sponsor.',
  CycleDetected: 'That sponsor supports you (directly or indirectly): support cannot go in a circle.',
  TooDeep: 'The tree would get deeper than the registry allows: choose a sponsor nearer the leader.',
  InvalidHandle: 'Handles are written site:name in lower case, the name as the site allows it.',
  HandleTaken: 'Another address already claims this handle: check the spelling, or claim another handle.',
  HandleNotClaimed: 'This address does not claim that handle: claim it first.',
  NotAllowedToVouch: "Only the member's sponsor, the leader or an officer can vouch.",
  NotVouched: 'This claim is not vouched.',
  InvalidEncryptionKey: 'A messaging key is a 33-byte compressed secp256k1 public key, a point of the curve.',
  InvalidKeyProof: "The messaging key did not sign this account: only the key's holder can publish it.",
  NotAllowedToChallenge: 'Only a leader or officer of the union can challenge a claim for a member, never for themselves.',
  NothingToChallenge: 'Nobody else claims this handle: claim it instead.',
  ClaimDefended: 'A leader or officer of the union vouches for the current claim: the challenge cannot win.',
  ChallengePending: 'This member already has a challenge of that handle running.',
  NoChallenge: 'There is no challenge of this handle by that member.',
  ChallengeStillOpen: "The challenge period has not passed yet: the holder's union may still back the claim.",
  ChallengeLapsed: 'The challenge no longer holds: the claim changed, it was not taken in time, or the member or its voucher lost their place.',
  InvalidOfficer: 'Officers are chosen among current members; this member is not an officer.',
  InviteRequired: 'This union admits by invitation only: ask a member for an invite code.',
  InviteForOtherUnion: 'This invite is for another union.',
  InviteExpired: 'This invite has expired: ask your sponsor for a new one.',
  InviteAlreadyUsed: 'This invite was already used or cancelled: each invite works once.',
  NotInvitee: 'This invite was made for another address: ask your sponsor for an invite made for yours.',
  InvalidInviteSignature: 'This invite was not signed by the sponsor it names: it may be forged or damaged. Ask your sponsor for a new one.',
  BylawsMismatch: 'This text is not the bylaws the union was created with (its SHA-256 differs): publish the exact text that was hashed.',
  NotRallyAuthor: 'Only the leader or an officer of the union can post a rally.',
  InvalidRallyText: 'A rally needs a text of 1 to 280 bytes.',
  InvalidRallyUri: 'The rally link is too long.',
  InvalidDeadline: 'The deadline must be in the future, and within 30 days.',
  UnknownRally: 'There is no rally with this id.',
  RallyClosed: 'This rally is closed: its deadline has passed.',
  AlreadyAnswered: 'You already answered this rally.',
  InvalidShortString: 'A name in the signing domain is too long.',
  StringTooLong: 'A name in the signing domain is too long.',
  InvalidRecipient: 'A tip needs a recipient address.',
  ReentrancyGuardReentrantCall: 'Refused: a contract tried to re-enter the call.',
  SafeERC20FailedOperation: 'The token refused to move: check the balance and the allowance.',
  SelfTip: 'You cannot tip yourself.',
  TipFailed: 'The recipient refused the ETH: their address cannot receive it.',
  ZeroAmount: 'The amount must be more than zero.',
  ERC20InsufficientAllowance: 'The Tips contract may not move that much of the token: approve the amount first.',
  ERC20InsufficientBalance: 'Not enough of the token in this account.',
  ERC20InvalidApprover: 'The token refused the approval: no approver.',
  ERC20InvalidReceiver: 'The token refused the transfer: the receiver is not valid.',
  ERC20InvalidSender: 'The token refused the transfer: the sender is not valid.',
  ERC20InvalidSpender: 'The token refused the approval: the spender is not valid.',
  NotCampaignLead: "Only the union's leader or an officer can open, escalate or decide a campaign.",
  NotUnionMember: "Only members of the campaign's union can sign it: join the union first.",
  UnknownCampaign: 'There is no campaign with this id.',
  InvalidTarget: 'A campaign names its target in 1 to 64 bytes, with a link of at most 200 bytes.',
  InvalidDemand: 'The demand is 1 to 2000 bytes of text.',
  InvalidLadder: 'The escalation ladder has 1 to 8 steps of 1 to 100 bytes each.',
  InvalidCampaignDeadline: 'The deadline must be in the future, and within a year.',
  InvalidAsset: "A campaign raises ETH or the union's own token.",
  InvalidPayee: 'A funding goal needs a payee address (not the Campaigns contract); a campaign without a goal has none.',
  CampaignClosed: 'This campaign is closed: its deadline passed or its outcome is recorded.',
  NotPledgeable: 'This campaign takes no pledges in this currency (or has no funding goal).',
  ZeroPledge: 'The pledge must be more than zero.',
  AlreadySigned: 'You already signed this campaign: each member signs once.',
  InvalidSupportSignature: "This signature of support was not made by the member it names.",
  LadderEnd: 'The campaign is already at the last step of its ladder.',
  InvalidOutcome: 'An outcome is won, partly won, lost or withdrawn, and is recorded once.',
  OutcomeTooLate: 'The time to record this outcome has passed: backers can now refund.',
  EvidenceTooLong: 'The evidence link is at most 200 bytes.',
  NotRefundable: 'No refunds for this campaign: they open when it is withdrawn or lost, or its goal is missed by the deadline.',
  NothingToRefund: 'This account has no pledge to take back from this campaign (maybe it was refunded already).',
  NotPayable: 'The payee is paid only after a win with the goal reached, and only once.',
  TransferFailed: 'The receiving address refused the ETH.',
  StakeLockBinding: 'Only the deployer binds the lock contract, once.',
  NotStakeLock: 'Only the lock contract changes stake.',
  NoUnionToken: 'The union has no token to lock yet: its leader names one first.',
  LockExists: 'You already have a lock for this union: add to it or extend it.',
  NoLock: 'There is no lock for this union.',
  BadUnlockTime: 'The unlock date, rounded down to a week, must be later than the current one and at most 4 years away.',
  LockExpired: 'This lock has expired: withdraw it, then lock anew.',
  LockNotExpired: 'This lock is still running: it can be withdrawn from its unlock date.',
  TokenChanged: 'The union now names another token: withdraw this lock once it has expired, then lock the new token.',
  NothingToSettle: 'This lock still counts: it has not expired and the union still names its token.',
  BadCriterion: 'A criterion asks for more than zero tokens and at most 4 years left.',
  SafeCastOverflowedUintDowncast: 'The amount is too large for a lock (at most 79 billion tokens).',
};

export class ChainUnreachableError extends UnionError {
  override name = 'ChainUnreachableError';
  constructor(message: string) {
    super('unreachable', message);
  }
}

/** Turns anything a chain call threw into one error with a code and one line a person can act on. */
export function toUnionError(error: unknown): UnionError {
  if (error instanceof UnionError) return error;
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return new UnionError('refused', 'Not enough ETH to pay for this transaction: fund the account and try again.', { cause: error });
    }
    if (error.walk((e) => e instanceof NonceTooLowError)) {
      return new UnionError('refused', 'The account sent another transaction in the meantime (nonce too low): try again.', { cause: error });
    }
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      const { errorName, args } = revert.data;
      const detail = (args ?? []).map((a) => (typeof a === 'bigint' ? a.toString() : String(a))).join(', ');
      const meaning = (REFUSALS as Record<string, string | undefined>)[errorName] ?? '';
      return new UnionError('contract', `${meaning || 'Refused by the contract.'} ${technicalDetails(`${errorName}(${detail})`)}`, { cause: error });
    }
    if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError)) {
      return new UnionError('unreachable', 'The chain does not answer: check that the node is running and the RPC URL is right.', { cause: error });
    }
    return new UnionError('refused', error.shortMessage, { cause: error });
  }
  return new UnionError('refused', error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * The contract's own words for a refusal, kept at the end of the message in brackets so pages can
 * put them behind a Details toggle (components/wallet/shared.tsx splits them off) and the command
 * line can still print them.
 */
export function technicalDetails(text: string): string {
  return `[${text}]`;
}

/** The message of toUnionError. */
export function describeChainError(error: unknown): string {
  return toUnionError(error).message;
}
