import { formatEther, zeroAddress, type Address, type PublicClient } from 'viem';
import { TIPPED } from './chain/events';
import { createChainClient } from './chain/client';
import { describeChainError } from './chain/errors';
import { readProfiles } from './chain/profiles';
import { readChainStatus } from './chain/status';
import { DEFAULT_CONFIG, validateConfig, type ChainConfig } from './config';
import { parseHandle } from './identity/handles';
import { parseProof } from './identity/proof';
import { createResolver, type Resolver } from './identity/resolver';
import { verifyProfile, type ProfileView } from './identity/verify';
import { CONTENT_SCRIPT_REQUESTS, parseRequest, type RequestOf, type RequestType, type ResponseMap, type Result } from './messages';
import { getMany, putProfiles, type UnionDb } from './store/db';
import { unionRegistryAbi } from './chain/generated/abi';
import { ROLES } from './chain/types';
import { CorruptVaultError, UnsupportedVaultVersionError, WrongPasswordError } from './crypto/vault';
import { createApprovalQueue, RejectedError, type ApprovalWindows } from './wallet/approvals';
import { createWalletHandlers, RequestError } from './wallet/handlers';
import { createKeeper, LockedError, WalletError, type SessionStore } from './wallet/keeper';
import { describeSendError } from './wallet/transactions';
import type { RallyNotifier } from './union/rallies';

export interface ServiceOptions {
  db: UnionDb;
  /** The browser's session storage, where the unlocked key lives. */
  session: SessionStore;
  /** Opens the approval window for a pending request. */
  windows: ApprovalWindows;
  /** Opens the wallet page in a tab. */
  openWalletPage: () => Promise<void>;
  /** Browser notifications and the icon badge for rallies; none where there is no browser (tests). */
  notifier?: RallyNotifier;
  /** PBKDF2 iterations of new vaults (tests lower it). */
  vaultIterations?: number;
  fetchFn?: typeof fetch;
  now?: () => number;
  /** Freshness of cached chain reads. */
  ttlMs?: number;
  /** Lookups within this window share one RPC round trip. */
  windowMs?: number;
}

export const DEFAULT_TTL_MS = 5 * 60_000;
export const DEFAULT_WINDOW_MS = 30;

/** The background's logic, free of browser APIs: the entrypoint only passes messages in. */
export function createUnionService(options: ServiceOptions) {
  const { db } = options;
  const now = options.now ?? Date.now;
  const keeper = createKeeper({ db, session: options.session, now, iterations: options.vaultIterations });
  const approvals = createApprovalQueue(options.windows, now);
  let current: { config: ChainConfig; client: PublicClient; resolver: Resolver } | undefined;

  function connect(config: ChainConfig) {
    const client = createChainClient(config, options.fetchFn);
    const resolver = createResolver({
      read: (handles) => readProfiles(client, config, handles),
      getCached: (handles) => getMany(db, 'profiles', handles),
      putCached: (entries) => putProfiles(db, entries),
      describeError: describeChainError,
      ttlMs: options.ttlMs ?? DEFAULT_TTL_MS,
      windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
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
    if (entry && now() - entry.at < (options.ttlMs ?? DEFAULT_TTL_MS)) return entry.value as Promise<T>;
    const value = load();
    remembered.set(key, { at: now(), value });
    value.catch(() => remembered.delete(key));
    return value;
  }

  /** Whether the unlocked wallet may vouch for a verified-by-bio profile: its sponsor, leader or officer. */
  async function mayVouch(view: ProfileView): Promise<boolean> {
    const status = await keeper.status();
    const m = view.membership;
    if (status.state !== 'unlocked' || view.via !== 'bio' || !m || view.owner === status.address) return false;
    if (m.sponsor === status.address) return true;
    const role = await remember(`role:${m.unionId}:${status.address}`, async () => {
      const { config, client } = await connection();
      return client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'roleOf', args: [BigInt(m.unionId), status.address] });
    });
    return ROLES[role] === 'leader' || ROLES[role] === 'officer';
  }

  /** A member's track record of ETH tips received, from the Tips contract's events. */
  function tipsReceived(owner: Address): Promise<{ count: number; eth: string }> {
    return remember(`tips:${owner}`, async () => {
      const { config, client } = await connection();
      const logs = await client.getLogs({ address: config.tips, event: TIPPED, args: { to: owner, token: zeroAddress }, fromBlock: 0n });
      return { count: logs.length, eth: formatEther(logs.reduce((sum, log) => sum + (log.args.amount ?? 0n), 0n)) };
    });
  }

  function ralliesAnswered(unionId: number, owner: Address): Promise<number> {
    return remember(`rallies:${unionId}:${owner}`, async () => {
      const { config, client } = await connection();
      return Number(await client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName: 'ralliesAnswered', args: [BigInt(unionId), owner] }));
    });
  }

  /** This wallet changed the chain: what the caches say about it may be stale. */
  async function forgetChainReads() {
    remembered.clear();
    await db.clear('profiles');
  }

  async function resolve({ handles, profile }: RequestOf<'resolve'>): Promise<ResponseMap['resolve']> {
    const { config, resolver } = await connection();
    const views: Record<string, ProfileView> = {};
    const valid = new Map<string, string>();
    for (const raw of handles) {
      const handle = parseHandle(raw);
      if (handle) valid.set(raw, handle);
      else views[raw] = { handle: raw, state: 'none' };
    }

    const visited = profile && parseHandle(profile.handle);
    let visitedProof: Address | null = null;
    if (visited) {
      const proof = parseProof(profile.bio);
      visitedProof = proof.status === 'found' ? proof.address : null;
      // Remember what the profile shows now; a proof that is gone withdraws the memory.
      if (visitedProof) await db.put('bioProofs', { handle: visited, address: visitedProof, seenAt: now() });
      else await db.delete('bioProofs', visited);
      valid.set(profile.handle, visited);
    }

    const unique = [...new Set(valid.values())];
    const [lookups, remembered] = await Promise.all([resolver.lookup(unique), getMany(db, 'bioProofs', unique)]);
    for (const [raw, handle] of valid) {
      const lookup = lookups.get(handle)!;
      const bioAddress = handle === visited ? visitedProof : (remembered.get(handle)?.address ?? null);
      views[raw] =
        lookup.status === 'ok'
          ? verifyProfile(handle, lookup.profile, bioAddress, config.unionId)
          : { handle, state: 'offline' };
    }
    const visitedView = visited && profile ? views[profile.handle] : undefined;
    if (visitedView && (await mayVouch(visitedView).catch(() => false))) visitedView.canVouch = true;
    if (visitedView?.state === 'verified' && visitedView.owner && visitedView.membership) {
      visitedView.tipsReceived = (await tipsReceived(visitedView.owner).catch(() => undefined)) ?? undefined;
      visitedView.ralliesAnswered = await ralliesAnswered(visitedView.membership.unionId, visitedView.owner).catch(() => undefined);
    }
    return { profiles: views };
  }

  const handlers: { [T in RequestType]: (request: RequestOf<T>, origin: string) => Promise<ResponseMap[T]> } = {
    ...createWalletHandlers({
      db,
      keeper,
      approvals,
      connection,
      now,
      openWalletPage: options.openWalletPage,
      notifier: options.notifier ?? SILENT,
      profileViews: async (handles) => (await resolve({ type: 'resolve', handles })).profiles,
      remember,
    }),
    resolve,
    async status() {
      const { config, client } = await connection();
      return { ...(await readChainStatus(client, config)), config };
    },
    async getConfig() {
      const stored = await db.get('settings', 'config');
      return { config: stored ?? DEFAULT_CONFIG, isDefault: !stored };
    },
    async setConfig(request) {
      const validation = validateConfig(request.config);
      if (!validation.ok) throw new FieldErrors(validation.errors);
      // Refuse a node that does not answer, is another chain, or lacks the contracts: nothing saved.
      const probe = createChainClient(validation.config, options.fetchFn);
      await readChainStatus(probe, validation.config);
      const tipsCode = await probe.getCode({ address: validation.config.tips });
      if (!tipsCode || tipsCode === '0x') throw new Error(`There is no contract at the Tips address ${validation.config.tips} on this chain.`);
      return { config: await switchConfig(validation.config) };
    },
    async resetConfig() {
      return { config: await switchConfig(null) };
    },
  };

  return {
    keeper,
    approvals,
    connection,
    /**
     * Handles one message; `fromExtensionPage` is false for content scripts on host pages, and
     * `origin` names who asks in the approval window.
     */
    async handle(message: unknown, fromExtensionPage: boolean, origin = EXTENSION_ORIGIN): Promise<Result<unknown>> {
      const parsed = parseRequest(message);
      if ('error' in parsed) return { ok: false, error: parsed.error };
      const { request } = parsed;
      if (!fromExtensionPage && !CONTENT_SCRIPT_REQUESTS.has(request.type)) {
        return { ok: false, error: `${request.type} is only accepted from the extension's own pages.` };
      }
      try {
        const handler = handlers[request.type] as (r: typeof request, origin: string) => Promise<unknown>;
        const value = await handler(request, origin);
        if (CHANGES_CHAIN.has(request.type)) await forgetChainReads();
        return { ok: true, value };
      } catch (error) {
        if (error instanceof FieldErrors) return { ok: false, error: 'Some settings are not valid.', fieldErrors: error.errors };
        if (error instanceof LockedError) return { ok: false, error: error.message, locked: true };
        if (error instanceof WalletError || error instanceof RequestError || error instanceof RejectedError) return { ok: false, error: error.message };
        if (error instanceof WrongPasswordError || error instanceof CorruptVaultError || error instanceof UnsupportedVaultVersionError) {
          return { ok: false, error: error.message };
        }
        return { ok: false, error: describeSendError(error) };
      }
    },
  };
}

class FieldErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('invalid fields');
  }
}

const SILENT: RallyNotifier = { rally: async () => undefined, summary: async () => undefined, badge: async () => undefined };

/** Requests that send a transaction: afterwards the cached reads may be stale. */
const CHANGES_CHAIN: ReadonlySet<RequestType> = new Set([
  'joinUnion', 'claimHandle', 'publishMessagingKey', 'vouch', 'requestVouch', 'tip', 'answerRally', 'postRally', 'setOfficer', 'removeOfficer',
]);

/** How the approval window names requests from the extension's own pages. */
export const EXTENSION_ORIGIN = 'Network Union (this extension)';

export type UnionService = ReturnType<typeof createUnionService>;
