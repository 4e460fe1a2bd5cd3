import { bytesToHex, getAbiItem, getAddress, sha256, stringToHex, zeroAddress, type Address, type Hex } from 'viem';
import { unionRegistryAbi as registryAbi } from '../../chain/generated/abi';
import { getLogsRanged } from '../../chain/reads';
import { MAX_PROFILE_UNIONS } from '../../chain/profiles';
import { displayHandle, handleCandidates } from '../../identity/handles';
import type { Handlers } from '../../protocol';
import { bylawsAcceptanceTypedData, decodeInviteCode, encodeInviteCode, inviteTypedData, type Invite } from '../../wallet/typed-data';
import { RequestError, isStrictAddress, type ChainHelpers, type FeatureContext } from '../context';
import type { UnionBylaws, UnionIdentity, UnionListing, unionsProtocol } from './protocol';

const MAX_INVITE_DAYS = 90;
const BYLAWS_PUBLISHED = getAbiItem({ abi: registryAbi, name: 'BylawsPublished' });

/** Unions: listing, following, joining, invites, bylaws and officers. */
export function createUnionsHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof unionsProtocol> {
  /** An address typed as such, or the owner of a handle typed on any known site (`@alice`, or `site:alice`). */
  async function resolveAccount(query: string): Promise<{ address: Address; handle: string }> {
    const text = query.trim();
    if (isStrictAddress(text)) {
      const claims = await chain.read('claimsOf', [text]);
      return { address: getAddress(text), handle: claims[0] ?? '' };
    }
    const candidates = handleCandidates(text);
    if (candidates.length === 0) throw new RequestError(`"${text.slice(0, 60)}" is neither an address nor a handle such as @alice or site:alice.`);
    const owners = await Promise.all(candidates.map((handle) => chain.read('ownerOfHandle', [handle])));
    const found = owners.findIndex((owner) => owner !== zeroAddress);
    if (found < 0) throw new RequestError(`No address claims ${candidates.join(' or ')}.`);
    return { address: owners[found]!, handle: candidates[found]! };
  }

  /** Unions by id, in one multicall. */
  async function listings(ids: readonly number[]): Promise<UnionListing[]> {
    const { config, client } = await ctx.connection();
    const contract = { address: config.registry, abi: registryAbi } as const;
    const reads = await client.multicall({
      contracts: ids.flatMap((id) => [
        { ...contract, functionName: 'getUnion', args: [BigInt(id)] },
        { ...contract, functionName: 'admissionPolicy', args: [BigInt(id)] },
      ] as const),
      multicallAddress: config.multicall3,
      allowFailure: false,
    });
    return ids.map((id, i) => {
      const [leader, name, purpose, bylawsHash, size] = reads[i * 2] as readonly [Address, string, string, Hex, bigint];
      return { id, name, purpose, leader, bylawsHash, size: Number(size), inviteOnly: Number(reads[i * 2 + 1]) === 1 };
    });
  }

  async function listing(unionId: number): Promise<UnionListing> {
    const count = await chain.read('unionCount', []);
    if (unionId < 1 || BigInt(unionId) > count) throw new RequestError(`There is no union #${unionId} on this chain (it has ${count}).`);
    return (await listings([unionId]))[0]!;
  }

  /** A union with its leader's handle where the trust rule verifies it, and whether it is followed. */
  async function identity(unionId: number): Promise<UnionIdentity> {
    const [union, followed] = await Promise.all([listing(unionId), ctx.policy.followed()]);
    const claims = await chain.read('claimsOf', [union.leader]);
    const views = await ctx.policy.views(claims.slice(0, 8));
    const leaderHandle = claims.find((handle) => views[handle]?.state === 'verified' && views[handle].owner === union.leader) ?? null;
    const reason = followed.find((f) => f.unionId === unionId)?.because ?? null;
    return { ...union, leaderHandle, followed: reason !== null, followedBecause: reason };
  }

  /** The newest published text that hashes to the union's bylaws hash; the registry refuses any other, but a node's logs are checked all the same. */
  async function bylawsOf(unionId: number): Promise<UnionBylaws> {
    const { bylawsHash } = await listing(unionId);
    const { config, client } = await ctx.connection();
    const logs = await getLogsRanged(client, { address: config.registry, event: BYLAWS_PUBLISHED, args: { unionId: BigInt(unionId) } });
    const text = logs.map((log) => log.args.text).reverse().find((t) => t !== undefined && sha256(stringToHex(t)) === bylawsHash) ?? null;
    const title = text?.split('\n').find((line) => line.trim())?.trim().slice(0, 120) ?? null;
    return { bylawsHash, text, title };
  }

  async function followedUnions(): Promise<UnionIdentity[]> {
    const followed = await ctx.policy.followed();
    const unions = await Promise.all(followed.map((f) => identity(f.unionId).catch(() => null)));
    return unions.filter((u) => u !== null);
  }

  return {
    async listUnions() {
      const count = Number(await chain.read('unionCount', []));
      return { unions: await listings(Array.from({ length: count }, (_, i) => i + 1)) };
    },

    async followedUnions() {
      return { unions: await followedUnions() };
    },

    async unionInfo({ unionId }) {
      return { union: await identity(unionId) };
    },

    async followUnion({ unionId }) {
      await listing(unionId); // refuses a union that does not exist
      const followed = await ctx.policy.followed();
      if (followed.some((f) => f.unionId === unionId)) return { unions: await followedUnions() };
      if (followed.length >= MAX_PROFILE_UNIONS) throw new RequestError(`You follow ${followed.length} unions, the most a badge can read at once: unfollow one first.`);
      if (!(await ctx.db.get('follows', unionId))) await ctx.db.put('follows', { unionId, followedAt: ctx.now() });
      // Badges were computed for the old set of unions.
      await ctx.forgetChainReads();
      return { unions: await followedUnions() };
    },

    async unfollowUnion({ unionId }) {
      const reason = (await ctx.policy.followed()).find((f) => f.unionId === unionId)?.because;
      if (reason === 'member') throw new RequestError(`You are a member of union #${unionId}: it stays followed while you are.`);
      if (reason === 'settings') throw new RequestError(`Union #${unionId} is the union of the extension's settings: change it in the options.`);
      await ctx.db.delete('follows', unionId);
      await ctx.forgetChainReads();
      return { unions: await followedUnions() };
    },

    async findMember({ unionId, query }) {
      const { address, handle } = await resolveAccount(query);
      const role = await chain.roleOf(unionId, address);
      if (role === 'none') throw new RequestError(`${handle ? displayHandle(handle) : address} is not a member of union #${unionId}: a sponsor must be a member.`);
      return { address, handle, role };
    },

    async unionBylaws({ unionId }) {
      return bylawsOf(unionId);
    },

    async acceptBylaws({ unionId }, caller) {
      const [leader, name, , bylawsHash] = await chain.read('getUnion', [BigInt(unionId)]);
      const { title } = await bylawsOf(unionId);
      const member = (await ctx.keeper.account()).address;
      const time = Math.floor(ctx.now() / 1000);
      const account = await chain.approveSignature(caller, {
        title: `Accept the bylaws of ${name}`,
        fields: [
          { label: 'Standard', value: 'EIP-712 typed data: BylawsAcceptance' },
          { label: 'Union', value: `#${unionId} ${name}, led by ${leader}` },
          { label: 'Bylaws', value: title ?? 'Not published by the leader: only the hash is known' },
          { label: 'Bylaws SHA-256', value: bylawsHash },
          { label: 'Member', value: member },
          { label: 'Time', value: new Date(time * 1000).toISOString() },
        ],
      });
      const signature = await account.signTypedData(bylawsAcceptanceTypedData({ unionId: BigInt(unionId), bylawsHash, member, time }));
      return { bylawsHash, signature, time };
    },

    async joinUnion({ unionId, sponsor, inviteCode }, caller) {
      const account = await ctx.keeper.address();
      if (account && (await chain.roleOf(unionId, account)) !== 'none') {
        throw new RequestError(`You're already a member of union #${unionId}: nothing to do. Your place in it shows on the wallet's Overview.`);
      }
      if (inviteCode.trim()) {
        const decoded = decodeInviteCode(inviteCode);
        if (!decoded.ok) throw new RequestError(decoded.reason);
        const { invite, signature } = decoded;
        if (!account || invite.invitee !== account) {
          throw new RequestError(`This invite is for ${invite.invitee}, not for your address${account ? ` ${account}` : ''}: give your sponsor your address (or handle) and ask for an invite made for it.`);
        }
        return chain.transact(caller, 'joinWithInvite', [BigInt(unionId), invite, signature], `Join union #${unionId} with an invite from ${invite.sponsor}`);
      }
      const found = await resolveAccount(sponsor);
      const label = found.handle ? displayHandle(found.handle) : found.address;
      return chain.transact(caller, 'join', [BigInt(unionId), found.address], `Join union #${unionId}, supporting ${label}`);
    },

    async createInvite({ unionId, days, invitee: inviteeQuery }, caller) {
      if (days < 1 || days > MAX_INVITE_DAYS) throw new RequestError(`An invite is valid for 1 to ${MAX_INVITE_DAYS} days.`);
      if (!inviteeQuery.trim()) throw new RequestError("Whom is the invite for? Enter the newcomer's address (or handle, once they claimed it).");
      const invitee = await resolveAccount(inviteeQuery);
      const { config } = await ctx.connection();
      const sponsor = (await ctx.keeper.account()).address;
      if ((await chain.roleOf(unionId, sponsor)) === 'none') throw new RequestError(`Only members of union #${unionId} can invite to it.`);
      if ((await chain.roleOf(unionId, invitee.address)) !== 'none') throw new RequestError(`${invitee.handle ? displayHandle(invitee.handle) : invitee.address} is already a member of union #${unionId}.`);
      const invite: Invite = {
        unionId: BigInt(unionId),
        sponsor,
        invitee: invitee.address,
        nonce: bytesToHex(crypto.getRandomValues(new Uint8Array(32))),
        expiry: (await chain.chainTime()) + BigInt(days * 86_400),
      };
      const account = await chain.approveSignature(caller, {
        title: `Invite someone to union #${unionId}, as their sponsor`,
        fields: [
          { label: 'Standard', value: 'EIP-712 typed data: Invite' },
          { label: 'Union', value: `#${unionId}` },
          { label: 'Sponsor', value: sponsor },
          { label: 'For', value: invitee.handle ? `${displayHandle(invitee.handle)} (${invitee.address})` : invitee.address },
          { label: 'Valid until', value: new Date(Number(invite.expiry) * 1000).toISOString() },
          { label: 'Use', value: 'Once, by that address only' },
        ],
      });
      const signature = await account.signTypedData(inviteTypedData(invite, config.chainId, config.registry));
      return { code: encodeInviteCode(invite, signature), expiresAt: Number(invite.expiry) * 1000, invitee: invitee.address };
    },

    async setOfficer({ unionId, member, title }, caller) {
      const found = await resolveAccount(member);
      const name = title.trim().slice(0, 32);
      if (!name) throw new RequestError('An officer needs a title, e.g. Treasurer.');
      const label = found.handle ? displayHandle(found.handle) : found.address;
      return chain.transact(caller, 'setOfficer', [BigInt(unionId), found.address, name], `Appoint ${label} as ${name} of union #${unionId}`);
    },

    async removeOfficer({ unionId, member }, caller) {
      const found = await resolveAccount(member);
      const label = found.handle ? displayHandle(found.handle) : found.address;
      return chain.transact(caller, 'removeOfficer', [BigInt(unionId), found.address], `Remove ${label} from the officers of union #${unionId}`);
    },
  };
}
