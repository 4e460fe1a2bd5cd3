import { browser } from 'wxt/browser';
import { startRuntime } from '@/content/runtime';
import '@/content/features/badges';
import '@/content/features/messages';
import { facebookAdapter } from '@/lib/sites/facebook/adapter';

export default defineContentScript({
  // m.facebook.com serves a different, server-rendered markup the adapter does not read: no
  // permission is asked for a host the overlay cannot serve.
  matches: ['https://www.facebook.com/*', 'https://facebook.com/*', 'https://web.facebook.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx) {
    startRuntime(ctx, facebookAdapter, (message) => browser.runtime.sendMessage(message));
  },
});
