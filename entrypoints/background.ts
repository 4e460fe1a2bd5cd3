import browser, { type Runtime } from 'webextension-polyfill';
import { createUnionService } from '@/lib/service';
import { openUnionDb } from '@/lib/store/db';

export default defineBackground({
  type: 'module',
  main() {
    const service = openUnionDb().then((db) => createUnionService({ db }));
    const extensionOrigin = browser.runtime.getURL('/');

    browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
      // Extension pages have our own origin; content scripts run with the host page's URL.
      const fromExtensionPage = sender.id === browser.runtime.id && (sender.url ?? '').startsWith(extensionOrigin);
      return service.then((s) => s.handle(message, fromExtensionPage));
    });
  },
});
