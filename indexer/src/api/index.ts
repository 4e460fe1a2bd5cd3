/**
 * The HTTP API: GraphQL at /graphql and SQL over HTTP at /sql (Ponder's own), plus the few reads
 * the extension makes, each a bounded query: a tree from a root (breadth first, capped), a
 * leaderboard, a member's rank, tip and campaign records. Ponder serves /status (the block indexed)
 * and /ready, with CORS open to every origin.
 */
import { Hono } from 'hono';
import { and, asc, client, count, desc, eq, graphql, gt, inArray, lt, or, sql } from 'ponder';
import { db } from 'ponder:api';
import schema, { account, campaign, member, pledge, tip, tipTotal, union } from 'ponder:schema';
import { deployment } from '../../deployment';

const app = new Hono();
app.use('/graphql', graphql({ db, schema }));
app.use('/sql/*', client({ db, schema }));

const ZERO = '0x0000000000000000000000000000000000000000';
const MAX_TREE = 20_000;
const MAX_BOARD = 1_000;
const BOARDS = ['supportBase', 'stakeBelow', 'ralliesAnswered', 'tipsReceived'] as const;
type Board = (typeof BOARDS)[number];
type Hex = `0x${string}`;

function addressParam(value: string | undefined): Hex | null {
  return value && /^0x[0-9a-fA-F]{40}$/.test(value) ? (value.toLowerCase() as Hex) : null;
}

function countParam(value: string | undefined, fallback: number, max: number): number {
  const n = Number(value ?? fallback);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

function unionParam(value: string): bigint | null {
  return /^\d{1,30}$/.test(value) ? BigInt(value) : null;
}

const nodeColumns = {
  address: member.address,
  sponsor: member.sponsor,
  active: member.active,
  role: member.role,
  title: member.title,
  supportBase: member.supportBase,
  directSupporters: member.directSupporters,
  subtreeSize: member.subtreeSize,
  stakeBelow: member.stakeBelow,
  ralliesAnswered: member.ralliesAnswered,
  attachedAt: member.attachedAt,
  handle: sql<string>`coalesce(${account.handle}, '')`,
};
type NodeRow = { [K in keyof typeof nodeColumns]: unknown } & { address: Hex; sponsor: Hex | null; attachedAt: bigint; supportBase: number; stakeBelow: bigint; tipsReceived: number };

/** The assets tips count in for a union: ETH and the union's own token (any other token can be minted at will). */
function tipAssets(token: Hex | null): Hex[] {
  return token ? [ZERO, token] : [ZERO];
}

/**
 * Tips a member received in the union's assets, as a column of its row: one read of tip_total's
 * key each, rather than a list of every address of a large branch sent back as parameters.
 */
function tipsReceived(assets: Hex[]) {
  return sql<number>`coalesce((select sum(${tipTotal.count}) from ${tipTotal} where ${tipTotal.to} = ${member.address} and ${inArray(tipTotal.token, assets)}), 0)::int`;
}

function nodeJson(row: NodeRow, depth: number) {
  return { ...row, attachedAt: String(row.attachedAt), stakeBelow: String(row.stakeBelow), depth, tipsReceived: Number(row.tipsReceived) };
}

async function unionRow(id: bigint) {
  const [row] = await db.select().from(union).where(eq(union.id, id));
  return row;
}

function unionJson(row: NonNullable<Awaited<ReturnType<typeof unionRow>>>) {
  return { id: Number(row.id), name: row.name, leader: row.leader, token: row.token, members: row.members };
}

app.get('/info', (c) =>
  c.json({ chainId: deployment.chainId, registry: deployment.registry.toLowerCase(), tips: deployment.tips.toLowerCase(), campaigns: deployment.campaigns.toLowerCase(), stakeLock: deployment.stakeLock.toLowerCase() }),
);

/** The tree under `root` (the leader by default), breadth first, at most `limit` nodes; the largest branches first where a level is cut. */
app.get('/unions/:id/tree', async (c) => {
  const id = unionParam(c.req.param('id'));
  const found = id === null ? undefined : await unionRow(id);
  if (!found) return c.json({ error: 'No such union.' }, 404);
  const limit = countParam(c.req.query('limit'), 2_000, MAX_TREE);
  const top = addressParam(c.req.query('root')) ?? found.leader;
  const columns = { ...nodeColumns, tipsReceived: tipsReceived(tipAssets(found.token)) };
  const select = () => db.select(columns).from(member).leftJoin(account, eq(account.address, member.address));
  const [first] = (await select().where(and(eq(member.unionId, found.id), eq(member.address, top)))) as NodeRow[];
  if (!first) return c.json({ error: 'Not in this union.' }, 404);

  // The root's depth: its sponsor chain, at most the registry's bound long.
  let depth = 0;
  for (let sponsor = first.sponsor; sponsor && depth < 64; depth++) {
    const [up] = await db.select({ sponsor: member.sponsor }).from(member).where(and(eq(member.unionId, found.id), eq(member.address, sponsor)));
    sponsor = up?.sponsor ?? null;
  }
  const levels: { row: NodeRow; depth: number }[] = [{ row: first, depth }];
  let level = [first.address];
  while (level.length > 0 && levels.length < limit) {
    depth += 1;
    const rows = (await select()
      .where(and(eq(member.unionId, found.id), inArray(member.sponsor, level)))
      .orderBy(desc(member.supportBase), asc(member.address))
      .limit(limit - levels.length)) as NodeRow[];
    for (const row of rows) levels.push({ row, depth });
    level = rows.map((r) => r.address);
  }
  return c.json({
    union: unionJson(found),
    root: first.address,
    complete: levels.length === (first.subtreeSize as number) + 1,
    nodes: levels.map((n) => nodeJson(n.row, n.depth)),
  });
});

/** The union's active members ranked by `by`, ties by address (as the extension ranks them). */
app.get('/unions/:id/leaderboard', async (c) => {
  const id = unionParam(c.req.param('id'));
  const found = id === null ? undefined : await unionRow(id);
  if (!found) return c.json({ error: 'No such union.' }, 404);
  const by = (c.req.query('by') ?? 'supportBase') as Board;
  if (!BOARDS.includes(by)) return c.json({ error: `by is one of ${BOARDS.join(', ')}.` }, 400);
  const limit = countParam(c.req.query('limit'), 20, MAX_BOARD);
  const where = and(eq(member.unionId, found.id), eq(member.active, true));
  const assets = tipAssets(found.token);
  let rows: NodeRow[];
  if (by === 'tipsReceived') {
    const tips = sql<number>`sum(${tipTotal.count})::int`;
    rows = (await db
      .select({ ...nodeColumns, tipsReceived: tips })
      .from(member)
      .innerJoin(tipTotal, and(eq(tipTotal.to, member.address), inArray(tipTotal.token, assets)))
      .leftJoin(account, eq(account.address, member.address))
      .where(where)
      .groupBy(member.unionId, member.address, account.address)
      .orderBy(desc(tips), asc(member.address))
      .limit(limit)) as NodeRow[];
  } else {
    const column = member[by];
    rows = (await db
      .select({ ...nodeColumns, tipsReceived: tipsReceived(assets) })
      .from(member)
      .leftJoin(account, eq(account.address, member.address))
      .where(where)
      .orderBy(desc(column), asc(member.address))
      .limit(limit)) as NodeRow[];
  }
  return c.json({ union: unionJson(found), by, nodes: rows.map((r) => nodeJson(r, -1)) });
});

/** A member's place among all active members by support base (1 is the largest). */
app.get('/unions/:id/rank/:address', async (c) => {
  const id = unionParam(c.req.param('id'));
  const address = addressParam(c.req.param('address'));
  if (id === null || !address) return c.json({ error: 'A union id and an address.' }, 400);
  const [row] = await db.select().from(member).where(and(eq(member.unionId, id), eq(member.address, address)));
  if (!row || !row.active) return c.json({ error: 'Not an active member of this union.' }, 404);
  const [ahead] = await db
    .select({ n: count() })
    .from(member)
    .where(and(
      eq(member.unionId, id),
      eq(member.active, true),
      or(gt(member.supportBase, row.supportBase), and(eq(member.supportBase, row.supportBase), lt(member.address, address))),
    ));
  const [all] = await db.select({ n: count() }).from(member).where(and(eq(member.unionId, id), eq(member.active, true)));
  return c.json({ rank: Number(ahead?.n ?? 0) + 1, of: Number(all?.n ?? 0), supportBase: row.supportBase });
});

/** Tips sent by and to an address, newest first, amounts in the asset's smallest unit. */
app.get('/accounts/:address/tips', async (c) => {
  const address = addressParam(c.req.param('address'));
  if (!address) return c.json({ error: 'An address.' }, 400);
  const limit = countParam(c.req.query('limit'), 200, 1_000);
  const rows = (column: typeof tip.from | typeof tip.to) =>
    db.select().from(tip).where(eq(column, address)).orderBy(desc(tip.block), desc(tip.logIndex)).limit(limit);
  const [sent, received] = await Promise.all([rows(tip.from), rows(tip.to)]);
  const json = (r: (typeof sent)[number]) => ({ from: r.from, to: r.to, token: r.token, amount: String(r.amount), context: r.context, hash: r.hash, block: Number(r.block) });
  return c.json({ sent: sent.map(json), received: received.map(json) });
});

/** Tips an address received, per asset: how many and how much in all (the smallest unit), however long the history. */
app.get('/accounts/:address/tips/received', async (c) => {
  const address = addressParam(c.req.param('address'));
  if (!address) return c.json({ error: 'An address.' }, 400);
  const rows = await db.select().from(tipTotal).where(eq(tipTotal.to, address)).orderBy(asc(tipTotal.token)).limit(MAX_BOARD);
  return c.json({ received: rows.map((r) => ({ token: r.token, count: r.count, amount: String(r.amount) })) });
});

/** A union's campaign record: outcomes counted, what successful campaigns raised per asset, distinct backers. */
app.get('/unions/:id/campaigns/record', async (c) => {
  const id = unionParam(c.req.param('id'));
  if (id === null) return c.json({ error: 'A union id.' }, 400);
  const campaigns = await db.select().from(campaign).where(eq(campaign.unionId, id));
  const statuses = [0, 0, 0, 0, 0];
  const raised = new Map<string, bigint>();
  for (const row of campaigns) {
    statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    const succeeded = (row.status === 1 || row.status === 2) && row.goal > 0n && row.pledged >= row.goal;
    if (succeeded) raised.set(row.token, (raised.get(row.token) ?? 0n) + row.pledged);
  }
  const [backers] = await db.select({ n: sql<number>`count(distinct ${pledge.backer})::int` }).from(pledge).where(eq(pledge.unionId, id));
  const [open, won, partlyWon, lost, withdrawn] = statuses as [number, number, number, number, number];
  return c.json({
    unionId: Number(id), open, won, partlyWon, lost, withdrawn,
    raised: [...raised].map(([token, amount]) => ({ token, amount: String(amount) })),
    backers: Number(backers?.n ?? 0),
  });
});

export default app;
