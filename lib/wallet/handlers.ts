import {
  bytesToHex,
  erc20Abi,
  formatEther,
  formatUnits,
  getAddress,
  isAddress,
  keccak256,
  parseUnits,
  stringToHex,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { secp256k1 } from '@noble/curves/secp256k1';
import { privateKeyToAccount, publicKeyToAddress } from 'viem/accounts';
import type { ChainConfig } from '../config';
import { CHANNEL_ENCODING, X_CHARACTER_LIMITS, findArmour, maxPlaintextBytes, openMessage, sealMessage } from '../crypto/envelope';
import { roleLabel, safeText, shortAddress } from '../format';
import { JOINED, SPONSOR_SWITCHED, TIPPED } from '../chain/events';
import { tipsAbi, unionRegistryAbi } from '../chain/generated/abi';
import { readProfiles } from '../chain/profiles';
import { ROLES, type Role } from '../chain/types';
import type { RegistryWrite } from '../chain/write';
import { displayHandle, parseHandle } from '../identity/handles';
import { formatProof } from '../identity/proof';
import { verifyProfile, type ProfileView } from '../identity/verify';
import type { MembershipSummary, RequestOf, ResponseMap, TipCurrency, TipRecord, TransactionResult, WaitingVouch } from '../messages';
import type { RallyRecord, UnionDb } from '../store/db';
import { pollRallies, rallyInbox, unreadCount, type RallyNotifier } from '../union/rallies';
import { serializeTree, type TreeNode } from '../union/tree';
import { createTreeSource } from '../union/tree-source';
import type { ApprovalDetails, ApprovalQueue } from './approvals';
import { documentMessage, sha256Of, signDocument, verifySignatureFile } from './documents';
import type { Keeper } from './keeper';
import { bylawsAcceptanceTypedData, decodeInviteCode, encodeInviteCode, inviteTypedData, type Invite } from './typed-data';
import { prepareCall, registryCall, sendPrepared, type ContractCall } from './transactions';

export interface WalletContext {
  db: UnionDb;
  keeper: Keeper;
  approvals: ApprovalQueue;
  connection: () => Promise<{ config: ChainConfig; client: PublicClient }>;
  now: () => number;
  /** Opens the wallet page in a tab (the browser part the background passes in). */
  openWalletPage: () => Promise<void>;
  /** Verification of handles as badges get it: one batched lookup, cached. */
  profileViews: (handles: string[]) => Promise<Record<string, ProfileView>>;
  /** A chain read kept as long as the lookups are (forgotten when this wallet changes the chain). */
  remember: <T>(key: string, load: () => Promise<T>) => Promise<T>;
  notifier: RallyNotifier;
}

type Handlers = {
  [T in Exclude<keyof ResponseMap, 'resolve' | 'status' | 'getConfig' | 'setConfig' | 'resetConfig'>]: (
    request: RequestOf<T>,
    origin: string,
  ) => Promise<ResponseMap[T]>;
};

export class RequestError extends Error {
  override name = 'RequestError';
}

const MAX_INVITE_DAYS = 90;
/** Most members a post's recipient picker lists. */
const MAX_CONTACTS = 500;
/** Most members one post is locked for: the approval carries the chosen handles in one field. */
const MAX_RECIPIENTS_PER_POST = 20;

/** The wallet's requests: keys, onboarding, vouches, invites, documents and approvals. */
export function createWalletHandlers(ctx: WalletContext): Handlers {
  const { db, keeper, approvals } = ctx;

  async function read<T>(functionName: string, args: readonly unknown[]): Promise<T> {
    const { config, client } = await ctx.connection();
    return client.readContract({ address: config.registry, abi: unionRegistryAbi, functionName, args } as never) as Promise<T>;
  }

  /** Simulates, asks for approval in the approval window, then signs and sends. */
  async function send(origin: string, call: ContractCall, record: { tipId?: string } = {}): Promise<TransactionResult> {
    const { config, client } = await ctx.connection();
    const account = await keeper.account();
    const prepared = await prepareCall(client, config, account.address, call);
    await approvals.request(origin, prepared.details);
    // Unlocked state is re-read after the wait: the wallet may have locked meanwhile.
    const sent = await sendPrepared(client, config, db, await keeper.account(), prepared, ctx.now, record);
    return { hash: sent.hash, summary: call.summary };
  }

  async function transact(origin: string, functionName: RegistryWrite, args: readonly unknown[], summary: string): Promise<TransactionResult> {
    return send(origin, registryCall((await ctx.connection()).config, functionName, args, summary));
  }

  /** The member a tip or a message may go to: re-verified now from the chain, never from the cache. */
  async function verifiedRecipient(handle: string, purpose = 'a tip only goes to an address the profile\'s owner has proven') {
    const { config, client } = await ctx.connection();
    const profile = (await readProfiles(client, config, [handle])).get(handle);
    if (!profile) throw new RequestError(`The chain did not answer, so ${displayHandle(handle)} cannot be verified.`);
    const seen = await db.get('bioProofs', handle);
    const view = verifyProfile(handle, profile, seen?.address ?? null, config.unionId);
    if (view.state !== 'verified' || !view.owner || !view.membership) {
      throw new RequestError(`${displayHandle(handle)} is not a verified member: ${purpose}.`);
    }
    return { address: view.owner, unionId: view.membership.unionId };
  }

  const keyReads = new Map<Address, Promise<Hex>>();
  /** A member's published messaging key, read once for concurrent callers and never kept after. */
  function publishedKey(owner: Address): Promise<Hex> {
    let reading = keyReads.get(owner);
    if (!reading) {
      reading = read<Hex>('encryptionKeyOf', [owner]).finally(() => keyReads.delete(owner));
      keyReads.set(owner, reading);
    }
    return reading;
  }

  /** The peer's published messaging key, or a RequestError saying why a message cannot be locked for them. */
  async function peerMessagingKey(peerHandle: string): Promise<Hex> {
    const handle = parseHandle(peerHandle);
    if (!handle) throw new RequestError('Lock works in a one-to-one conversation with a member.');
    const peer = await verifiedRecipient(handle, 'only verified members can be sent encrypted messages');
    const key = await publishedKey(peer.address);
    if (key === '0x') throw new RequestError(`${displayHandle(handle)} has not published a messaging key yet.`);
    if (!messagingAddressOf(key)) throw new RequestError(`${displayHandle(handle)} published a messaging key that is not valid; they need to publish it again.`);
    return key;
  }

  /**
   * Whom a post can be locked for: verified members of the wallet's unions with a published
   * messaging key, oneself excluded, largest support base first. Besides the tree's logs, two
   * eth_calls for all of them (a city-sized union would need an indexer here, as for the tree).
   */
  async function messagingContacts(): Promise<{ handle: string; label: string; publicKey: Hex }[]> {
    const { config, client } = await ctx.connection();
    const me = (await keeper.address())?.toLowerCase();
    const nodes = new Map<string, TreeNode>();
    for (const unionId of await followedUnions()) {
      for (const node of (await unionTree(client, config, unionId)).nodes.values()) {
        if (node.active && node.handle && node.address !== me && !nodes.has(node.handle)) nodes.set(node.handle, node);
      }
    }
    const handles = [...nodes.keys()];
    const profiles = await readProfiles(client, config, handles);
    const seen = new Map((await db.getAll('bioProofs')).map((proof) => [proof.handle, proof.address]));
    const verified = handles.flatMap((handle) => {
      const profile = profiles.get(handle);
      const view = profile && verifyProfile(handle, profile, seen.get(handle) ?? null, config.unionId);
      return view?.state === 'verified' && view.owner && view.membership ? [{ handle, owner: view.owner, membership: view.membership }] : [];
    });
    const keys = await client.multicall({
      contracts: verified.map((member) => ({ address: config.registry, abi: unionRegistryAbi, functionName: 'encryptionKeyOf' as const, args: [member.owner] as const })),
      multicallAddress: config.multicall3,
      batchSize: 0,
      allowFailure: true,
    });
    return verified
      .flatMap((member, i) => {
        const key = keys[i]!;
        if (key.status !== 'success' || !messagingAddressOf(key.result)) return [];
        const label = `${displayHandle(member.handle)} · ${roleLabel(member.membership)} of ${safeText(member.membership.unionName, 32)} · ${shortAddress(member.owner)}`;
        return [{ handle: member.handle, label, publicKey: key.result, supportBase: member.membership.supportBase }];
      })
      .sort((a, b) => b.supportBase - a.supportBase || a.handle.localeCompare(b.handle))
      .slice(0, MAX_CONTACTS)
      .map(({ supportBase: _supportBase, ...contact }) => contact);
  }

  async function unionTokenOf(unionId: number): Promise<{ address: Address; symbol: string; decimals: number } | null> {
    const address = await read<Address>('unionToken', [BigInt(unionId)]);
    if (address === zeroAddress) return null;
    const { client } = await ctx.connection();
    const [symbol, decimals] = await Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: 'symbol' }),
      client.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
    ]);
    return { address, symbol, decimals };
  }

  /** Tips of the Tips contract's events, sent by or to `address`, newest first. */
  async function tipsOf(args: { from?: Address; to?: Address }): Promise<TipRecord[]> {
    const { config, client } = await ctx.connection();
    const logs = await client.getLogs({ address: config.tips, event: TIPPED, args, fromBlock: 0n });
    const symbols = new Map<string, { symbol: string; decimals: number }>();
    const records: TipRecord[] = [];
    for (const log of logs.reverse()) {
      const { from, to, token, amount, context } = log.args as { from: Address; to: Address; token: Address; amount: bigint; context: Hex };
      let unit = symbols.get(token);
      if (!unit) {
        unit = token === zeroAddress
          ? { symbol: 'ETH', decimals: 18 }
          : { symbol: await client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }), decimals: await client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }) };
        symbols.set(token, unit);
      }
      records.push({ from, to, amount: `${formatUnits(amount, unit.decimals)} ${unit.symbol}`, context, hash: log.transactionHash!, blockNumber: Number(log.blockNumber) });
    }
    return records;
  }

  const inflightTips = new Map<string, Promise<TransactionResult>>();

  async function tip(request: RequestOf<'tip'>, origin: string): Promise<TransactionResult> {
    const { config } = await ctx.connection();
    const handle = parseHandle(request.handle);
    if (!handle) throw new RequestError('Nothing to tip here.');
    // A tip already sent (pending or mined) is returned, never sent again; a reverted one moved nothing.
    const earlier = (await db.getAll('transactions')).find((t) => t.tipId === request.tipId && t.status !== 'reverted');
    if (earlier) return { hash: earlier.hash, summary: earlier.summary };
    await keeper.account();
    const recipient = await verifiedRecipient(handle);
    const url = canonicalPostUrl(request.url);
    const context = keccak256(stringToHex(url));
    const note = request.note.trim().slice(0, 280);
    const fields = [
      { label: 'To', value: `${displayHandle(handle)} (${recipient.address})` },
      { label: 'For', value: url },
      ...(note ? [{ label: 'Note (kept in this browser)', value: note }] : []),
    ];
    if (request.currency === 'eth') {
      const value = parseAmount(request.amount, 18);
      return send(
        origin,
        { abi: tipsAbi, contractName: 'Tips', address: config.tips, functionName: 'tipEth', args: [recipient.address, context], value, summary: `Tip ${formatEther(value)} ETH to ${displayHandle(handle)}`, extraFields: fields },
        { tipId: request.tipId },
      );
    }
    const token = await unionTokenOf(recipient.unionId);
    if (!token) throw new RequestError("This member's union has no token: tip in ETH.");
    const amount = parseAmount(request.amount, token.decimals);
    const { client } = await ctx.connection();
    const me = (await keeper.account()).address;
    const allowance = await client.readContract({ address: token.address, abi: erc20Abi, functionName: 'allowance', args: [me, config.tips] });
    if (allowance < amount) {
      // The Tips contract moves tokens only with an allowance the member approves, and only this much.
      await send(origin, {
        abi: erc20Abi,
        contractName: token.symbol,
        address: token.address,
        functionName: 'approve',
        args: [config.tips, amount],
        summary: `Allow the Tips contract to move ${formatUnits(amount, token.decimals)} ${token.symbol} for this tip`,
      });
    }
    return send(
      origin,
      { abi: tipsAbi, contractName: 'Tips', address: config.tips, functionName: 'tipToken', args: [token.address, recipient.address, amount, context], summary: `Tip ${formatUnits(amount, token.decimals)} ${token.symbol} to ${displayHandle(handle)}`, extraFields: fields },
      { tipId: request.tipId },
    );
  }

  /** Checks the wallet is unlocked before asking, and again after the approval. */
  async function approveSignature(origin: string, details: Omit<ApprovalDetails, 'kind'>) {
    await keeper.account();
    await approvals.request(origin, { kind: 'signature', ...details });
    return keeper.account();
  }

  async function resolveAccount(query: string): Promise<{ address: Address; handle: string }> {
    const text = query.trim();
    if (isAddress(text, { strict: true })) {
      const claims = await read<string[]>('claimsOf', [text]);
      return { address: getAddress(text), handle: claims.find((c) => c.startsWith('x:')) ?? '' };
    }
    const handle = parseHandle(text) ?? parseHandle(`x:${text.replace(/^@/, '')}`);
    if (!handle) throw new RequestError(`"${text.slice(0, 60)}" is neither an address nor a handle such as @alice or x:alice.`);
    const owner = await read<Address>('ownerOfHandle', [handle]);
    if (owner === zeroAddress) throw new RequestError(`No address claims ${handle}.`);
    return { address: owner, handle };
  }

  async function membershipsOf(address: Address): Promise<MembershipSummary[]> {
    const { config, client } = await ctx.connection();
    const ids = await read<bigint[]>('unionsOf', [address]);
    const contract = { address: config.registry, abi: unionRegistryAbi } as const;
    const reads = await client.multicall({
      contracts: ids.flatMap((id) => [
        { ...contract, functionName: 'roleOf', args: [id, address] },
        { ...contract, functionName: 'getUnion', args: [id] },
        { ...contract, functionName: 'officerTitle', args: [id, address] },
        { ...contract, functionName: 'sponsorOf', args: [id, address] },
        { ...contract, functionName: 'supportBase', args: [id, address] },
        { ...contract, functionName: 'directSupporters', args: [id, address] },
      ]),
      multicallAddress: config.multicall3,
      allowFailure: false,
    });
    return ids
      .map((id, i) => {
        const [role, union, title, sponsor, base, direct] = reads.slice(i * 6, i * 6 + 6) as [number, readonly [Address, string], string, Address, bigint, bigint];
        return {
          unionId: Number(id),
          unionName: union[1],
          role: ROLES[role] ?? 'none',
          officerTitle: title,
          sponsor: sponsor === zeroAddress ? null : sponsor,
          supportBase: Number(base),
          directSupporters: Number(direct),
        } satisfies MembershipSummary;
      })
      .filter((m) => m.role !== 'none');
  }

  /** Direct supporters of `sponsor` whose X claim nobody vouched for yet, from the registry's events. */
  async function waitingVouches(sponsor: Address): Promise<WaitingVouch[]> {
    const { config, client } = await ctx.connection();
    const [joined, switched] = await Promise.all([
      client.getLogs({ address: config.registry, event: JOINED, args: { sponsor }, fromBlock: 0n }),
      client.getLogs({ address: config.registry, event: SPONSOR_SWITCHED, fromBlock: 0n }),
    ]);
    const candidates = new Map<string, { unionId: bigint; member: Address }>();
    for (const log of [...joined, ...switched.filter((l) => l.args.newSponsor === sponsor)]) {
      const { unionId, member } = log.args as { unionId: bigint; member: Address };
      candidates.set(`${unionId}:${member}`, { unionId, member });
    }
    const waiting: WaitingVouch[] = [];
    for (const { unionId, member } of candidates.values()) {
      const [currentSponsor, role, claims] = await Promise.all([
        read<Address>('sponsorOf', [unionId, member]),
        read<number>('roleOf', [unionId, member]),
        read<string[]>('claimsOf', [member]),
      ]);
      if (currentSponsor !== sponsor || ROLES[role] === 'none') continue;
      for (const handle of claims.filter((c) => c.startsWith('x:'))) {
        const [vouched] = await read<[boolean, Address]>('vouchOf', [unionId, member, handle]);
        if (vouched) continue;
        const seen = await db.get('bioProofs', handle);
        waiting.push({ unionId: Number(unionId), member, handle, proofSeen: seen?.address === member });
      }
    }
    return waiting;
  }

  /** The union in which `voucher` may vouch for the owner of `handle`, whose bio proof was seen. */
  async function vouchTarget(handle: string, voucher: Address): Promise<{ unionId: number; member: Address } | null> {
    const { config, client } = await ctx.connection();
    const profile = (await readProfiles(client, config, [handle])).get(handle);
    if (!profile?.owner || profile.owner === voucher) return null;
    const seen = await db.get('bioProofs', handle);
    if (seen?.address !== profile.owner) return null;
    for (const m of profile.memberships) {
      if (m.vouched) continue;
      const role = ROLES[await read<number>('roleOf', [BigInt(m.unionId), voucher])];
      if (m.sponsor === voucher || role === 'leader' || role === 'officer') return { unionId: m.unionId, member: profile.owner };
    }
    return null;
  }

  /** Deadlines and expiries are checked against block time, which a chain may run ahead of this clock. */
  async function chainTime(): Promise<bigint> {
    const { client } = await ctx.connection();
    return (await client.getBlock({ blockTag: 'latest' })).timestamp;
  }

  /** The unions whose rallies this browser follows: the wallet's memberships, else the configured one. */
  async function followedUnions(): Promise<number[]> {
    const address = await keeper.address();
    const { config } = await ctx.connection();
    if (!address) return [config.unionId];
    const ids = (await membershipsOf(address)).map((m) => m.unionId);
    return ids.length ? ids : [config.unionId];
  }

  async function checkRallies(): Promise<number> {
    const { config, client } = await ctx.connection();
    const names = new Map<number, string>();
    const found = await pollRallies({
      db,
      client,
      config,
      unionIds: await followedUnions(),
      unionName: async (id) => names.get(id) ?? (await read<[Address, string]>('getUnion', [BigInt(id)]))[1],
      notifier: ctx.notifier,
      now: ctx.now,
    });
    return found.length;
  }

  async function setRallyStatus(rallyId: number, status: RallyRecord['status']) {
    const record = await db.get('rallies', rallyId);
    if (record) await db.put('rallies', { ...record, status });
    const unread = await unreadCount(db);
    await ctx.notifier.badge(unread).catch(() => undefined);
    return unread;
  }

  const unionTree = createTreeSource();

  return {
    async unionTree({ unionId }) {
      const { config, client } = await ctx.connection();
      const [, name] = await read<[Address, string]>('getUnion', [BigInt(unionId)]);
      return { tree: serializeTree(await unionTree(client, config, unionId)), unionName: name };
    },

    async setOfficer({ unionId, member, title }, origin) {
      const found = await resolveAccount(member);
      const name = title.trim().slice(0, 40);
      if (!name) throw new RequestError('An officer needs a title, e.g. Treasurer.');
      const label = found.handle ? displayHandle(found.handle) : found.address;
      return transact(origin, 'setOfficer', [BigInt(unionId), found.address, name], `Appoint ${label} as ${name} of union #${unionId}`);
    },

    async removeOfficer({ unionId, member }, origin) {
      const found = await resolveAccount(member);
      const label = found.handle ? displayHandle(found.handle) : found.address;
      return transact(origin, 'removeOfficer', [BigInt(unionId), found.address], `Remove ${label} from the officers of union #${unionId}`);
    },

    async lockStatus({ peerHandle }) {
      try {
        await peerMessagingKey(peerHandle);
        return { reason: null };
      } catch (error) {
        if (error instanceof RequestError) return { reason: error.message };
        throw error;
      }
    },

    async sealForPeer({ peerHandle, plaintext }) {
      const peerKey = await peerMessagingKey(peerHandle);
      if (new TextEncoder().encode(plaintext).length > maxPlaintextBytes('dm', 2)) {
        throw new RequestError(`Too long to lock in one DM: at most ${maxPlaintextBytes('dm', 2).toLocaleString('en-US')} bytes.`);
      }
      // Signed with the messaging key, not the account key: it is published on-chain by the
      // account, so readers can check it, and locking a draft needs no approval window.
      const mine = await keeper.messagingKey();
      const armour = await sealMessage({
        plaintext,
        sender: privateKeyToAccount(mine.privateKey),
        senderMessagingPublicKey: mine.publicKey,
        recipients: [{ publicKey: peerKey }],
      });
      return { armour };
    },

    async lockPost({ plaintext }, origin) {
      const text = plaintext.trim();
      if (!text) throw new RequestError('Write the post first, then lock it.');
      await keeper.messagingKey(); // locked: say so before opening a window
      const contacts = await messagingContacts();
      if (contacts.length === 0) throw new RequestError('No verified member of your union has published a messaging key yet: there is no one to lock a post for.');
      const draftBytes = new TextEncoder().encode(text).length;
      const chosen = await approvals.request(origin, {
        kind: 'recipients',
        title: 'Lock this post for members you choose',
        fields: [{ label: 'Text', value: text }],
        recipients: {
          choices: contacts.map(({ handle, label }) => ({ id: handle, label })),
          draftBytes,
          postLimit: X_CHARACTER_LIMITS.post,
          capacity: contacts.slice(0, MAX_RECIPIENTS_PER_POST).map((_, i) => maxPlaintextBytes('post', i + 2)),
          maxChosen: MAX_RECIPIENTS_PER_POST,
        },
      });
      const picked = contacts.filter((contact) => chosen.includes(contact.handle));
      if (picked.length === 0) throw new RequestError('No member was chosen: the post was not locked.');
      if (picked.length > MAX_RECIPIENTS_PER_POST) throw new RequestError(`A post can be locked for at most ${MAX_RECIPIENTS_PER_POST} members.`);
      // Read again after the wait: the wallet may have locked meanwhile.
      const mine = await keeper.messagingKey();
      const armour = await sealMessage({
        plaintext: text,
        sender: privateKeyToAccount(mine.privateKey),
        senderMessagingPublicKey: mine.publicKey,
        recipients: picked.map(({ publicKey }) => ({ publicKey })),
        encoding: CHANNEL_ENCODING.post,
      });
      return { armour, recipients: picked.map(({ handle }) => handle) };
    },

    async openArmour({ armour, authors }) {
      let mine: { privateKey: Hex; publicKey: Hex };
      try {
        mine = await keeper.messagingKey();
      } catch {
        return { opened: false as const, reason: 'locked' as const, message: 'Cannot decrypt: the wallet is locked.' };
      }
      // Page text may glue words to the armour; the envelope's own header says where it ends.
      const result = await openMessage(findArmour(armour)[0] ?? armour, mine);
      if (!result.ok) return { opened: false as const, reason: result.reason, message: result.message };
      const me = await keeper.address();
      if (result.sender === messagingAddressOf(mine.publicKey) && me) {
        const claims = await ctx.remember(`claims:${me}`, () => read<string[]>('claimsOf', [me]));
        return { opened: true as const, plaintext: result.plaintext, sender: { handle: claims.find((c) => c.startsWith('x:')) ?? '', address: me, self: true } };
      }
      // The signer is a member only if a verified author's published key made the signature. The
      // lookups are batched and cached as badges are; the key is read now (a leaked key may have
      // just been replaced), once for all the messages of a thread being opened together.
      const handles = authors.slice(0, 4).flatMap((author) => parseHandle(author) ?? []);
      const views = await ctx.profileViews(handles);
      for (const handle of handles) {
        const owner = views[handle]?.state === 'verified' ? views[handle].owner : undefined;
        if (!owner) continue;
        if (messagingAddressOf(await publishedKey(owner)) === result.sender) {
          return { opened: true as const, plaintext: result.plaintext, sender: { handle, address: owner, self: false } };
        }
      }
      return { opened: true as const, plaintext: result.plaintext, sender: null };
    },

    async rallyInbox() {
      return { rallies: await rallyInbox(db), unread: await unreadCount(db) };
    },

    async checkRallies() {
      return { found: await checkRallies() };
    },

    async getRally({ rallyId }) {
      const rally = (await db.get('rallies', rallyId)) ?? null;
      if (rally?.status === 'unread') await setRallyStatus(rallyId, 'read');
      const address = await keeper.address();
      const [, , , , , , answers] = await read<[bigint, Address, string, string, bigint, bigint, number]>('getRally', [BigInt(rallyId)]);
      const answered = address ? await read<boolean>('hasAnswered', [BigInt(rallyId), address]) : false;
      return { rally: rally && { ...rally, status: rally.status === 'unread' ? 'read' : rally.status }, answers: Number(answers), answered };
    },

    async answerRally({ rallyId }, origin) {
      const result = await transact(origin, 'answerRally', [BigInt(rallyId)], `Answer rally #${rallyId}: I did it`);
      await setRallyStatus(rallyId, 'answered');
      return result;
    },

    async dismissRally({ rallyId }) {
      return { unread: await setRallyStatus(rallyId, 'dismissed') };
    },

    async postRally({ unionId, text, uri, hours }, origin) {
      if (hours < 1 || hours > 24 * 30) throw new RequestError('A rally runs for 1 hour to 30 days.');
      const deadline = (await chainTime()) + BigInt(hours * 3600);
      return transact(origin, 'postRally', [BigInt(unionId), text.trim(), uri.trim(), deadline], `Post a rally to union #${unionId}: "${text.trim().slice(0, 60)}"`);
    },

    async pastRallies({ unionId }) {
      const { config, client } = await ctx.connection();
      const count = Number(await read<bigint>('rallyCount', []));
      const ids = Array.from({ length: count }, (_, i) => BigInt(count - i));
      const reads = await client.multicall({
        contracts: ids.map((id) => ({ address: config.registry, abi: unionRegistryAbi, functionName: 'getRally', args: [id] }) as const),
        multicallAddress: config.multicall3,
        allowFailure: false,
      });
      const rallies = reads
        .map((r, i) => {
          const [union, , text, uri, deadline, postedAt, answers] = r as unknown as [bigint, Address, string, string, bigint, bigint, number];
          return { union: Number(union), rallyId: Number(ids[i]), text, uri, deadline: Number(deadline), postedAt: Number(postedAt), answers: Number(answers) };
        })
        .filter((r) => r.union === unionId)
        .map(({ union: _union, ...r }) => r);
      return { rallies };
    },

    async tipOptions({ handle: text }) {
      const handle = parseHandle(text);
      if (!handle) throw new RequestError('Nothing to tip here.');
      const wallet = (await keeper.status()).state;
      // The same resolution the tip itself uses, so the token offered is the token sent.
      const recipient = await verifiedRecipient(handle);
      const token = await unionTokenOf(recipient.unionId);
      const currencies: { id: TipCurrency; symbol: string }[] = [{ id: 'eth', symbol: 'ETH' }];
      if (token) currencies.push({ id: 'token', symbol: token.symbol });
      return { wallet, currencies };
    },

    tip(request, origin) {
      // A double click, or a retry while the first is waiting for approval, joins the first.
      const running = inflightTips.get(request.tipId);
      if (running) return running;
      const started = tip(request, origin).finally(() => inflightTips.delete(request.tipId));
      inflightTips.set(request.tipId, started);
      return started;
    },

    async openWallet() {
      await ctx.openWalletPage();
      return { opened: true as const };
    },

    async walletTips() {
      const address = await keeper.address();
      if (!address) throw new RequestError('There is no key yet: create or import one first.');
      const [sent, received] = await Promise.all([tipsOf({ from: address }), tipsOf({ to: address })]);
      return { sent, received };
    },

    walletStatus: () => keeper.status(),
    walletPrepareCreate: () => keeper.prepareCreate(),
    walletConfirmCreate: (r) => keeper.confirmCreate(r.password, r.answers),
    walletImport: (r) => keeper.importSecret(r.secret, r.password),
    walletUnlock: (r) => keeper.unlock(r.password),
    walletLock: () => keeper.lock(),
    walletExport: async (r) => ({ secret: await keeper.exportSecret(r.password) }),
    walletRemove: (r) => keeper.remove(r.password),
    walletSetAutoLock: (r) => keeper.setAutoLock(r.minutes),

    async walletOverview() {
      const address = await keeper.address();
      if (!address) throw new RequestError('There is no key yet: create or import one first.');
      const { client } = await ctx.connection();
      const [balance, claims, memberships, key, waiting, transactions] = await Promise.all([
        client.getBalance({ address }),
        read<string[]>('claimsOf', [address]),
        membershipsOf(address),
        read<Hex>('encryptionKeyOf', [address]),
        waitingVouches(address),
        db.getAll('transactions').then((all) => all.filter((t) => t.from === address)),
      ]);
      const tokens = (await Promise.all(memberships.map((m) => unionTokenOf(m.unionId)))).filter((t) => t !== null);
      const tokenBalances = await Promise.all(
        [...new Map(tokens.map((t) => [t.address, t])).values()].map(async (token) => {
          const units = await client.readContract({ address: token.address, abi: erc20Abi, functionName: 'balanceOf', args: [address] });
          return `${formatUnits(units, token.decimals)} ${token.symbol}`;
        }),
      );
      return {
        address,
        balance: formatEther(balance),
        tokenBalances,
        claims,
        memberships,
        messagingKeyPublished: key !== '0x',
        waitingVouches: waiting,
        transactions: transactions.sort((a, b) => b.sentAt - a.sentAt).slice(0, 10),
      };
    },

    async listUnions() {
      const { config, client } = await ctx.connection();
      const count = Number(await read<bigint>('unionCount', []));
      const ids = Array.from({ length: count }, (_, i) => BigInt(i + 1));
      const contract = { address: config.registry, abi: unionRegistryAbi } as const;
      const reads = await client.multicall({
        contracts: ids.flatMap((id) => [
          { ...contract, functionName: 'getUnion', args: [id] },
          { ...contract, functionName: 'admissionPolicy', args: [id] },
        ]),
        multicallAddress: config.multicall3,
        allowFailure: false,
      });
      return {
        unions: ids.map((id, i) => {
          const [leader, name, purpose, bylawsHash, size] = reads[i * 2] as unknown as readonly [Address, string, string, Hex, bigint];
          return { id: Number(id), name, purpose, leader, bylawsHash, size: Number(size), inviteOnly: Number(reads[i * 2 + 1]) === 1 };
        }),
      };
    },

    async findMember({ unionId, query }) {
      const { address, handle } = await resolveAccount(query);
      const role: Role = ROLES[await read<number>('roleOf', [BigInt(unionId), address])] ?? 'none';
      if (role === 'none') throw new RequestError(`${handle ? displayHandle(handle) : address} is not a member of union #${unionId}: a sponsor must be a member.`);
      return { address, handle, role };
    },

    async acceptBylaws({ unionId }, origin) {
      const [, name, , bylawsHash] = await read<[Address, string, string, Hex]>('getUnion', [BigInt(unionId)]);
      const member = (await keeper.account()).address;
      const time = Math.floor(ctx.now() / 1000);
      const account = await approveSignature(origin, {
        title: `Accept the bylaws of ${name}`,
        fields: [
          { label: 'Standard', value: 'EIP-712 typed data: BylawsAcceptance' },
          { label: 'Union', value: `#${unionId} ${name}` },
          { label: 'Bylaws SHA-256', value: bylawsHash },
          { label: 'Member', value: member },
          { label: 'Time', value: new Date(time * 1000).toISOString() },
        ],
      });
      const signature = await account.signTypedData(bylawsAcceptanceTypedData({ unionId: BigInt(unionId), bylawsHash, member, time }));
      return { bylawsHash, signature, time };
    },

    async joinUnion({ unionId, sponsor, inviteCode }, origin) {
      if (inviteCode.trim()) {
        const decoded = decodeInviteCode(inviteCode);
        if (!decoded.ok) throw new RequestError(decoded.reason);
        const { invite, signature } = decoded;
        return transact(origin, 'joinWithInvite', [BigInt(unionId), invite, signature], `Join union #${unionId} with an invite from ${invite.sponsor}`);
      }
      const found = await resolveAccount(sponsor);
      const label = found.handle ? displayHandle(found.handle) : found.address;
      return transact(origin, 'join', [BigInt(unionId), found.address], `Join union #${unionId}, supporting ${label}`);
    },

    async claimHandle({ handle: text }, origin) {
      const handle = parseHandle(text) ?? parseHandle(`x:${text.trim().replace(/^@/, '')}`);
      if (!handle) throw new RequestError('An X handle is 1 to 15 letters, digits or underscores, e.g. @alice.');
      const result = await transact(origin, 'claimHandle', [handle], `Claim ${handle}`);
      return { ...result, proof: formatProof((await keeper.account()).address) };
    },

    async publishMessagingKey(_request, origin) {
      const { publicKey } = await keeper.messagingKey();
      return transact(origin, 'setEncryptionKey', [publicKey], 'Publish your messaging key, so members can write to you encrypted');
    },

    async checkProof({ handle: text }) {
      const handle = parseHandle(text) ?? parseHandle(`x:${text.trim().replace(/^@/, '')}`);
      const address = await keeper.address();
      if (!handle || !address) throw new RequestError('Give the X handle you claimed, with a key in the wallet.');
      const seen = await db.get('bioProofs', handle);
      return { seen: seen?.address === address, proof: formatProof(address) };
    },

    async createInvite({ unionId, days }, origin) {
      if (days < 1 || days > MAX_INVITE_DAYS) throw new RequestError(`An invite is valid for 1 to ${MAX_INVITE_DAYS} days.`);
      const { config } = await ctx.connection();
      const sponsor = (await keeper.account()).address;
      const role = ROLES[await read<number>('roleOf', [BigInt(unionId), sponsor])];
      if (role === 'none') throw new RequestError(`Only members of union #${unionId} can invite to it.`);
      const invite: Invite = {
        unionId: BigInt(unionId),
        sponsor,
        nonce: bytesToHex(crypto.getRandomValues(new Uint8Array(32))),
        expiry: (await chainTime()) + BigInt(days * 86_400),
      };
      const account = await approveSignature(origin, {
        title: `Invite someone to union #${unionId}, as their sponsor`,
        fields: [
          { label: 'Standard', value: 'EIP-712 typed data: Invite' },
          { label: 'Union', value: `#${unionId}` },
          { label: 'Sponsor', value: sponsor },
          { label: 'Valid until', value: new Date(Number(invite.expiry) * 1000).toISOString() },
          { label: 'Use', value: 'Once, by whoever holds the code' },
        ],
      });
      const signature = await account.signTypedData(inviteTypedData(invite, config.chainId, config.registry));
      return { code: encodeInviteCode(invite, signature), expiresAt: Number(invite.expiry) * 1000 };
    },

    async vouch({ unionId, member, handle }, origin) {
      if (!isAddress(member, { strict: true }) || !parseHandle(handle)) throw new RequestError('vouch needs a member address and a handle.');
      return transact(origin, 'vouch', [BigInt(unionId), member, handle], `Vouch that ${member} owns ${handle}`);
    },

    async requestVouch({ handle: text }, origin) {
      const handle = parseHandle(text);
      const voucher = await keeper.address();
      if (!handle || !voucher) throw new RequestError('Nothing to vouch for here.');
      const target = await vouchTarget(handle, voucher);
      if (!target) throw new RequestError(`You cannot vouch for ${displayHandle(handle)}: you are not their sponsor, leader or officer, or their bio proof is not there.`);
      return transact(origin, 'vouch', [BigInt(target.unionId), target.member, handle], `Vouch that ${target.member} owns ${handle} (bio proof seen on ${origin})`);
    },

    async signDocument({ title, base64 }, origin) {
      const bytes = fromBase64(base64);
      const hash = await sha256Of(bytes);
      const signer = (await keeper.account()).address;
      const account = await approveSignature(origin, {
        title: `Sign the document "${title.slice(0, 80)}"`,
        fields: [
          { label: 'Standard', value: 'EIP-191 personal message and EIP-712 typed data: Document' },
          { label: 'Title', value: title },
          { label: 'SHA-256', value: hash },
          { label: 'Size', value: `${bytes.length.toLocaleString('en-US')} bytes` },
          { label: 'Signer', value: signer },
          { label: 'Message', value: documentMessage(hash) },
        ],
      });
      return { file: await signDocument(account, bytes, title, ctx.now()) };
    },

    async verifyDocument({ base64, signatureFile }) {
      const check = await verifySignatureFile(fromBase64(base64), signatureFile);
      if (!check.ok) return check;
      const [memberships, claims] = await Promise.all([membershipsOf(check.signer), read<string[]>('claimsOf', [check.signer])]);
      const handle = claims.find((c) => c.startsWith('x:'));
      const membership = memberships[0];
      if (!membership || !handle) return { ...check, membership, handle };
      // A member is verified by a vouch, or by the bio proof this extension saw.
      const [vouched] = await read<[boolean, Address]>('vouchOf', [BigInt(membership.unionId), check.signer, handle]);
      const seen = (await db.get('bioProofs', handle))?.address === check.signer;
      return { ...check, membership, handle: vouched || seen ? handle : undefined };
    },

    async approvalGet({ id }) {
      return { request: approvals.get(id) };
    },
    async approvalDecide({ id, approve, chosen }) {
      return { decided: approvals.decide(id, approve, chosen) };
    },
  };
}

/** A decimal amount in the token's units; refuses zero, negatives and more decimals than it has. */
function parseAmount(text: string, decimals: number): bigint {
  const trimmed = text.trim();
  if (!/^\d{1,18}(\.\d+)?$/.test(trimmed)) throw new RequestError('The amount is a positive number, e.g. 0.01.');
  const fraction = trimmed.split('.')[1] ?? '';
  if (fraction.length > decimals) throw new RequestError(`At most ${decimals} decimals.`);
  const amount = parseUnits(trimmed, decimals);
  if (amount === 0n) throw new RequestError('The amount must be more than zero.');
  return amount;
}

/** The post (or profile) a tip is for, as one canonical URL: https://x.com/name/status/id. */
export function canonicalPostUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RequestError('The tip names no valid post.');
  }
  const host = url.hostname.replace(/^(www\.|mobile\.)/, '').replace(/^twitter\.com$/, 'x.com');
  if (url.protocol !== 'https:' || host !== 'x.com') throw new RequestError('A tip names a post or profile on x.com.');
  return `https://${host}${url.pathname.replace(/\/+$/, '').toLowerCase()}`;
}

/** The address of a messaging public key: what the envelope's signature recovers to. */
/** The address a published messaging key signs as; null when the key is not a curve point (the registry checks only its length). */
function messagingAddressOf(compressedKey: Hex): Address | null {
  try {
    return publicKeyToAddress(`0x${secp256k1.ProjectivePoint.fromHex(compressedKey.slice(2)).toHex(false)}`);
  } catch {
    return null;
  }
}

function fromBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
