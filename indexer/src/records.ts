/** Rallies and their answers, vouches, tips and campaigns: the union's public record. */
import { ponder } from 'ponder:registry';
import { campaign, member, pledge, rally, rallyAnswer, tip, tipTotal, vouch } from 'ponder:schema';
import { lower } from './util';

ponder.on('UnionRegistry:RallyPosted', async ({ event, context }) => {
  const { unionId, rallyId, author, text, uri, deadline } = event.args;
  await context.db.insert(rally).values({
    id: rallyId, unionId, author: lower(author), text, uri, deadline: BigInt(deadline), answers: 0, postedBlock: event.block.number,
  });
});

ponder.on('UnionRegistry:RallyAnswered', async ({ event, context }) => {
  const { unionId, rallyId } = event.args;
  const address = lower(event.args.member);
  await context.db.insert(rallyAnswer).values({ rallyId, member: address, unionId, block: event.block.number });
  await context.db.update(rally, { id: rallyId }).set((r) => ({ answers: r.answers + 1 }));
  if (await context.db.find(member, { unionId, address })) {
    await context.db.update(member, { unionId, address }).set((m) => ({ ralliesAnswered: m.ralliesAnswered + 1 }));
  }
});

ponder.on('UnionRegistry:Vouched', async ({ event, context }) => {
  const { unionId, handle } = event.args;
  const row = { unionId, member: lower(event.args.member), voucher: lower(event.args.voucher), handle };
  await context.db.insert(vouch).values({ ...row, active: true }).onConflictDoUpdate({ active: true });
});

ponder.on('UnionRegistry:Unvouched', async ({ event, context }) => {
  const { unionId, handle } = event.args;
  const row = { unionId, member: lower(event.args.member), voucher: lower(event.args.voucher), handle };
  await context.db.insert(vouch).values({ ...row, active: false }).onConflictDoUpdate({ active: false });
});

ponder.on('Tips:Tipped', async ({ event, context }) => {
  const { amount, context: postContext } = event.args;
  const [from, to, token] = [lower(event.args.from), lower(event.args.to), lower(event.args.token)];
  await context.db.insert(tip).values({
    id: event.id, from, to, token, amount, context: postContext, hash: event.transaction.hash,
    block: event.block.number, logIndex: event.log.logIndex,
  });
  await context.db
    .insert(tipTotal)
    .values({ to, token, count: 1, amount })
    .onConflictDoUpdate((t) => ({ count: t.count + 1, amount: t.amount + amount }));
});

ponder.on('Campaigns:CampaignOpened', async ({ event, context }) => {
  const { campaignId, unionId, opener, terms } = event.args;
  await context.db.insert(campaign).values({
    id: campaignId, unionId, opener: lower(opener), kind: Number(terms.kind), targetName: terms.targetName,
    targetUri: terms.targetUri, demand: terms.demand, token: lower(terms.token), goal: terms.goal, payee: lower(terms.payee),
    deadline: BigInt(terms.deadline), steps: [...terms.steps], step: 0, status: 0, pledged: 0n, refunded: 0n,
    backers: 0, signatures: 0, paidOut: false, evidenceUri: '', documentHash: '0x0000000000000000000000000000000000000000000000000000000000000000',
  });
});

ponder.on('Campaigns:Pledged', async ({ event, context }) => {
  const { campaignId, amount } = event.args;
  const backer = lower(event.args.backer);
  const opened = await context.db.find(campaign, { id: campaignId });
  if (!opened) return;
  const earlier = await context.db.find(pledge, { campaignId, backer });
  await context.db
    .insert(pledge)
    .values({ campaignId, backer, unionId: opened.unionId, amount })
    .onConflictDoUpdate((p) => ({ amount: p.amount + amount }));
  // The contract counts a backer again after a full refund: so does this.
  const newBacker = !earlier || earlier.amount === 0n;
  await context.db.update(campaign, { id: campaignId }).set((c) => ({ pledged: c.pledged + amount, backers: c.backers + (newBacker ? 1 : 0) }));
});

ponder.on('Campaigns:Refunded', async ({ event, context }) => {
  const { campaignId, amount } = event.args;
  await context.db.update(pledge, { campaignId, backer: lower(event.args.backer) }).set({ amount: 0n });
  await context.db.update(campaign, { id: campaignId }).set((c) => ({ refunded: c.refunded + amount }));
});

ponder.on('Campaigns:Signed', async ({ event, context }) => {
  await context.db.update(campaign, { id: event.args.campaignId }).set((c) => ({ signatures: c.signatures + 1 }));
});

ponder.on('Campaigns:Escalated', async ({ event, context }) => {
  await context.db.update(campaign, { id: event.args.campaignId }).set({ step: Number(event.args.step) });
});

ponder.on('Campaigns:OutcomeRecorded', async ({ event, context }) => {
  const { campaignId, status, evidenceUri, documentHash } = event.args;
  await context.db.update(campaign, { id: campaignId }).set({ status: Number(status), evidenceUri, documentHash });
});

ponder.on('Campaigns:PaidOut', async ({ event, context }) => {
  await context.db.update(campaign, { id: event.args.campaignId }).set({ paidOut: true });
});
