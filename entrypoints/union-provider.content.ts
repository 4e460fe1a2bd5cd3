import { PROVIDER_REQUEST, PROVIDER_RESPONSE, type ProviderRequest, type ProviderResponse } from '@/content/login/channel';
import { OVERLAY_PAGES } from '@/lib/sites/pages';

/**
 * Sign in with Union, page side: an EIP-1193 provider announced through EIP-6963 (never as
 * window.ethereum). It runs in the page's own world, holds nothing, and only forwards requests
 * to the content script (union-login.content.ts), which relays them to the background.
 */
export default defineContentScript({
  matches: ['https://*/*'],
  excludeMatches: OVERLAY_PAGES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
    let next = 0;
    window.addEventListener('message', (event: MessageEvent<ProviderResponse>) => {
      const data = event.data;
      if (event.source !== window || data?.channel !== PROVIDER_RESPONSE) return;
      const waiting = pending.get(data.id);
      if (!waiting) return;
      pending.delete(data.id);
      if (data.error) waiting.reject(Object.assign(new Error(data.error.message), { code: data.error.code }));
      else waiting.resolve(data.result);
    });
    const provider = Object.freeze({
      request({ method, params }: { method: string; params?: unknown }) {
        return new Promise((resolve, reject) => {
          const id = ++next;
          pending.set(id, { resolve, reject });
          window.postMessage({ channel: PROVIDER_REQUEST, id, method: String(method), params } satisfies ProviderRequest, location.origin);
        });
      },
      on: () => provider,
      removeListener: () => provider,
    });
    const detail = Object.freeze({
      info: Object.freeze({
        uuid: crypto.randomUUID(),
        name: 'Network Union',
        rdns: 'org.networkunion',
        icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='15' fill='%237c3aed'/%3E%3Cpath d='M9 20V12l7 8V12m7 0v8' stroke='white' stroke-width='2.5' fill='none'/%3E%3C/svg%3E",
      }),
      provider,
    });
    const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
    window.addEventListener('eip6963:requestProvider', announce);
    announce();
  },
});
