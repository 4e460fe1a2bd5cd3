import { formatEther, zeroAddress, type Address } from 'viem';
import { TIPPED } from '../../chain/events';
import { getLogsRanged } from '../../chain/reads';
import { displayHandle, handleCandidates, parseHandle, platformOf } from '../../identity/handles';
import { formatProof } from '../../identity/proof';
import { accountView, type ProfileView } from '../../identity/verify';
import { createIndexerClient } from '../../union/indexer';
import type { Handlers } from '../../protocol';
import { RequestError, isStrictAddress, type ChainHelpers, type FeatureContext } from '../context';
import type { profilesProtocol } from './protocol';

/** Badges' lookups, the visited profile's extras, claims, bio proofs and vouches. */
export function createProfilesHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof profilesProtocol> {
  /** Whether the unlocked wallet may vouch for a verified-by-bio profile: its sponsor, leader or officer. */
  async function mayVouch(view: ProfileView): Promise<boolean> {
    const status = await ctx.keeper.status();
    const m = view.membership;
    if (status.state !== 'unlocked' || view.via !== 'bio' || !m || view.owner === status.address) return false;
    if (m.sponsor === status.address) return true;
    const role = await ctx.remember(`role:${m.unionId}:${status.address}`, () => chain.roleOf(m.unionId, status.address));
    return role === 'leader' || role === 'officer';
  }

  /** A member's track record of ETH tips received: from the indexer when one is set, else (or when it fails) the Tips contract's events. */
  function tipsReceived(owner: Address): Promise<{ count: number; eth: string }> {
    return ctx.remember(`tips:${owner}`, async () => {
      const { config, client } = await ctx.connection();
      const indexed = config.indexerUrl ? await createIndexerClient(config.indexerUrl, ctx.fetchFn).tipTotals(owner).catch(() => null) : null;
      if (indexed) {
        const eth = indexed.received.find((t) => t.token === zeroAddress);
        return { count: eth?.count ?? 0, eth: formatEther(BigInt(eth?.amount ?? 0)) };
      }
      const logs = await getLogsRanged(client, { address: config.tips, event: TIPPED, args: { to: owner, token: zeroAddress } });
      return { count: logs.length, eth: formatEther(logs.reduce((sum, log) => sum + (log.args.amount ?? 0n), 0n)) };
    });
  }

  function ralliesAnswered(unionId: number, owner: Address): Promise<number> {
    return ctx.remember(`rallies:${unionId}:${owner}`, async () => Number(await chain.read('ralliesAnswered', [BigInt(unionId), owner])));
  }

  /** The union in which `voucher` may vouch for the owner of `handle`, whose bio proof was seen. */
  async function vouchTarget(handle: string, voucher: Address): Promise<{ unionId: number; member: Address } | null> {
    const view = (await ctx.policy.views([handle], { fresh: true }))[handle];
    if (view?.state !== 'verified' || view.via !== 'bio' || !view.owner || view.owner === voucher) return null;
    const profile = await ctx.policy.freshProfile(handle);
    for (const m of profile?.memberships ?? []) {
      if (m.vouched) continue;
      const role = await chain.roleOf(m.unionId, voucher);
      if (m.sponsor === voucher || role === 'leader' || role === 'officer') return { unionId: m.unionId, member: view.owner };
    }
    return null;
  }

  /** A typed handle, or a bare name on the site it is claimed for. */
  function claimable(text: string): string {
    const [handle] = handleCandidates(text);
    if (!handle) throw new RequestError(`"${text.slice(0, 60)}" is not a handle: write it as site:name, as the site shows it.`);
    return handle;
  }

  return {
    async resolve({ handles, profile }) {
      const visited = profile ? parseHandle(profile.handle) : null;
      // The bio shown is every form's: the proof may sit under the username while the id is claimed.
      const aliases = (visited && profile?.aliases?.flatMap((alias) => parseHandle(alias) ?? []).filter((alias) => alias !== visited && platformOf(alias) === platformOf(visited))) || [];
      const forms = visited ? [visited, ...new Set(aliases)] : [];
      for (const form of forms) await ctx.policy.recordBio(form, profile!.bio);
      const views = await ctx.policy.views([...handles, ...forms]);
      if (visited && profile) views[profile.handle] = accountView(forms.map((form) => views[form]!));
      const visitedView = visited && profile ? views[profile.handle] : undefined;
      if (visitedView && (await mayVouch(visitedView).catch(() => false))) visitedView.canVouch = true;
      if (visitedView?.state === 'verified' && visitedView.owner && visitedView.membership) {
        visitedView.tipsReceived = (await tipsReceived(visitedView.owner).catch(() => undefined)) ?? undefined;
        visitedView.ralliesAnswered = await ralliesAnswered(visitedView.membership.unionId, visitedView.owner).catch(() => undefined);
      }
      return { profiles: views };
    },

    async requestVouch({ handle: text }, caller) {
      const handle = parseHandle(text);
      const voucher = await ctx.keeper.address();
      if (!handle || !voucher) throw new RequestError('Nothing to vouch for here.');
      const target = await vouchTarget(handle, voucher);
      if (!target) throw new RequestError(`You cannot vouch for ${displayHandle(handle)}: you are not their sponsor, leader or officer, or their bio proof is not there.`);
      return chain.transact(caller, 'vouch', [BigInt(target.unionId), target.member, handle], `Vouch that ${target.member} owns ${handle} (bio proof seen on ${caller.origin})`);
    },

    async vouch({ unionId, member, handle }, caller) {
      if (!isStrictAddress(member) || !parseHandle(handle)) throw new RequestError('vouch needs a member address and a handle.');
      return chain.transact(caller, 'vouch', [BigInt(unionId), member, handle], `Vouch that ${member} owns ${handle}`);
    },

    async claimHandle({ handle: text }, caller) {
      const handle = claimable(text);
      const { address } = await ctx.keeper.account();
      const proof = formatProof(address);
      // Claiming again what one owns would be refused as HandleTaken by one's own address.
      if ((await chain.read('ownerOfHandle', [handle])) === address) {
        return { hash: null, summary: `You already own ${displayHandle(handle)}: here is your proof.`, proof, alreadyOwned: true };
      }
      const result = await chain.transact(caller, 'claimHandle', [handle], `Claim ${handle}`);
      return { ...result, proof, alreadyOwned: false };
    },

    async checkProof({ handle: text }) {
      const handle = claimable(text);
      const address = await ctx.keeper.address();
      if (!address) throw new RequestError('Give the handle you claimed, with a key in the wallet.');
      return { seen: (await ctx.policy.seenProof(handle)) === address, proof: formatProof(address) };
    },
  };
}
