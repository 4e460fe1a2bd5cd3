/**
 * The registry's tree events, applied as the registry applies them: each change walks only the
 * ancestors of the member that moves (at most 32), so catching up costs O(depth) per event.
 */
import { ponder } from 'ponder:registry';
import { account, member, stake, union } from 'ponder:schema';
import { lower, position, type Db, type Hex } from './util';

const ZERO = '0x0000000000000000000000000000000000000000';
/** Twice the registry's depth bound: a longer walk means the rows are corrupt, not a deep tree. */
const MAX_WALK = 64;

/** Adds to the counts (and stake below) of `from` and every node above it. */
export async function walkUp(db: Db, unionId: bigint, from: Hex | null, supportBase: number, subtreeSize: number, stakeBelow: bigint) {
  let address = from;
  for (let steps = 0; address && steps < MAX_WALK; steps++) {
    const row = await db.update(member, { unionId, address }).set((r) => ({
      supportBase: r.supportBase + supportBase,
      subtreeSize: r.subtreeSize + subtreeSize,
      stakeBelow: r.stakeBelow + stakeBelow,
    }));
    address = row.sponsor;
  }
}

/** What the member's lock adds below its ancestors while it is active. */
async function ownStake(db: Db, unionId: bigint, owner: Hex): Promise<bigint> {
  return (await db.find(stake, { unionId, owner }))?.own ?? 0n;
}

async function addDirect(db: Db, unionId: bigint, sponsor: Hex, delta: number) {
  await db.update(member, { unionId, address: sponsor }).set((r) => ({ directSupporters: r.directSupporters + delta }));
}

ponder.on('UnionRegistry:UnionCreated', async ({ event, context }) => {
  const { unionId, leader, name, purpose, bylawsHash } = event.args;
  await context.db.insert(union).values({
    id: unionId, leader: lower(leader), name, purpose, bylawsHash, token: null,
    admissionPolicy: 0, members: 0, createdBlock: event.block.number,
  });
});

ponder.on('UnionRegistry:UnionTokenSet', async ({ event, context }) => {
  const token = event.args.token === ZERO ? null : lower(event.args.token);
  await context.db.update(union, { id: event.args.unionId }).set({ token });
});

ponder.on('UnionRegistry:AdmissionPolicySet', async ({ event, context }) => {
  await context.db.update(union, { id: event.args.unionId }).set({ admissionPolicy: Number(event.args.policy) });
});

ponder.on('UnionRegistry:Joined', async ({ event, context }) => {
  const db = context.db;
  const { unionId } = event.args;
  const address = lower(event.args.member);
  const sponsor = event.args.sponsor === ZERO ? null : lower(event.args.sponsor);
  const attachedAt = position(event);
  await db.update(union, { id: unionId }).set((u) => ({ members: u.members + 1 }));
  const earlier = await db.find(member, { unionId, address });
  if (!earlier) {
    await db.insert(member).values({
      unionId, address, sponsor, active: true, role: sponsor ? 'member' : 'leader', title: '',
      supportBase: 0, directSupporters: 0, subtreeSize: 0, stakeBelow: 0n, ralliesAnswered: 0, attachedAt, joinedBlock: event.block.number,
    });
    // A newcomer holds no stake: locking needs a membership.
    if (sponsor) {
      await addDirect(db, unionId, sponsor, 1);
      await walkUp(db, unionId, sponsor, 1, 1, 0n);
    }
    return;
  }
  // A rejoin: the node left its old place inactive, and comes back with its subtree under `sponsor`.
  await walkUp(db, unionId, earlier.sponsor, -earlier.supportBase, -(earlier.subtreeSize + 1), -earlier.stakeBelow);
  await db.update(member, { unionId, address }).set({ sponsor, active: true, role: sponsor ? 'member' : 'leader', title: '', attachedAt });
  if (sponsor) {
    await addDirect(db, unionId, sponsor, 1);
    await walkUp(db, unionId, sponsor, earlier.supportBase + 1, earlier.subtreeSize + 1, earlier.stakeBelow + (await ownStake(db, unionId, address)));
  }
});

ponder.on('UnionRegistry:SponsorSwitched', async ({ event, context }) => {
  const db = context.db;
  const { unionId } = event.args;
  const address = lower(event.args.member);
  const node = await db.find(member, { unionId, address });
  if (!node) return;
  const moved = node.supportBase + 1;
  const size = node.subtreeSize + 1;
  const staked = node.stakeBelow + (await ownStake(db, unionId, address));
  if (node.sponsor) {
    await addDirect(db, unionId, node.sponsor, -1);
    await walkUp(db, unionId, node.sponsor, -moved, -size, -staked);
  }
  const sponsor = lower(event.args.newSponsor);
  await db.update(member, { unionId, address }).set({ sponsor, attachedAt: position(event) });
  await addDirect(db, unionId, sponsor, 1);
  await walkUp(db, unionId, sponsor, moved, size, staked);
});

ponder.on('UnionRegistry:Left', async ({ event, context }) => {
  const db = context.db;
  const { unionId } = event.args;
  const address = lower(event.args.member);
  const node = await db.update(member, { unionId, address }).set({ active: false, role: 'left', title: '' });
  await db.update(union, { id: unionId }).set((u) => ({ members: u.members - 1 }));
  if (node.sponsor) {
    await addDirect(db, unionId, node.sponsor, -1);
    await walkUp(db, unionId, node.sponsor, -1, 0, -(await ownStake(db, unionId, address)));
  }
});

ponder.on('UnionRegistry:OfficerSet', async ({ event, context }) => {
  const key = { unionId: event.args.unionId, address: lower(event.args.member) };
  const node = await context.db.find(member, key);
  if (node && node.role !== 'leader') await context.db.update(member, key).set({ role: 'officer', title: event.args.title });
});

ponder.on('UnionRegistry:OfficerRemoved', async ({ event, context }) => {
  const key = { unionId: event.args.unionId, address: lower(event.args.member) };
  const node = await context.db.find(member, key);
  if (node && node.role !== 'leader') await context.db.update(member, key).set({ role: node.active ? 'member' : 'left', title: '' });
});

async function claims(db: Db, owner: Hex, change: (handles: string[]) => string[]) {
  const row = await db.find(account, { address: owner });
  const handles = change([...(row?.handles ?? [])]);
  await db
    .insert(account)
    .values({ address: owner, handles, handle: handles[0] ?? '', encryptionKey: null })
    .onConflictDoUpdate({ handles, handle: handles[0] ?? '' });
}

ponder.on('UnionRegistry:HandleClaimed', async ({ event, context }) => {
  await claims(context.db, lower(event.args.owner), (handles) => [...handles, event.args.handle]);
});

ponder.on('UnionRegistry:HandleUnclaimed', async ({ event, context }) => {
  // Swap-and-pop, as the registry does, so "first claim" means the same here and there.
  await claims(context.db, lower(event.args.owner), (handles) => {
    const i = handles.indexOf(event.args.handle);
    if (i < 0) return handles;
    handles[i] = handles[handles.length - 1]!;
    handles.pop();
    return handles;
  });
});

ponder.on('UnionRegistry:EncryptionKeySet', async ({ event, context }) => {
  const address = lower(event.args.member);
  await context.db
    .insert(account)
    .values({ address, handles: [], handle: '', encryptionKey: event.args.key })
    .onConflictDoUpdate({ encryptionKey: event.args.key });
});
