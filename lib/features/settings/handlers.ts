import { createChainClient } from '../../chain/client';
import { readChainStatus } from '../../chain/status';
import { DEFAULT_CONFIG, validateConfig } from '../../config';
import type { Handlers } from '../../protocol';
import type { FeatureContext } from '../context';
import type { settingsProtocol } from './protocol';
import { UnionError } from '../../errors';
import { checkIndexer, createIndexerClient } from '../../union/indexer';

/** Refused settings: each field that is not valid, and why. */
export class FieldErrors extends UnionError {
  override name = 'FieldErrors';
  constructor(readonly errors: Record<string, string>) {
    super('invalid-fields', 'Some settings are not valid.');
  }
}

/** The chain the extension reads, as the options page sets it. */
export function createSettingsHandlers(ctx: FeatureContext): Handlers<keyof typeof settingsProtocol> {
  return {
    async status() {
      const { config, client } = await ctx.connection();
      return { ...(await readChainStatus(client, config)), config };
    },
    async getConfig() {
      const stored = await ctx.db.get('settings', 'config');
      return { config: stored ?? DEFAULT_CONFIG, isDefault: !stored };
    },
    async setConfig({ config: input }) {
      const validation = validateConfig(input);
      if (!validation.ok) throw new FieldErrors(validation.errors);
      // Refuse a node that does not answer, is another chain, or lacks the contracts: nothing saved.
      const probe = createChainClient(validation.config, ctx.fetchFn);
      await readChainStatus(probe, validation.config);
      const tipsCode = await probe.getCode({ address: validation.config.tips });
      if (!tipsCode || tipsCode === '0x') throw new Error(`There is no contract at the Tips address ${validation.config.tips} on this chain.`);
      // An indexer of another chain or registry would show another union's numbers.
      const { indexerUrl } = validation.config;
      if (indexerUrl) {
        await checkIndexer(createIndexerClient(indexerUrl, ctx.fetchFn), validation.config).catch((error: Error) => {
          throw new FieldErrors({ indexerUrl: `Not usable: ${error.message}.` });
        });
      }
      return { config: await ctx.switchConfig(validation.config) };
    },
    async resetConfig() {
      return { config: await ctx.switchConfig(null) };
    },
  };
}
