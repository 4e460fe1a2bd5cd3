import type { Address } from 'viem';
import type { OpenFailure } from '../../crypto/envelope';
import { field } from '../../protocol/fields';
import { FROM_HOST_PAGE, request } from '../../protocol/define';
import type { TransactionResult } from '../wallet/protocol';

export const messagingProtocol = {
  /** Whether a DM to this peer can be locked; `reason` says why not. */
  lockStatus: request<{ reason: string | null }>()({ fields: { peerHandle: field.text(100) }, callers: FROM_HOST_PAGE }),
  /** Encrypt a draft for a verified member (and for oneself). */
  sealForPeer: request<{ armour: string }>()({ fields: { peerHandle: field.text(100), plaintext: field.text() }, callers: FROM_HOST_PAGE }),
  /** Encrypt a post on `platform`'s site for members chosen in the approval window (and for oneself). */
  lockPost: request<{ armour: string; recipients: string[] }>()({
    fields: { plaintext: field.text(), platform: field.text(16) },
    callers: FROM_HOST_PAGE,
  }),
  /** Decrypt armoured text; `authors` are the handles that may have written it. */
  openArmour: request<
    | { opened: true; plaintext: string; sender: { handle: string; address: Address; self: boolean } | null }
    | { opened: false; reason: OpenFailure | 'locked'; message: string }
  >()({
    // The envelope refuses anything longer itself; this only bounds what crosses the boundary.
    fields: { armour: field.text(20_000), authors: field.texts() },
    callers: FROM_HOST_PAGE,
  }),
  publishMessagingKey: request<TransactionResult>()({ changesChain: true }),
};
