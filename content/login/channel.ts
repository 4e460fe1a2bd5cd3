/**
 * The window messages between the page-world provider and the content script that relays it.
 * Kept free of imports: the page-world script must stay tiny.
 */
export const PROVIDER_REQUEST = 'network-union/provider-request';
export const PROVIDER_RESPONSE = 'network-union/provider-response';

export interface ProviderRequest {
  channel: typeof PROVIDER_REQUEST;
  id: number;
  method: string;
  params?: unknown;
}

export interface ProviderResponse {
  channel: typeof PROVIDER_RESPONSE;
  id: number;
  result?: unknown;
  error?: { code: number; message: string };
}
