import type { PublicClient } from 'viem';
import { createChainClient } from './chain/client';
import { describeChainError, toUnionError } from './chain/errors';
import { readProfiles } from './chain/profiles';
import { readRegistry } from './chain/reads';
import { DEFAULT_CONFIG, type ChainConfig } from './config';
import { UnionError } from './errors';
import { createCampaignsHandlers } from './features/campaigns/handlers';
import { createDocumentsHandlers } from './features/documents/handlers';
import { createLoginHandlers } from './features/login/handlers';
import { createChainHelpers, type FeatureContext } from './features/context';
import { createComposeSessions, type ComposeWindows } from './features/messaging/compose';
import { createMessagingHandlers } from './features/messaging/handlers';
import type { ComposeDetails } from './features/messaging/protocol';
import { createPageHandlers } from './features/page/handlers';
import { createProfilesHandlers } from './features/profiles/handlers';
import { createRalliesHandlers } from './features/rallies/handlers';
import { createSettingsHandlers, FieldErrors } from './features/settings/handlers';
import { createStakeHandlers } from './features/stake/handlers';
import { createTipsHandlers } from './features/tips/handlers';
import { createTreeHandlers } from './features/tree/handlers';
import { createUnionsHandlers } from './features/unions/handlers';
import { createWalletHandlers } from './features/wallet/handlers';
import { createMembershipPolicy } from './identity/membership';
import { createResolver, type Resolver } from './identity/resolver';
import { changesChain, parseRequest, type Caller, type Handler, type Handlers, type RequestType, type Result } from './protocol';
import { getMany, putProfiles, type UnionDb } from './store/db';
import { createTreeSource } from './union/tree-source';
import type { RallyNotifier } from './union/rallies';
import { createApprovalQueue, createPageWindowLimit, type ApprovalWindows } from './wallet/approvals';
import { createKeeper, type SessionStore } from './wallet/keeper';

export interface ServiceOptions {
  db: UnionDb;
  /** The browser's session storage, where the unlocked key lives. */
  session: SessionStore;
  /** Opens the approval window for a pending request. */
  windows: ApprovalWindows;
  /** Opens the composer window of a Lock (none where there is no browser). */
  composeWindows?: ComposeWindows;
  /** Opens the wallet page in a tab. */
  openWalletPage: () => Promise<void>;
  /** Injects an on-page feature's code into a host page's frame (none where there is no browser). */
  injectFeature?: FeatureContext['injectFeature'];
  /** Browser notifications and the icon badge for rallies; none where there is no browser (tests). */
  notifier?: RallyNotifier;
  /** Windows and tabs one host page's tab may open a minute (tests that play many pages' worth raise it). */
  pageWindowLimit?: number;
  /** PBKDF2 iterations of new vaults (tests lower it). */
  vaultIterations?: number;
  fetchFn?: typeof fetch;
  now?: () => number;
  /** Freshness of cached chain reads. */
  ttlMs?: number;
}

export const DEFAULT_TTL_MS = 5 * 60_000;

/** How the approval window names requests from the extension's own pages. */
export const EXTENSION_ORIGIN = 'Network Union (this extension)';
/** The extension's own pages as a caller. */
export const EXTENSION_CALLER: Caller = { kind: 'extension', origin: EXTENSION_ORIGIN };

/** The background's logic, free of browser APIs: the entrypoint only passes messages in. */
export function createUnionService(options: ServiceOptions) {
  const { db } = options;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const keeper = createKeeper({ db, session: options.session, now, iterations: options.vaultIterations });
  // Approval windows, Lock windows and wallet tabs a host page asks for share one limit per tab.
  const pageWindows = createPageWindowLimit(now, options.pageWindowLimit);
  const approvals = createApprovalQueue(options.windows, now, pageWindows);
  const drafts = createComposeSessions<ComposeDetails>(options.composeWindows ?? { open: async () => Promise.reject(new Error('no window')) });
  let current: { config: ChainConfig; client: PublicClient; resolver: Resolver } | undefined;

  function connect(config: ChainConfig) {
    const client = createChainClient(config, options.fetchFn);
    const resolver = createResolver({
      read: async (handles) => readProfiles(client, config, handles, await policy.followedIds()),
      getCached: (handles) => getMany(db, 'profiles', handles),
      putCached: (entries) => putProfiles(db, entries),
      describeError: describeChainError,
      ttlMs,
      now,
    });
    current = { config, client, resolver };
    return current;
  }

  async function connection() {
    return current ?? connect((await db.get('settings', 'config')) ?? DEFAULT_CONFIG);
  }

  async function switchConfig(config: ChainConfig | null) {
    if (config) await db.put('settings', config, 'config');
    else await db.delete('settings', 'config');
    await forgetChainReads();
    return connect(config ?? DEFAULT_CONFIG).config;
  }

  /**
   * Reads a visited profile needs beyond the batched lookup, kept as long as the lookups are, so a
   * repeat visit within the TTL asks the chain nothing; forgotten when this wallet changes the chain.
   */
  const remembered = new Map<string, { at: number; value: Promise<unknown> }>();
  function remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = remembered.get(key);
    if (entry && now() - entry.at < ttlMs) return entry.value as Promise<T>;
    const value = load();
    remembered.set(key, { at: now(), value });
    value.catch(() => remembered.delete(key));
    return value;
  }

  /** This wallet changed the chain or what it follows: what the caches say may be stale. */
  async function forgetChainReads() {
    remembered.clear();
    await db.clear('profiles');
  }

  const policy = createMembershipPolicy({
    db,
    now,
    lookup: async (handles) => (await connection()).resolver.lookup(handles),
    readFresh: async (handles, unionIds) => {
      const { client, config } = await connection();
      return readProfiles(client, config, handles, unionIds);
    },
    settingsUnion: async () => (await connection()).config.unionId,
    walletUnions: async () => {
      const address = await keeper.address();
      if (!address) return [];
      return remember(`unions:${address}`, async () => {
        const { client, config } = await connection();
        return (await readRegistry(client, config, 'unionsOf', [address])).map(Number);
      });
    },
  });

  const ctx: FeatureContext = {
    db,
    keeper,
    approvals,
    pageWindows,
    now,
    connection,
    switchConfig,
    remember,
    forgetChainReads,
    policy,
    notifier: options.notifier ?? SILENT,
    openWalletPage: options.openWalletPage,
    injectFeature: options.injectFeature ?? (async () => {
      throw new UnionError('refused', 'On-page features load only in a browser.');
    }),
    fetchFn: options.fetchFn,
  };
  const chain = createChainHelpers(ctx);
  const trees = createTreeSource();
  const handlers: Handlers<RequestType> = {
    ...createProfilesHandlers(ctx, chain),
    ...createTipsHandlers(ctx, chain),
    ...createMessagingHandlers(ctx, chain, trees, drafts),
    ...createRalliesHandlers(ctx, chain),
    ...createTreeHandlers(ctx, chain, trees),
    ...createUnionsHandlers(ctx, chain),
    ...createDocumentsHandlers(ctx, chain),
    ...createWalletHandlers(ctx, chain),
    ...createSettingsHandlers(ctx),
    ...createPageHandlers(ctx),
    ...createCampaignsHandlers(ctx, chain),
    ...createStakeHandlers(ctx, chain),
    ...createLoginHandlers(ctx, chain),
  };

  return {
    keeper,
    approvals,
    drafts,
    connection,
    /** Handles one message from `caller`: checked against its descriptor, answered as a value, never thrown. */
    async handle(message: unknown, caller: Caller): Promise<Result<unknown>> {
      const parsed = parseRequest(message, caller.kind);
      if ('error' in parsed) return { ok: false, error: parsed.error };
      try {
        const handler = handlers[parsed.type] as Handler<RequestType>;
        const value = await handler(parsed.params, caller);
        if (changesChain(parsed.type)) await forgetChainReads();
        return { ok: true, value };
      } catch (thrown) {
        const error = toUnionError(thrown);
        return {
          ok: false,
          error: error.message,
          ...(error instanceof FieldErrors ? { fieldErrors: error.errors } : {}),
          ...(error.code === 'locked' ? { locked: true } : {}),
        };
      }
    },
  };
}

const SILENT: RallyNotifier = { rally: async () => undefined, summary: async () => undefined, badge: async () => undefined };

export type UnionService = ReturnType<typeof createUnionService>;
