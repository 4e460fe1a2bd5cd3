import { browser } from 'wxt/browser';
import { startRuntime } from '@/content/runtime';
import '@/content/features/badges';
import '@/content/features/messages';
import { xAdapter } from '@/lib/sites/x/adapter';

export default defineContentScript({
  matches: ['https://x.com/*', 'https://chat.x.com/*', 'https://twitter.com/*', 'https://mobile.twitter.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx) {
    startRuntime(ctx, xAdapter, (message) => browser.runtime.sendMessage(message));
  },
});
