import type { Hex } from 'viem';
import { unionRegistryAbi as registryAbi } from '../../chain/generated/abi';
import { privateKeyToAccount } from 'viem/accounts';
import { contextTag, findArmour, maxPlaintextBytes, openMessage, sealMessage } from '../../crypto/envelope';
import { roleLabel, safeText, shortAddress } from '../../format';
import { displayHandle, parseHandle, platformOf } from '../../identity/handles';
import type { Handlers } from '../../protocol';
import { siteOf } from '../../sites/profiles';
import type { TreeNode } from '../../union/tree';
import { RequestError, messagingAddressOf, verifiedMember, type ChainHelpers, type FeatureContext } from '../context';
import type { UnionTrees } from '../tree/handlers';
import { messagingKeyProof } from '../../wallet/keys';
import type { ComposeSessions } from './compose';
import type { ComposeDetails, messagingProtocol } from './protocol';

/** Most members a post's recipient picker lists. */
const MAX_CONTACTS = 500;
/** Most members one post is locked for: the approval carries the chosen handles in one field. */
const MAX_RECIPIENTS_PER_POST = 20;

/** Encrypted messages: Lock for a DM's peer or a post's chosen members, and opening armour. */
export function createMessagingHandlers(
  ctx: FeatureContext,
  chain: ChainHelpers,
  trees: UnionTrees,
  drafts: ComposeSessions<ComposeDetails>,
): Handlers<keyof typeof messagingProtocol> {
  function siteFor(platform: string) {
    const site = siteOf(platform);
    if (!site) throw new RequestError('Lock works on the sites Network Union knows.');
    return site;
  }

  /** The wallet's handle on `platform` (else its first claim), or its address when it claims none. */
  async function ownHandle(platform: string | undefined): Promise<string> {
    const me = await ctx.keeper.address();
    if (!me) return '';
    const claims = await ctx.remember(`claims:${me}`, () => chain.read('claimsOf', [me]));
    return claims.find((c) => platformOf(c) === platform) ?? claims[0] ?? me.toLowerCase();
  }

  /** The peer's published messaging key, or a RequestError saying why a message cannot be locked for them. */
  async function peerMessagingKey(peerHandle: string): Promise<Hex> {
    const handle = parseHandle(peerHandle);
    if (!handle) throw new RequestError('Lock works in a one-to-one conversation with a member.');
    const peer = await verifiedMember(ctx, handle, 'only verified members can be sent encrypted messages');
    const key = await chain.publishedKey(peer.address);
    if (key === '0x') throw new RequestError(`${displayHandle(handle)} has not published a messaging key yet.`);
    if (!messagingAddressOf(key)) throw new RequestError(`${displayHandle(handle)} published a messaging key that is not valid; they need to publish it again.`);
    return key;
  }

  /**
   * Whom a post on `platform` can be locked for: verified members of followed unions with a
   * handle there and a published messaging key, oneself excluded, largest support base first.
   * Besides the trees' logs, two eth_calls for all of them (a city-sized union needs the indexer).
   */
  async function messagingContacts(platform: string): Promise<{ handle: string; label: string; publicKey: Hex }[]> {
    const { config, client } = await ctx.connection();
    const me = (await ctx.keeper.address())?.toLowerCase();
    const nodes = new Map<string, TreeNode>();
    for (const unionId of await ctx.policy.followedIds()) {
      const tree = await trees(client, config, unionId);
      for (const node of tree.nodes.values()) {
        const handle = tree.claims.get(node.address)?.find((h) => platformOf(h) === platform);
        if (node.active && handle && node.address !== me && !nodes.has(handle)) nodes.set(handle, node);
      }
    }
    const handles = [...nodes.keys()];
    const views = await ctx.policy.views(handles, { fresh: true });
    const verified = handles.flatMap((handle) => {
      const view = views[handle];
      return view?.state === 'verified' && view.owner && view.membership ? [{ handle, owner: view.owner, membership: view.membership }] : [];
    });
    const keys = await client.multicall({
      contracts: verified.map((member) => ({ address: config.registry, abi: registryAbi, functionName: 'encryptionKeyOf' as const, args: [member.owner] as const })),
      multicallAddress: config.multicall3,
      batchSize: 0,
      allowFailure: true,
    });
    return verified
      .flatMap((member, i) => {
        const key = keys[i]!;
        if (key.status !== 'success' || !messagingAddressOf(key.result)) return [];
        const m = member.membership;
        const label = `${displayHandle(member.handle)} · ${roleLabel(m)} of ${safeText(m.unionName, 32)} #${m.unionId} · ${shortAddress(member.owner)}`;
        return [{ handle: member.handle, label, publicKey: key.result, supportBase: m.supportBase }];
      })
      .sort((a, b) => b.supportBase - a.supportBase || a.handle.localeCompare(b.handle))
      .slice(0, MAX_CONTACTS)
      .map(({ supportBase: _supportBase, ...contact }) => contact);
  }

  return {
    async lockStatus({ peerHandle }) {
      try {
        await peerMessagingKey(peerHandle);
        return { reason: null };
      } catch (error) {
        if (error instanceof RequestError) return { reason: error.message };
        throw error;
      }
    },

    async compose({ peerHandle, platform }, caller) {
      const site = siteFor(platform);
      const origin = caller.origin;
      await ctx.keeper.messagingKey(); // locked: say so before opening a window
      let details: ComposeDetails;
      if (peerHandle !== undefined) {
        if (platformOf(peerHandle) !== site.platform) throw new RequestError('Lock works in a one-to-one conversation with a member.');
        await peerMessagingKey(peerHandle);
        details = { kind: 'dm', peerHandle, site: site.name, origin, maxBytes: maxPlaintextBytes(site.channels.dm, 2) };
      } else {
        const contacts = await messagingContacts(platform);
        if (contacts.length === 0) throw new RequestError('No verified member of the unions you follow has published a messaging key yet: there is no one to lock a post for.');
        const channel = site.channels.post;
        const picker = {
          choices: contacts.map(({ handle, label }) => ({ id: handle, label })),
          postLimit: channel.limit,
          capacity: contacts.slice(0, MAX_RECIPIENTS_PER_POST).map((_, i) => maxPlaintextBytes(channel, i + 2)),
          maxChosen: MAX_RECIPIENTS_PER_POST,
        };
        details = { kind: 'post', platform, site: site.name, origin, picker };
      }
      ctx.pageWindows.take(caller);
      return { armour: await drafts.start(details, `${origin} ${caller.tabId} ${caller.frameId}`) };
    },

    async composeDetails({ id }) {
      return drafts.get(id).details;
    },

    async composeFinish({ id, plaintext, recipients }) {
      const { details } = drafts.get(id);
      // Locking a draft in the composer window is the member's own act: activity for the auto-lock.
      await ctx.keeper.touch();
      const text = plaintext.trim();
      if (!text) throw new RequestError(`Write the ${details.kind === 'dm' ? 'message' : 'post'} first, then lock it.`);
      const bytes = new TextEncoder().encode(text).length;
      let sealedFor: { handle: string; publicKey: Hex }[];
      if (details.kind === 'dm') {
        if (bytes > details.maxBytes) throw new RequestError(`Too long to lock in one message: at most ${details.maxBytes.toLocaleString('en-US')} bytes.`);
        // Read again: the key may have changed since the window opened.
        sealedFor = [{ handle: details.peerHandle, publicKey: await peerMessagingKey(details.peerHandle) }];
      } else {
        const contacts = await messagingContacts(details.platform);
        sealedFor = contacts.filter((contact) => recipients.includes(contact.handle));
        if (sealedFor.length === 0) throw new RequestError('Choose who may read the post.');
        if (sealedFor.length > MAX_RECIPIENTS_PER_POST) throw new RequestError(`A post can be locked for at most ${MAX_RECIPIENTS_PER_POST} members.`);
        const capacity = details.picker.capacity[sealedFor.length - 1] ?? -1;
        if (bytes > capacity) throw new RequestError('Too long for a post for these members: shorten it or choose fewer.');
      }
      const channel = siteFor(details.kind === 'dm' ? platformOf(details.peerHandle) : details.platform).channels[details.kind];
      // Signed with the messaging key, not the account key: it is published on-chain by the
      // account, so readers can check it, and locking a draft needs no approval window.
      const mine = await ctx.keeper.messagingKey();
      const me = await ownHandle(details.kind === 'dm' ? platformOf(details.peerHandle) : details.platform);
      const armour = await sealMessage({
        context: details.kind === 'dm' ? dmContext(me, details.peerHandle) : postContext(me),
        now: ctx.now(),
        plaintext: text,
        sender: privateKeyToAccount(mine.privateKey),
        senderMessagingPublicKey: mine.publicKey,
        recipients: sealedFor.map(({ publicKey }) => ({ publicKey })),
        encoding: channel.encoding,
      });
      drafts.finish(id, armour);
      return { armour, recipients: sealedFor.map(({ handle }) => handle) };
    },

    async openArmour({ armour, authors }) {
      let mine: { privateKey: Hex; publicKey: Hex };
      try {
        mine = await ctx.keeper.messagingKey();
      } catch {
        return { opened: false as const, reason: 'locked' as const, message: 'Cannot decrypt: the wallet is locked.' };
      }
      // Page text may glue words to the armour; the envelope's own header says where it ends.
      const result = await openMessage(findArmour(armour)[0] ?? armour, mine);
      if (!result.ok) return { opened: false as const, reason: result.reason, message: result.message };
      const handles = authors.slice(0, 4).flatMap((author) => parseHandle(author) ?? []);
      const me = await ctx.keeper.address();
      const myHandle = await ownHandle(handles[0] ? platformOf(handles[0]) : undefined);
      /** Whether the signed context is one of those where it is shown: this DM or the author's post. */
      const placed = (author: string | undefined) => {
        if (result.context === null || !author) return 'unknown' as const;
        return [dmContext(myHandle, author), postContext(author)].some((c) => contextTag(c) === result.context) ? ('here' as const) : ('elsewhere' as const);
      };
      const sealed = { sentAt: result.sentAt };
      if (result.sender === messagingAddressOf(mine.publicKey) && me) {
        // One's own message: in a DM the peer is the other party; a post of one's own is one's own.
        const placement = handles[0] ? placed(handles[0]) : result.context === contextTag(postContext(myHandle)) ? 'here' : placed(undefined);
        return { opened: true as const, plaintext: result.plaintext, sender: { handle: myHandle, address: me, self: true }, placement, ...sealed };
      }
      // The signer is a member only if a verified author's published key made the signature. The
      // lookups are batched and cached as badges are; the key is read now (a leaked key may have
      // just been replaced), once for all the messages of a thread being opened together.
      const views = await ctx.policy.views(handles);
      for (const handle of handles) {
        const owner = views[handle]?.state === 'verified' ? views[handle].owner : undefined;
        if (!owner) continue;
        if (messagingAddressOf(await chain.publishedKey(owner)) === result.sender) {
          return { opened: true as const, plaintext: result.plaintext, sender: { handle, address: owner, self: false }, placement: placed(handle), ...sealed };
        }
      }
      return { opened: true as const, plaintext: result.plaintext, sender: null, placement: placed(handles[0]), ...sealed };
    },

    async publishMessagingKey(_params, caller) {
      const { privateKey, publicKey } = await ctx.keeper.messagingKey();
      const [{ config }, account] = await Promise.all([ctx.connection(), ctx.keeper.account()]);
      // The key signs the account, so nobody can publish it as theirs (the registry checks this).
      const proof = await messagingKeyProof(privateKey, account.address, config.chainId, config.registry);
      return chain.transact(caller, 'setEncryptionKey', [publicKey, proof], 'Publish your messaging key, so members can write to you encrypted');
    },
  };
}

/** The signed context of a DM: its two parties, in a fixed order, so both sides name it alike. */
function dmContext(a: string, b: string): string {
  return `dm:${[a, b].sort().join(',')}`;
}

function postContext(author: string): string {
  return `post:${author}`;
}
