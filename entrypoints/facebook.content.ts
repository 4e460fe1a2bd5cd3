import { browser } from 'wxt/browser';
import { startRuntime } from '@/content/runtime';
import '@/content/features/badges';
import '@/content/features/messages';
import { facebookAdapter } from '@/lib/sites/facebook/adapter';
import { FACEBOOK_PAGES } from '@/lib/sites/pages';

export default defineContentScript({
  matches: FACEBOOK_PAGES,
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx) {
    startRuntime(ctx, facebookAdapter, (message) => browser.runtime.sendMessage(message));
  },
});
