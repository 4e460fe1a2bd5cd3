import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';

/** What a content script needs of the background beyond the features' own requests. */
export const pageProtocol = {
  /** Injects an on-page feature's code into the asking frame, on its first use. */
  loadFeature: request<{ loaded: true }>()({ fields: { feature: field.text(40) }, callers: ['content'] }),
  /** Opens the wallet page (to unlock). */
  openWallet: request<{ opened: true }>()({ callers: ['content', 'extension'] }),
};
