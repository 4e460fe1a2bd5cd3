/**
 * What the indexer keeps, per table. Counts are kept incrementally, as the registry keeps them, so
 * every query the extension makes reads rows rather than folding history. Addresses are lower-case.
 */
import { index, onchainTable, primaryKey } from 'ponder';

export const union = onchainTable('union', (t) => ({
  id: t.bigint().primaryKey(),
  leader: t.hex().notNull(),
  name: t.text().notNull(),
  purpose: t.text().notNull(),
  bylawsHash: t.hex().notNull(),
  /** The union's ERC-20 token, or null. */
  token: t.hex(),
  admissionPolicy: t.integer().notNull(),
  /** Active members, the leader included. */
  members: t.integer().notNull(),
  createdBlock: t.bigint().notNull(),
}));

/** One node of a union's tree: a member, or one that left (inactive, its supporters keep their place). */
export const member = onchainTable(
  'member',
  (t) => ({
    unionId: t.bigint().notNull(),
    address: t.hex().notNull(),
    /** Null for the leader. */
    sponsor: t.hex(),
    active: t.boolean().notNull(),
    role: t.text({ enum: ['leader', 'officer', 'member', 'left'] }).notNull(),
    title: t.text().notNull(),
    /** Active members below, as the registry counts them. */
    supportBase: t.integer().notNull(),
    /** Active members right below. */
    directSupporters: t.integer().notNull(),
    /** Nodes below, active or not: what a cut branch stands for. */
    subtreeSize: t.integer().notNull(),
    /** Stake-weighted support: the union tokens locked (StakeLock) by the active members below. */
    stakeBelow: t.bigint().notNull(),
    ralliesAnswered: t.integer().notNull(),
    /** Orders a sponsor's children as they came under it (block and log index). */
    attachedAt: t.bigint().notNull(),
    joinedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.unionId, table.address] }),
    children: index().on(table.unionId, table.sponsor),
    bySupport: index().on(table.unionId, table.supportBase),
    byRallies: index().on(table.unionId, table.ralliesAnswered),
    byStake: index().on(table.unionId, table.stakeBelow),
  }),
);

/** A member's lock for a union (StakeLock) and what of it counts as stake, as the registry counts it. */
export const stake = onchainTable(
  'stake',
  (t) => ({
    unionId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    unlockTime: t.bigint().notNull(),
    /** False once settled (expired, or the union changed its token) or withdrawn. */
    counted: t.boolean().notNull(),
    /** What the registry adds below this member's ancestors while it is active. */
    own: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.unionId, table.owner] }) }),
);

/** An address's current handle claims (in the registry's order) and messaging key. */
export const account = onchainTable(
  'account',
  (t) => ({
    address: t.hex().primaryKey(),
    handles: t.text().array().notNull(),
    /** The first current claim, or '': the name the tree shows. */
    handle: t.text().notNull(),
    encryptionKey: t.hex(),
  }),
  (table) => ({ byHandle: index().on(table.handle) }),
);

export const vouch = onchainTable(
  'vouch',
  (t) => ({
    unionId: t.bigint().notNull(),
    member: t.hex().notNull(),
    voucher: t.hex().notNull(),
    handle: t.text().notNull(),
    active: t.boolean().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.unionId, table.member, table.voucher, table.handle] }) }),
);

export const rally = onchainTable(
  'rally',
  (t) => ({
    id: t.bigint().primaryKey(),
    unionId: t.bigint().notNull(),
    author: t.hex().notNull(),
    text: t.text().notNull(),
    uri: t.text().notNull(),
    deadline: t.bigint().notNull(),
    answers: t.integer().notNull(),
    postedBlock: t.bigint().notNull(),
  }),
  (table) => ({ byUnion: index().on(table.unionId) }),
);

export const rallyAnswer = onchainTable(
  'rally_answer',
  (t) => ({ rallyId: t.bigint().notNull(), member: t.hex().notNull(), unionId: t.bigint().notNull(), block: t.bigint().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.rallyId, table.member] }) }),
);

export const tip = onchainTable(
  'tip',
  (t) => ({
    id: t.text().primaryKey(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    /** Zero address for ETH. */
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    context: t.hex().notNull(),
    hash: t.hex().notNull(),
    block: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ bySender: index().on(table.from), byRecipient: index().on(table.to) }),
);

/** Tips received per recipient and asset: what the tips leaderboard sums. */
export const tipTotal = onchainTable(
  'tip_total',
  (t) => ({ to: t.hex().notNull(), token: t.hex().notNull(), count: t.integer().notNull(), amount: t.bigint().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.to, table.token] }) }),
);

export const campaign = onchainTable(
  'campaign',
  (t) => ({
    id: t.bigint().primaryKey(),
    unionId: t.bigint().notNull(),
    opener: t.hex().notNull(),
    kind: t.integer().notNull(),
    targetName: t.text().notNull(),
    targetUri: t.text().notNull(),
    demand: t.text().notNull(),
    token: t.hex().notNull(),
    goal: t.bigint().notNull(),
    payee: t.hex().notNull(),
    deadline: t.bigint().notNull(),
    steps: t.text().array().notNull(),
    step: t.integer().notNull(),
    /** Campaigns.Status: 0 open, 1 won, 2 partly won, 3 lost, 4 withdrawn. */
    status: t.integer().notNull(),
    /** Every pledge made, refunds not subtracted (none are possible once a campaign succeeded). */
    pledged: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    backers: t.integer().notNull(),
    signatures: t.integer().notNull(),
    paidOut: t.boolean().notNull(),
    evidenceUri: t.text().notNull(),
    documentHash: t.hex().notNull(),
  }),
  (table) => ({ byUnion: index().on(table.unionId) }),
);

export const pledge = onchainTable(
  'pledge',
  (t) => ({ campaignId: t.bigint().notNull(), backer: t.hex().notNull(), unionId: t.bigint().notNull(), amount: t.bigint().notNull() }),
  (table) => ({ pk: primaryKey({ columns: [table.campaignId, table.backer] }) }),
);
