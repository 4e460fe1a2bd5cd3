import browser, { type Runtime } from 'webextension-polyfill';
import type { Caller } from '@/lib/protocol';
import { createUnionService, EXTENSION_CALLER } from '@/lib/service';
import { openUnionDb } from '@/lib/store/db';
import { ralliesNotice, rallyNotice } from '@/lib/union/rallies';
import { resumePending } from '@/lib/wallet/transactions';
import { CHUNK_FILES, type ChunkName } from '@/content/runtime/chunk-files';

const AUTO_LOCK_ALARM = 'auto-lock';
/** MV3 workers are stopped when idle: an alarm, not a socket, brings new rallies within a minute. */
const RALLY_ALARM = 'rallies';
const RALLY_NOTIFICATION = 'rally:';
/** approval request id -> the window showing it */
const approvalWindows = new Map<number, string>();
/** window -> the Lock draft it composes */
const composeWindows = new Map<number, string>();

export default defineBackground({
  type: 'module',
  main() {
    const service = openUnionDb().then(async (db) => {
      const created = createUnionService({
        db,
        session: {
          get: async (key) => (await browser.storage.session.get(key))[key] as never,
          set: (key, value) => browser.storage.session.set({ [key]: value }),
          remove: (key) => browser.storage.session.remove(key),
        },
        composeWindows: {
          async open(id) {
            const window = await browser.windows.create({ url: browser.runtime.getURL(`/compose.html?id=${encodeURIComponent(id)}`), type: 'popup', width: 480, height: 640, focused: true });
            if (window.id !== undefined) composeWindows.set(window.id, id);
          },
        },
        openWalletPage: async () => void (await browser.tabs.create({ url: browser.runtime.getURL('/wallet.html') })),
        injectFeature,
        notifier: {
          async rally(record) {
            await browser.notifications.create(`${RALLY_NOTIFICATION}${record.rallyId}`, {
              type: 'basic',
              iconUrl: browser.runtime.getURL('/icon/128.png'),
              ...rallyNotice(record),
            });
          },
          async summary(count, unionNames) {
            await browser.notifications.create(`${RALLY_NOTIFICATION}inbox`, {
              type: 'basic',
              iconUrl: browser.runtime.getURL('/icon/128.png'),
              ...ralliesNotice(count, unionNames),
            });
          },
          async badge(unread) {
            await browser.action.setBadgeText({ text: unread ? String(unread) : '' });
            await browser.action.setBadgeBackgroundColor({ color: '#7c3aed' });
          },
        },
        windows: {
          async open(id) {
            const window = await browser.windows.create({
              url: browser.runtime.getURL(`/approval.html?id=${encodeURIComponent(id)}`),
              type: 'popup',
              width: 440,
              height: 640,
              focused: true,
            });
            if (window.id !== undefined) approvalWindows.set(window.id, id);
          },
        },
      });
      // Transactions sent before the worker was stopped: sent again if the node lost them, watched to the end.
      const { client, config } = await created.connection();
      void resumePending(client, db, config.chainId).catch(() => undefined);
      return created;
    });
    const extensionOrigin = browser.runtime.getURL('/');

    browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
      // Extension pages have our own origin; content scripts run with the host page's URL.
      const fromExtensionPage = sender.id === browser.runtime.id && (sender.url ?? '').startsWith(extensionOrigin);
      const origin = new URL(sender.url ?? 'about:blank').origin;
      // A web site's request, relayed by the sign-in content script: its origin is the browser's
      // word for the top frame that asked, never the page's.
      const site = !fromExtensionPage && isSiteRelay(message);
      if (site && sender.frameId !== 0) return Promise.resolve({ ok: false, error: 'Sign in with Union answers only the top frame.' });
      const caller: Caller = fromExtensionPage
        ? EXTENSION_CALLER
        : { kind: site ? 'site' : 'content', origin, tabId: sender.tab?.id, frameId: sender.frameId };
      return service.then(async (s) => {
        const result = await s.handle(site ? message.site : message, caller);
        // The answer does not wait for the alarm: a page's badges are drawn sooner.
        void scheduleAutoLock(s).catch(() => undefined);
        return result;
      });
    });

    browser.windows.onRemoved.addListener((windowId) => {
      const id = approvalWindows.get(windowId);
      approvalWindows.delete(windowId);
      if (id) void service.then((s) => s.approvals.closed(id));
      const draft = composeWindows.get(windowId);
      composeWindows.delete(windowId);
      if (draft) void service.then((s) => s.drafts.closed(draft));
    });

    // Locks at the idle deadline even if nothing else wakes the worker.
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === AUTO_LOCK_ALARM) void service.then((s) => s.keeper.status());
      if (alarm.name === RALLY_ALARM) void service.then((s) => s.handle({ type: 'checkRallies' }, EXTENSION_CALLER));
    });
    void browser.alarms.create(RALLY_ALARM, { periodInMinutes: 1, delayInMinutes: 0.05 });

    browser.notifications.onClicked.addListener((id) => {
      if (!id.startsWith(RALLY_NOTIFICATION)) return;
      const rally = id.slice(RALLY_NOTIFICATION.length);
      const path = rally === 'inbox' ? '/wallet.html#rallies' : `/rally.html?id=${rally}`;
      void browser.tabs.create({ url: browser.runtime.getURL(path) });
      void browser.notifications.clear(id);
    });
  },
});

function isSiteRelay(message: unknown): message is { site: unknown } {
  return typeof message === 'object' && message !== null && Object.hasOwn(message, 'site');
}

/**
 * Runs an on-page feature's chunk in the frame that asked, in its content script's isolated world
 * (the default world of executeScript): only the chunks the build made, by name.
 */
async function injectFeature(target: { tabId: number; frameId: number }, feature: string): Promise<void> {
  if (!Object.hasOwn(CHUNK_FILES, feature)) throw new Error(`No on-page feature is called ${feature.slice(0, 40)}.`);
  await browser.scripting.executeScript({ target: { tabId: target.tabId, frameIds: [target.frameId] }, files: [CHUNK_FILES[feature as ChunkName]] });
}

async function scheduleAutoLock(service: Awaited<ReturnType<typeof createUnionService>>) {
  const status = await service.keeper.status();
  if (status.state === 'unlocked') await browser.alarms.create(AUTO_LOCK_ALARM, { when: status.locksAt + 1_000 });
  else await browser.alarms.clear(AUTO_LOCK_ALARM);
}
