import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';

/** What a web site may ask through the page provider: its chain, accounts after approval, SIWE signatures. */
const SITE = ['site'] as const;

export const loginProtocol = {
  /** The chain the extension reads, as EIP-1193's hex chain id. */
  siteChainId: request<string>()({ callers: SITE }),
  /** The wallet's address if this origin was approved, else nothing. */
  siteAccounts: request<string[]>()({ callers: SITE }),
  /** Asks the member (approval window) to share the wallet's address with this origin. */
  siteConnect: request<string[]>()({ callers: SITE }),
  /** Asks the member to sign an EIP-4361 message for this origin that names a union (approval window). */
  siteSignIn: request<string>()({ fields: { message: field.text(4_096), address: field.text(42) }, callers: SITE }),
};
