import { browser } from 'wxt/browser';
import { startRuntime } from '@/content/runtime';
import '@/content/features/badges';
import '@/content/features/messages';
import { X_PAGES } from '@/lib/sites/pages';
import { xAdapter } from '@/lib/sites/x/adapter';

export default defineContentScript({
  matches: X_PAGES,
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx) {
    startRuntime(ctx, xAdapter, (message) => browser.runtime.sendMessage(message));
  },
});
