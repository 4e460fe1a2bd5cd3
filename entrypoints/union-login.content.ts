import { browser } from 'wxt/browser';
import { PROVIDER_REQUEST, PROVIDER_RESPONSE, type ProviderRequest, type ProviderResponse } from '@/content/login/channel';
import { OVERLAY_PAGES } from '@/lib/sites/pages';

/** The provider's methods, as protocol requests; anything else is unsupported (EIP-1193 4200). */
const METHODS: Record<string, (params: unknown[]) => Record<string, unknown>> = {
  eth_chainId: () => ({ type: 'siteChainId' }),
  eth_accounts: () => ({ type: 'siteAccounts' }),
  eth_requestAccounts: () => ({ type: 'siteConnect' }),
  personal_sign: ([message, address]) => ({ type: 'siteSignIn', message, address }),
};
const REJECTED = 'User rejected the request.';

/**
 * Sign in with Union, relay: takes the page-world provider's requests from this window only and
 * passes them to the background, which knows the page's origin from the browser (never from the
 * page); the answer goes back to this window's origin only.
 */
export default defineContentScript({
  matches: ['https://*/*'],
  excludeMatches: OVERLAY_PAGES,
  runAt: 'document_start',
  main() {
    window.addEventListener('message', (event: MessageEvent<ProviderRequest>) => {
      const data = event.data;
      if (event.source !== window || data?.channel !== PROVIDER_REQUEST || typeof data.id !== 'number') return;
      void answer(data).then((reply) => window.postMessage({ channel: PROVIDER_RESPONSE, id: data.id, ...reply } satisfies ProviderResponse, location.origin));
    });
  },
});

async function answer({ method, params }: ProviderRequest): Promise<Omit<ProviderResponse, 'channel' | 'id'>> {
  const build = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!build) return { error: { code: 4200, message: `${String(method).slice(0, 40)} is not offered: only accounts, the chain id and sign-in messages.` } };
  const result = (await browser.runtime.sendMessage({ site: build(Array.isArray(params) ? params : []) })) as { ok: boolean; value?: unknown; error?: string } | undefined;
  if (result?.ok) return { result: result.value };
  const message = result?.error ?? REJECTED;
  return { error: { code: message === REJECTED ? 4001 : 4100, message } };
}
