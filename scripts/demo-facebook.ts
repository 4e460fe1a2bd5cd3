/**
 * The demo members on facebook.com: each one's Facebook account (a username made from the X
 * handle, or for one member only a numeric id), their claims on the local chain (vouched as on X,
 * bio proofs that fit Facebook's 101-character Bio), and the facebook.com the demo, the tests and
 * the bench serve: a feed of N stories with group posts, a shared post and comments.
 */
import { privateKeyToAccount } from 'viem/accounts';
import { unionRegistryAbi } from '../lib/chain/generated/abi';
import { writeRegistry } from '../lib/chain/write';
import { formatProof, parseProof } from '../lib/identity/proof';
import type { FacebookPost, FacebookSiteData, FacebookUser } from '../devsite/facebook/site';
import { writerFor, type DeployedMember, type Deployment } from './deploy';
import { DEMO_OUTSIDERS } from './demo-union';
import { screenName } from './demo-site';

/** The member known on Facebook by a numeric id only (no username): its handle is facebook:id:<id>. */
export const ID_ONLY_MEMBER = 'x:kofi_nu';
export const DEMO_GROUP = { id: '1960554433', name: 'Open Source Maintainers' };

/** The demo member's Facebook account: a stable id, and a username unless it is the id-only member. */
export function facebookUser(deployment: Deployment, member: DeployedMember): FacebookUser {
  const id = String(100089000000000 + deployment.members.indexOf(member));
  const proof = parseProof(member.bio);
  // Facebook's Bio holds 101 characters: a short line and the 55-character proof.
  const bio = proof.status === 'found' ? `Open Source Union 🌹 ${formatProof(proof.address)}` : member.bio.split(' · ')[0]!;
  const username = member.handle === ID_ONLY_MEMBER ? undefined : screenName(member.handle).replace(/_/g, '.');
  return { id, username, name: member.displayName, bio };
}

/** facebook:<username> or facebook:id:<id>, as the member claims it. */
export function facebookHandle(user: FacebookUser): string {
  return `facebook:${user.username ?? `id:${user.id}`}`;
}

/** Claims each member's Facebook handle on the chain and has the same sponsors vouch for it as on X. */
export async function claimFacebookHandles(deployment: Deployment): Promise<void> {
  const leader = deployment.members.find((m) => m.role === 'leader')!;
  const firstOfficer = deployment.members.find((m) => m.role === 'officer')!;
  const writer = (m: DeployedMember) => writerFor(deployment, privateKeyToAccount(m.privateKey));
  const byHandle = new Map(deployment.members.map((m) => [m.handle, m]));
  // Once per chain: the tests, the demo and the bench may share one.
  const probe = facebookHandle(facebookUser(deployment, leader));
  const owner = await writer(leader).public.readContract({ address: deployment.registry, abi: unionRegistryAbi, functionName: 'ownerOfHandle', args: [probe] });
  if (owner === leader.address) return;
  for (const m of deployment.members) await writeRegistry(writer(m), 'claimHandle', [facebookHandle(facebookUser(deployment, m))]);
  for (const m of deployment.members.filter((member) => member.vouched)) {
    const voucher = m === leader ? firstOfficer : byHandle.get(m.sponsor!)!;
    await writeRegistry(writer(voucher), 'vouch', [BigInt(deployment.unionId), m.address, facebookHandle(facebookUser(deployment, m))]);
  }
}

/** The facebook.com the demo serves: every member's profile and a home feed of `feedLength` stories. */
export function facebookSiteData(deployment: Deployment, viewerHandle: string, feedLength = 20): FacebookSiteData {
  const users = deployment.members.map((m) => facebookUser(deployment, m));
  const byHandle = new Map(deployment.members.map((m, i) => [m.handle, users[i]!]));
  const outsiders = DEMO_OUTSIDERS.map((o, i) => ({ id: String(100077000000000 + i), username: o.screenName.replace(/_/g, '.'), name: o.displayName, bio: o.bio }));
  const authors = deployment.members.filter((m) => m.vouched).map((m) => byHandle.get(m.handle)!);
  const feed: FacebookPost[] = Array.from({ length: feedLength }, (_, i) => {
    const author = authors[i % authors.length]!;
    const post: FacebookPost = { id: String(1_200_000_000 + i), author, text: `Story ${i + 1}: shipped a fix to a maintainer's docs today. #opensource` };
    if (i % 5 === 2) post.group = DEMO_GROUP;
    if (i % 4 === 1) post.comments = [{ author: authors[(i + 1) % authors.length]!, text: 'Thank you for this!', replies: [{ author: outsiders[0]!, text: 'Same here.' }] }];
    if (i === 3) post.shared = { id: '1199999999', author: authors[0]!, text: 'The union’s weekly call: one public good shipped every week.' };
    return post;
  });
  return {
    viewer: byHandle.get(viewerHandle) ?? outsiders[0]!,
    users: [...users, ...outsiders],
    feed,
    groups: [{ group: DEMO_GROUP, posts: feed.filter((post) => post.group) }],
  };
}
