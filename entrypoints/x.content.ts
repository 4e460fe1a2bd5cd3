import { browser } from 'wxt/browser';
import { startOverlay } from '@/components/overlay/overlay';
import { xAdapter } from '@/lib/sites/x/adapter';

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.twitter.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx) {
    startOverlay(ctx, xAdapter, (message) => browser.runtime.sendMessage(message));
  },
});
