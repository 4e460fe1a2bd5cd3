/** StakeLock's locks, and the stake-weighted support they give: counted as the registry counts them. */
import { ponder } from 'ponder:registry';
import { member, stake } from 'ponder:schema';
import { walkUp } from './tree';
import { lower, type Db, type Hex } from './util';

/** Adds `delta` to what `owner` has counted as stake and, while it is active, below each of its ancestors. */
async function changeStake(db: Db, unionId: bigint, owner: Hex, delta: bigint) {
  await db.update(stake, { unionId, owner }).set((s) => ({ own: s.own + delta }));
  const node = await db.find(member, { unionId, address: owner });
  if (node?.active && node.sponsor) await walkUp(db, unionId, node.sponsor, 0, 0, delta);
}

ponder.on('StakeLock:Locked', async ({ event, context }) => {
  const { unionId, token, amount, unlockTime } = event.args;
  const owner = lower(event.args.owner);
  const row = { token: lower(token), amount, unlockTime, counted: true };
  await context.db.insert(stake).values({ unionId, owner, ...row, own: 0n }).onConflictDoUpdate(row);
  await changeStake(context.db, unionId, owner, amount);
});

ponder.on('StakeLock:Increased', async ({ event, context }) => {
  const { unionId, added, amount } = event.args;
  const owner = lower(event.args.owner);
  const row = await context.db.update(stake, { unionId, owner }).set({ amount });
  if (row.counted) await changeStake(context.db, unionId, owner, added);
});

ponder.on('StakeLock:Extended', async ({ event, context }) => {
  await context.db.update(stake, { unionId: event.args.unionId, owner: lower(event.args.owner) }).set({ unlockTime: event.args.unlockTime });
});

ponder.on('StakeLock:Withdrawn', async ({ event, context }) => {
  const { unionId, amount } = event.args;
  const owner = lower(event.args.owner);
  // Read before the update: Ponder's cache may hand back the very row object the update changes.
  const counted = (await context.db.find(stake, { unionId, owner }))?.counted;
  await context.db.update(stake, { unionId, owner }).set({ amount: 0n, counted: false });
  if (counted) await changeStake(context.db, unionId, owner, -amount);
});

ponder.on('StakeLock:Settled', async ({ event, context }) => {
  const { unionId, amount } = event.args;
  const owner = lower(event.args.owner);
  await context.db.update(stake, { unionId, owner }).set({ counted: false });
  await changeStake(context.db, unionId, owner, -amount);
});
