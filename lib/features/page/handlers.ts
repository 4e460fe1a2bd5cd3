import type { Handlers } from '../../protocol';
import { RequestError, type FeatureContext } from '../context';
import type { pageProtocol } from './protocol';

export function createPageHandlers(ctx: FeatureContext): Handlers<keyof typeof pageProtocol> {
  return {
    async loadFeature({ feature }, caller) {
      if (caller.tabId === undefined) throw new RequestError('A feature is loaded into a host page only.');
      await ctx.injectFeature({ tabId: caller.tabId, frameId: caller.frameId ?? 0 }, feature);
      return { loaded: true as const };
    },
    async openWallet(_, caller) {
      ctx.pageWindows.take(caller);
      await ctx.openWalletPage();
      return { opened: true as const };
    },
  };
}
