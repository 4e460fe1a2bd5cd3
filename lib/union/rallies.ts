import type { Address, PublicClient } from 'viem';
import { RALLY_POSTED } from '../chain/events';
import { safeText } from '../format';
import { deploymentBlock, getLogsRanged, LOG_RANGE } from '../chain/reads';
import type { ChainConfig } from '../config';
import type { RallyRecord, UnionDb } from '../store/db';

/** Most blocks one poll reads (20 log ranges); the rest waits for the next poll. */
const MAX_BLOCKS_PER_POLL = 20n * LOG_RANGE;
/** More new rallies than this at once become one summary notification, not a storm. */
export const MAX_NOTIFICATIONS_PER_POLL = 3;

export interface RallyNotifier {
  /** One rally: "Union X: <text>". */
  rally(record: RallyRecord): Promise<void>;
  /** Several at once (after the browser was closed): one line for all. */
  summary(count: number, unionNames: string[]): Promise<void>;
  /** The unread count on the extension icon. */
  badge(unread: number): Promise<void>;
}

/**
 * Reads new rallies of the member's unions from the registry's events, from the last block read
 * (kept in IndexedDB, so a stopped worker or a restarted browser picks up where it left off),
 * in bounded ranges, each rally once. Open rallies are notified, newest first.
 */
export async function pollRallies(args: {
  db: UnionDb;
  client: PublicClient;
  config: ChainConfig;
  unionIds: number[];
  unionName: (unionId: number) => Promise<string>;
  notifier: RallyNotifier;
  now: () => number;
}): Promise<RallyRecord[]> {
  const { db, client, config, notifier } = args;
  if (args.unionIds.length === 0) return [];
  // Deadlines are chain time: compare them with the latest block's, not this machine's clock.
  const head = await client.getBlock({ blockTag: 'latest' });
  const latest = head.number;
  const cursor = await db.get('cursors', 'rallies');
  const from = cursor === undefined ? await deploymentBlock(client, config.registry) : BigInt(cursor) + 1n;
  const to = from + MAX_BLOCKS_PER_POLL - 1n < latest ? from + MAX_BLOCKS_PER_POLL - 1n : latest;
  const found: RallyRecord[] = [];
  if (from <= to) {
    const logs = await getLogsRanged(client, {
      address: config.registry,
      event: RALLY_POSTED,
      args: { unionId: args.unionIds.map(BigInt) },
      fromBlock: from,
      toBlock: to,
    });
    for (const log of logs) {
      const { unionId, rallyId, author, text, uri, deadline } = log.args as {
        unionId: bigint; rallyId: bigint; author: Address; text: string; uri: string; deadline: bigint;
      };
      if (await db.get('rallies', Number(rallyId))) continue;
      found.push({
        rallyId: Number(rallyId),
        unionId: Number(unionId),
        unionName: await args.unionName(Number(unionId)),
        author,
        text,
        uri,
        deadline: Number(deadline),
        block: Number(log.blockNumber),
        status: 'unread',
        notifiedAt: null,
      });
    }
    await db.put('cursors', Number(to), 'rallies');
  }

  // Closed rallies are kept, read: there is nothing left to do for them.
  const nowSeconds = Number(head.timestamp);
  const open = found.filter((r) => r.deadline > nowSeconds).sort((a, b) => b.rallyId - a.rallyId);
  const notifyEach = open.length <= MAX_NOTIFICATIONS_PER_POLL;
  for (const record of found) {
    if (record.deadline <= nowSeconds) record.status = 'read';
    else if (notifyEach) record.notifiedAt = args.now();
    await db.put('rallies', record);
  }
  if (notifyEach) for (const record of open) await notifier.rally(record).catch(() => undefined);
  else await notifier.summary(open.length, [...new Set(open.map((r) => r.unionName))]).catch(() => undefined);
  await notifier.badge(await unreadCount(db)).catch(() => undefined);
  return open;
}

export async function unreadCount(db: UnionDb): Promise<number> {
  return (await db.getAll('rallies')).filter((r) => r.status === 'unread').length;
}

/** The inbox, newest first. */
export async function rallyInbox(db: UnionDb): Promise<RallyRecord[]> {
  return (await db.getAll('rallies')).sort((a, b) => b.rallyId - a.rallyId);
}

/** A rally's notification: the union's name and text are chain text, shown as the inbox shows them. */
export function rallyNotice(record: Pick<RallyRecord, 'unionName' | 'text'>): { title: string; message: string } {
  const union = safeText(record.unionName, 60);
  return { title: `${union}: rally`, message: `${union}: ${safeText(record.text, 280)}` };
}

/** Several rallies at once, in one notification. */
export function ralliesNotice(count: number, unionNames: string[]): { title: string; message: string } {
  return { title: `${count} new rallies`, message: `${unionNames.map((name) => safeText(name, 60)).join(', ')}: open Network Union to see them.` };
}
