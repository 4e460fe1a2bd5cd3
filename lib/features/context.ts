import { isAddress, zeroAddress, erc20Abi, type Address, type Hex, type PublicClient } from 'viem';
import { secp256k1 } from '@noble/curves/secp256k1';
import { publicKeyToAddress } from 'viem/accounts';
import { unionRegistryAbi } from '../chain/generated/abi';
import { readRegistry } from '../chain/reads';
import { safeText } from '../format';
import { displayHandle } from '../identity/handles';
import { ROLES, type Membership, type Role } from '../chain/types';
import type { RegistryWrite } from '../chain/write';
import type { ChainConfig } from '../config';
import type { MembershipPolicy } from '../identity/membership';
import type { UnionDb } from '../store/db';
import type { RallyNotifier } from '../union/rallies';
import type { ApprovalDetails, ApprovalQueue, PageWindowLimit } from '../wallet/approvals';
import type { Keeper } from '../wallet/keeper';
import type { Caller } from '../protocol/define';
import { prepareCall, registryCall, sendPrepared, type ContractCall } from '../wallet/transactions';
import type { MembershipSummary, TransactionResult } from './wallet/protocol';
import { UnionError } from '../errors';

/** A refusal a person can act on, shown as it is. */
export class RequestError extends UnionError {
  override name = 'RequestError';
  constructor(message: string) {
    super('refused', message);
  }
}

export interface Connection {
  config: ChainConfig;
  client: PublicClient;
}

/** What the background gives every feature's handlers: storage, keys, approvals, the chain, the trust rule. */
export interface FeatureContext {
  db: UnionDb;
  keeper: Keeper;
  approvals: ApprovalQueue;
  /** Counts the windows and tabs host pages open (approvals count themselves). */
  pageWindows: PageWindowLimit;
  now: () => number;
  connection: () => Promise<Connection>;
  /** Switches the chain settings (null: the embedded default) and drops every cached read. */
  switchConfig: (config: ChainConfig | null) => Promise<ChainConfig>;
  /** A chain read kept as long as the badge lookups are (forgotten when this wallet changes the chain). */
  remember: <T>(key: string, load: () => Promise<T>) => Promise<T>;
  /** Cached chain reads may be stale: drop them. */
  forgetChainReads: () => Promise<void>;
  /** The one membership policy every caller uses. */
  policy: MembershipPolicy;
  notifier: RallyNotifier;
  openWalletPage: () => Promise<void>;
  /** Injects an on-page feature's code into a host page's frame. */
  injectFeature: (target: { tabId: number; frameId: number }, feature: string) => Promise<void>;
  fetchFn?: typeof fetch;
}

/** A union as approval windows name it: never by name alone. */
export function unionLine(m: Pick<Membership, 'unionId' | 'unionName' | 'leader'>): string {
  return `${safeText(m.unionName, 64)} #${m.unionId}, led by ${m.leader}`;
}

/** Chain helpers several features share, each typed from the ABIs. */
export function createChainHelpers(ctx: Pick<FeatureContext, 'db' | 'keeper' | 'approvals' | 'now' | 'connection'>) {
  async function read<F extends Parameters<typeof readRegistry>[2]>(functionName: F, args: Parameters<typeof readRegistry<F>>[3]) {
    const { config, client } = await ctx.connection();
    return readRegistry(client, config, functionName, args);
  }

  /** Simulates, asks for approval in the approval window, then signs and sends. */
  async function send(caller: Caller, call: ContractCall, record: { tipId?: string } = {}): Promise<TransactionResult> {
    const { config, client } = await ctx.connection();
    const account = await ctx.keeper.account();
    const prepared = await prepareCall(client, config, account.address, call);
    await ctx.approvals.request(caller, prepared.details);
    // Unlocked state is re-read after the wait: the wallet may have locked meanwhile.
    const sent = await sendPrepared(client, config, ctx.db, await ctx.keeper.account(), prepared, ctx.now, record);
    return { hash: sent.hash, summary: call.summary };
  }

  /** A registry transaction; one acting on a union names it in the approval window by id and leader. */
  async function transact(caller: Caller, functionName: RegistryWrite, args: readonly unknown[], summary: string): Promise<TransactionResult> {
    const call = registryCall((await ctx.connection()).config, functionName, args, summary);
    const fn = unionRegistryAbi.find((item) => item.type === 'function' && item.name === functionName);
    if (fn && 'inputs' in fn && fn.inputs[0]?.name === 'unionId') {
      const unionId = BigInt(args[0] as bigint);
      const [leader, unionName] = await read('getUnion', [unionId]);
      call.extraFields = [{ label: 'Union', value: unionLine({ unionId: Number(unionId), unionName, leader }) }];
    }
    return send(caller, call);
  }

  /** Checks the wallet is unlocked before asking, and again after the approval. */
  async function approveSignature(caller: Caller, details: Omit<ApprovalDetails, 'kind'>) {
    await ctx.keeper.account();
    await ctx.approvals.request(caller, { kind: 'signature', ...details });
    return ctx.keeper.account();
  }

  /** Deadlines and expiries are checked against block time, which a chain may run ahead of this clock. */
  async function chainTime(): Promise<bigint> {
    const { client } = await ctx.connection();
    return (await client.getBlock({ blockTag: 'latest' })).timestamp;
  }

  async function roleOf(unionId: number | bigint, account: Address): Promise<Role> {
    return ROLES[await read('roleOf', [BigInt(unionId), account])] ?? 'none';
  }

  async function unionTokenOf(unionId: number): Promise<{ address: Address; symbol: string; decimals: number } | null> {
    const address = await read('unionToken', [BigInt(unionId)]);
    if (address === zeroAddress) return null;
    const { client } = await ctx.connection();
    const [symbol, decimals] = await Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
      client.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
    ]);
    return { address, symbol, decimals };
  }

  /** The current memberships of `address`, in one multicall. */
  async function membershipsOf(address: Address): Promise<MembershipSummary[]> {
    const { config, client } = await ctx.connection();
    const ids = await read('unionsOf', [address]);
    const contract = { address: config.registry, abi: unionRegistryAbi } as const;
    const reads = await client.multicall({
      contracts: ids.flatMap((id) => [
        { ...contract, functionName: 'roleOf', args: [id, address] },
        { ...contract, functionName: 'getUnion', args: [id] },
        { ...contract, functionName: 'officerTitle', args: [id, address] },
        { ...contract, functionName: 'sponsorOf', args: [id, address] },
        { ...contract, functionName: 'supportBase', args: [id, address] },
        { ...contract, functionName: 'directSupporters', args: [id, address] },
      ] as const),
      multicallAddress: config.multicall3,
      allowFailure: false,
    });
    return ids
      .map((id, i) => {
        const [role, union, title, sponsor, base, direct] = reads.slice(i * 6, i * 6 + 6) as [number, readonly [Address, string], string, Address, bigint, bigint];
        return {
          unionId: Number(id),
          unionName: union[1],
          leader: union[0],
          role: ROLES[role] ?? 'none',
          officerTitle: title,
          sponsor: sponsor === zeroAddress ? null : sponsor,
          supportBase: Number(base),
          directSupporters: Number(direct),
        } satisfies MembershipSummary;
      })
      .filter((m) => m.role !== 'none');
  }

  const keyReads = new Map<Address, Promise<Hex>>();
  /** A member's published messaging key, read once for concurrent callers and never kept after. */
  function publishedKey(owner: Address): Promise<Hex> {
    let reading = keyReads.get(owner);
    if (!reading) {
      reading = read('encryptionKeyOf', [owner]).finally(() => keyReads.delete(owner));
      keyReads.set(owner, reading);
    }
    return reading;
  }

  return { read, send, transact, approveSignature, chainTime, roleOf, unionTokenOf, membershipsOf, publishedKey };
}

export type ChainHelpers = ReturnType<typeof createChainHelpers>;

/** The address a published messaging key signs as; null when the key is not a curve point (the registry checks only its length). */
export function messagingAddressOf(compressedKey: Hex): Address | null {
  try {
    return publicKeyToAddress(`0x${secp256k1.ProjectivePoint.fromHex(compressedKey.slice(2)).toHex(false)}`);
  } catch {
    return null;
  }
}

export function isStrictAddress(text: string): text is Address {
  return isAddress(text, { strict: true });
}

/** The member a tip or a message may go to: verified now from the chain under the trust rule, never from a cache. */
export async function verifiedMember(ctx: FeatureContext, handle: string, purpose: string): Promise<{ address: Address; unionId: number; membership: Membership }> {
  const view = (await ctx.policy.views([handle], { fresh: true }))[handle];
  if (!view || view.state === 'offline') throw new RequestError(`The chain did not answer, so ${displayHandle(handle)} cannot be verified.`);
  if (view.state !== 'verified' || !view.owner || !view.membership) {
    throw new RequestError(`${displayHandle(handle)} is not a verified member of a union you follow: ${purpose}.`);
  }
  return { address: view.owner, unionId: view.membership.unionId, membership: view.membership };
}
