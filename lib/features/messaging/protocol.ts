import type { Address } from 'viem';
import type { OpenFailure } from '../../crypto/envelope';
import { field } from '../../protocol/fields';
import { FROM_HOST_PAGE, request } from '../../protocol/define';
import { MAX_ARMOUR_CHARS } from '../../protocol/limits';
import type { TransactionResult } from '../wallet/protocol';

/** The choice of members the composer window offers for a post. */
export interface RecipientPicker {
  choices: { id: string; label: string }[];
  /** The site's limit for a post, in its own way of counting characters. */
  postLimit: number;
  /** capacity[n - 1]: the most bytes that still fit a post for n chosen (-1: none fit). */
  capacity: number[];
  /** The most members that may be chosen. */
  maxChosen: number;
}

/** What the composer window writes for: a DM's peer, or a post's members chosen there. */
export type ComposeDetails =
  | { kind: 'dm'; peerHandle: string; site: string; origin: string; maxBytes: number }
  | { kind: 'post'; platform: string; site: string; origin: string; picker: RecipientPicker };

export const messagingProtocol = {
  /** Whether a DM to this peer can be locked; `reason` says why not. */
  lockStatus: request<{ reason: string | null }>()({ fields: { peerHandle: field.text(100) }, callers: FROM_HOST_PAGE }),
  /**
   * Lock on a host page: opens the extension's composer window for a DM to `peerHandle`, or with
   * no peer for a post on `platform`'s site, and answers with the armour written there (the
   * plaintext stays in the window).
   */
  compose: request<{ armour: string }>()({
    fields: { peerHandle: field.optional(field.text(100)), platform: field.text(16) },
    callers: FROM_HOST_PAGE,
  }),
  /** The composer window: what session `id` composes for. */
  composeDetails: request<ComposeDetails>()({ fields: { id: field.text(64) } }),
  /**
   * The composer window: encrypts `plaintext` for the session's peer, or for the chosen members of
   * a post (and for oneself), and hands the armour to the page that asked.
   */
  composeFinish: request<{ armour: string; recipients: string[] }>()({
    fields: { id: field.text(64), plaintext: field.text(), recipients: field.texts() },
  }),
  /** Decrypt armoured text; `authors` are the handles that may have written it. */
  openArmour: request<
    | {
        opened: true;
        plaintext: string;
        sender: { handle: string; address: Address; self: boolean } | null;
        /** Whether it was sealed for where it is shown (this DM, or this author's post); unknown for old envelopes. */
        placement: 'here' | 'elsewhere' | 'unknown';
        /** When the sender sealed it (ms); null for old envelopes. */
        sentAt: number | null;
      }
    | { opened: false; reason: OpenFailure | 'locked'; message: string }
  >()({
    // Cut, not refused: page text may run on for a megabyte, and the reader is then told the
    // message is too large instead of a refused request.
    fields: { armour: field.clipped(MAX_ARMOUR_CHARS), authors: field.texts() },
    callers: FROM_HOST_PAGE,
  }),
  publishMessagingKey: request<TransactionResult>()({ changesChain: true }),
};
