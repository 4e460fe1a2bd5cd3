/**
 * `indexerCatchUp`: a fresh indexer catching up on the bench's chain from its first block, then the
 * two reads the tree page makes of a large union, timed at the indexer's HTTP API.
 */
import type { Address } from 'viem';
import type { ChainConfig } from '../../lib/config';
import { measureCatchUp, measureQuery, type CatchUp } from '../indexer';

export interface IndexerBench {
  catchUp: CatchUp;
  /** Median ms of the top-100 support-base leaderboard of `unionId`. */
  leaderboardTop100Ms: number;
  /** Median ms of the whole branch under `sponsor`, every member of it in one answer. */
  subtreeMs: number;
  subtreeNodes: number;
}

/** Measures catch-up to `head`, then the leaderboard of `unionId` and the branch of `members` members under `sponsor`. */
export async function indexerBench(config: ChainConfig, head: number, unionId: bigint, sponsor: Address, members: number): Promise<IndexerBench> {
  const { indexer, catchUp } = await measureCatchUp(config, head);
  try {
    const branch = `/unions/${unionId}/tree?root=${sponsor}&limit=${members + 1}`;
    // The branch must come whole, or its time says nothing of a branch of that size.
    const answer = (await (await fetch(indexer.url + branch)).json()) as { complete: boolean; nodes: unknown[] };
    if (!answer.complete || answer.nodes.length !== members + 1) {
      throw new Error(`the indexer served ${answer.nodes.length} of the ${members + 1} nodes of the branch (complete: ${answer.complete})`);
    }
    return {
      catchUp,
      leaderboardTop100Ms: await measureQuery(indexer.url, `/unions/${unionId}/leaderboard?by=supportBase&limit=100`),
      subtreeMs: await measureQuery(indexer.url, branch),
      subtreeNodes: answer.nodes.length,
    };
  } finally {
    await indexer.stop();
  }
}
