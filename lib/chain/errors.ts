import { BaseError, ContractFunctionRevertedError, HttpRequestError, TimeoutError } from 'viem';

/** What each registry refusal means to a person, keyed by the custom error's name. */
const REFUSALS: Record<string, string> = {
  UnknownUnion: 'There is no union with this id.',
  EmptyName: 'A union needs a name.',
  NotAMember: 'This address is not a member of the union.',
  AlreadyMember: 'This address is already a member of the union.',
  NotLeader: "Only the union's leader can do this.",
  LeaderCannotMove: 'The leader is the root of the tree and cannot leave or switch sponsor.',
  SameSponsor: 'That member is already the sponsor.',
  CycleDetected: 'That sponsor supports you (directly or indirectly): support cannot go in a circle.',
  TooDeep: 'The tree would get deeper than the registry allows: choose a sponsor nearer the leader.',
  InvalidHandle: 'Handles are written platform:name in lower case, e.g. x:alice or facebook:alice.smith.',
  HandleTaken: 'Another address already claims this handle.',
  HandleNotClaimed: 'This address does not claim that handle.',
  NotAllowedToVouch: "Only the member's sponsor, the leader or an officer can vouch.",
  NotVouched: 'This claim is not vouched.',
  InvalidEncryptionKey: 'A messaging key is a 33-byte compressed secp256k1 public key.',
  InvalidOfficer: 'Officers are chosen among current members; this member is not an officer.',
  InviteRequired: 'This union admits by invitation only: ask a member for an invite code.',
  InviteForOtherUnion: 'This invite is for another union.',
  InviteExpired: 'This invite has expired: ask your sponsor for a new one.',
  InviteAlreadyUsed: 'This invite was already used or cancelled: each invite works once.',
  InvalidInviteSignature: 'This invite was not signed by the sponsor it names: it may be forged or damaged.',
};

export class ChainUnreachableError extends Error {
  override name = 'ChainUnreachableError';
}

/** Turns anything a chain call threw into one line a person can act on. */
export function describeChainError(error: unknown): string {
  if (error instanceof ChainUnreachableError) return error.message;
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      const { errorName, args } = revert.data;
      const detail = (args ?? []).map((a) => (typeof a === 'bigint' ? a.toString() : String(a))).join(', ');
      return `Refused by the registry: ${errorName}(${detail}). ${REFUSALS[errorName] ?? ''}`.trim();
    }
    if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError)) {
      return 'The chain does not answer: check that the node is running and the RPC URL is right.';
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
