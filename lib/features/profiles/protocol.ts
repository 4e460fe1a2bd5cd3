import type { Hex } from 'viem';
import type { ProfileView } from '../../identity/verify';
import { field } from '../../protocol/fields';
import { FROM_HOST_PAGE, request } from '../../protocol/define';
import { MAX_BIO_CHARS, MAX_HANDLES_PER_REQUEST } from '../../protocol/limits';
import type { TransactionResult } from '../wallet/protocol';

const handle = () => field.text(100);

/** Handles seen on host pages, their verification, and the claims and vouches behind it. */
export const profilesProtocol = {
  /**
   * Posts and profiles seen on a host page. `profile` carries the visited profile's bio, if shown,
   * and the other handles the page gives the same account (its numeric id beside its username).
   */
  resolve: request<{ profiles: Record<string, ProfileView> }>()({
    fields: {
      handles: field.texts(MAX_HANDLES_PER_REQUEST, 100),
      profile: field.optional(field.object({ handle: handle(), bio: field.clipped(MAX_BIO_CHARS), aliases: field.optional(field.texts(2, 100)) })),
    },
    callers: FROM_HOST_PAGE,
  }),
  /** From a host page: ask to vouch for the visited profile (always through the approval window). */
  requestVouch: request<TransactionResult>()({ fields: { handle: handle() }, callers: FROM_HOST_PAGE, changesChain: true }),
  vouch: request<TransactionResult>()({ fields: { unionId: field.count(), member: field.text(100), handle: handle() }, changesChain: true }),
  /** `alreadyOwned`: this account owned the handle already, so nothing was sent and `hash` is null. */
  claimHandle: request<{ hash: Hex | null; summary: string; proof: string; alreadyOwned: boolean }>()({ fields: { handle: handle() }, changesChain: true }),
  checkProof: request<{ seen: boolean; proof: string }>()({ fields: { handle: handle() } }),
};
