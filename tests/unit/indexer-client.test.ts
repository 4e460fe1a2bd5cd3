import { describe, expect, it } from 'vitest';
import { checkIndexer, createIndexerClient, IndexerError, indexedTree } from '@/lib/union/indexer';
import { deserializeTree } from '@/lib/union/tree';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const;

function node(address: string, sponsor: string | null, depth: number, attachedAt: string, extra: object = {}) {
  return {
    address, sponsor, active: true, role: sponsor ? 'member' : 'leader', title: '', handle: '', supportBase: 0, directSupporters: 0,
    subtreeSize: 0, ralliesAnswered: 0, tipsReceived: 0, stakeBelow: '0', depth, attachedAt, ...extra,
  };
}

/** An indexer answering each path with a fixed body. */
function serving(bodies: Record<string, unknown>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const path = String(input).replace('http://indexer.test', '').split('?')[0]!;
    if (!(path in bodies)) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(bodies[path]), { status: 200 });
  }) as typeof fetch;
}

describe('the indexer client', () => {
  it('rebuilds the tree with each sponsor\'s supporters in the order they came under it', () => {
    // Block 10 sorts after block 9 although "10…" < "9…" as text.
    const nodes = [
      node(A(1), null, 0, '1000000'),
      node(A(3), A(1), 1, '10000001'),
      node(A(2), A(1), 1, '9000002'),
      node(A(4), A(2), 2, '11000000'),
    ];
    const tree = deserializeTree(indexedTree(1, A(1), 12, nodes as never));
    expect(tree.children.get(A(1))).toEqual([A(2), A(3)]);
    expect(tree.children.get(A(2))).toEqual([A(4)]);
    expect(tree.root).toBe(A(1));
    expect(tree.lastBlock).toBe(12);
  });

  it('refuses an answer that is not what the indexer serves, so the caller folds the chain instead', async () => {
    const client = createIndexerClient('http://indexer.test', serving({
      '/unions/1/tree': { union: { leader: A(1), members: 1 }, complete: true, nodes: [node(A(1), null, 0, '1', { role: 'king' })] },
      '/unions/1/leaderboard': { nodes: [node(A(1).toUpperCase(), null, 0, '1')] },
    }));
    await expect(client.tree(1, null)).rejects.toThrow(IndexerError);
    await expect(client.leaderboard(1, 'supportBase')).rejects.toThrow(/is not what it should serve/);
    await expect(client.campaignRecord(1)).rejects.toThrow(/answered 404/);
    const totals = (received: unknown) => createIndexerClient('http://indexer.test', serving({ [`/accounts/${A(2)}/tips/received`]: { received } })).tipTotals(A(2));
    await expect(totals([{ token: A(0), count: 2, amount: '-1' }])).rejects.toThrow(IndexerError);
    await expect(totals([{ token: A(0), count: 2, amount: '20' }])).resolves.toEqual({ received: [{ token: A(0), count: 2, amount: '20' }] });
  });

  it('says when the indexer does not answer at all', async () => {
    const client = createIndexerClient('http://indexer.test', (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    await expect(client.info()).rejects.toThrow('the indexer at http://indexer.test did not answer (fetch failed)');
  });

  it('refuses an indexer of another chain or another registry', async () => {
    const config = { chainId: 31337, registry: A(7) };
    const at = (info: object) => createIndexerClient('http://indexer.test', serving({ '/info': info }));
    await expect(checkIndexer(at({ chainId: 1, registry: A(7) }), config)).rejects.toThrow('reads chain 1, not 31337');
    await expect(checkIndexer(at({ chainId: 31337, registry: A(8) }), config)).rejects.toThrow(/reads the registry/);
    await expect(checkIndexer(at({ chainId: 31337, registry: A(7) }), config)).resolves.toBeUndefined();
  });
});
