import { hierarchy, tree as treeLayout, type HierarchyPointNode } from 'd3-hierarchy';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Address } from 'viem';
import { formatCount, formatTokens, plural, safeText, shortAddress } from '@/lib/format';
import type { ResponseOf, Result } from '@/lib/protocol';
import {
  deserializeTree, drawableTree, findByHandle, leaderboard, nodeLabel, subtree,
  type DrawNode, type TreeNode, type UnionTree,
} from '@/lib/union/tree';

type Answer = ResponseOf<'unionTree'>;
type Load = (unionId: number, root: Address | null) => Promise<Result<Answer>>;
type State =
  | { kind: 'loading' }
  | { kind: 'error'; reason: string }
  /** `stale`: why the last refresh failed, while the previous tree stays on screen. `asked`: the root it was read for. */
  | { kind: 'ok'; tree: UnionTree; answer: Answer; asked: Address | null; stale: string | null };
type Point = HierarchyPointNode<DrawNode>;

const REFRESH_MS = 10_000;
// About what a screen can show legibly; the rest is one click away through "+N more".
const MAX_DEPTH = 6;
const MAX_NODES = 400;
const MAX_CHILDREN = 12;
/** A "+N more" under the drawn root cannot re-root anywhere new, so it draws more (×4 a fan, ×2 in all), up to this. */
const MOST_NODES = 3_200;
/** Zoom that a fitted view keeps at least, so labels stay readable; the rest is a pan away. */
const READABLE = 0.45;
const TOP = 20;
/** Layout spacing: between siblings, and between levels (room for a label). */
const ROW = 28;
const COLUMN = 210;
const MAX_RADIUS = 12;

function readLocation(): { unionId: number; root: Address | null } {
  const params = new URLSearchParams(location.search);
  const union = Number(params.get('union'));
  const root = params.get('root');
  return {
    unionId: Number.isSafeInteger(union) && union > 0 ? union : 1,
    root: root && /^0x[0-9a-fA-F]{40}$/.test(root) ? (root.toLowerCase() as Address) : null,
  };
}

/** A union's social tree: pan/zoom drawing, handle search, and leaderboards; `?union=` and `?root=` pick what is shown. */
export function TreePage({ load }: { load: Load }) {
  const [unionId] = useState(() => readLocation().unionId);
  const [root, setRoot] = useState(() => readLocation().root);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Polls after each answer rather than on a fixed beat, so slow answers never overlap.
    const poll = async () => {
      const result = await load(unionId, root);
      if (stopped) return;
      setState((previous) => {
        if (!result.ok) return previous.kind === 'ok' ? { ...previous, stale: result.error } : { kind: 'error', reason: result.error };
        const answer = result.value;
        // No new block from the same source: keep the same tree object, so nothing is laid out again.
        const same = previous.kind === 'ok' && previous.asked === root && previous.tree.lastBlock === answer.tree.lastBlock
          && previous.answer.union.name === answer.union.name && previous.answer.source.kind === answer.source.kind;
        if (same) return previous.stale === null ? previous : { ...previous, stale: null };
        return { kind: 'ok', tree: deserializeTree(answer.tree), answer, asked: root, stale: null };
      });
      timer = setTimeout(() => void poll(), REFRESH_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [load, unionId, root, attempt]);

  useEffect(() => {
    const onPop = () => setRoot(readLocation().root);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  // Re-rooting is a navigation, so Back returns to the wider view.
  const reroot = (address: Address | null) => {
    const url = new URL(location.href);
    if (address) url.searchParams.set('root', address);
    else url.searchParams.delete('root');
    history.pushState(null, '', url);
    setRoot(address);
  };

  if (state.kind === 'loading') {
    return (
      <main class="tree-page message" aria-busy="true">
        <p class="muted" role="status">
          <span class="spinner" aria-hidden="true" /> Reading union #{unionId}'s tree from the chain…
        </p>
      </main>
    );
  }
  if (state.kind === 'error') {
    return (
      <main class="tree-page message">
        <section class="card error" role="alert">
          <h2>Could not read union #{unionId}'s tree</h2>
          <p>{state.reason}</p>
          <button
            type="button"
            onClick={() => {
              setState({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </button>
        </section>
      </main>
    );
  }
  return <Loaded tree={state.tree} answer={state.answer} stale={state.stale} root={root} reroot={reroot} />;
}

function Loaded({ tree, answer, stale, root, reroot }: {
  tree: UnionTree;
  answer: Answer;
  stale: string | null;
  root: Address | null;
  reroot: (address: Address | null) => void;
}) {
  const { union, source, me } = answer;
  const view = useMemo(() => (root ? subtree(tree, root) : tree), [tree, root]);
  // The whole union's boards come from the indexer; a branch, or a folded tree, is ranked here.
  const boards = useMemo(
    () => view && (!root && answer.boards
      ? answer.boards
      : {
        support: leaderboard(view, 'supportBase', TOP), rallies: leaderboard(view, 'ralliesAnswered', TOP),
        tips: leaderboard(view, 'tipsReceived', TOP), stake: leaderboard(view, 'stakeBelow', TOP),
      }),
    [view, root, answer.boards],
  );
  const unit = answer.stakeUnit;
  const top = view?.root ? view.nodes.get(view.root)! : null;
  // The indexer sends a branch alone: its sponsor may not be in it, and is then named by address.
  const sponsorAddress = top?.sponsor ?? null;
  const sponsor = sponsorAddress ? tree.nodes.get(sponsorAddress) : undefined;
  const leader = tree.nodes.get(union.leader.toLowerCase() as Address) ?? null;

  return (
    <main class="tree-page">
      <header class="tree-header">
        <div>
          <h1 data-testid="union-name">{safeText(union.name, 60) || `Union #${union.id}`}</h1>
          <p class="muted small" data-testid="union-identity">
            Union #{union.id} · led by {leader ? safeText(nodeLabel(leader), 40) : shortAddress(union.leader)} ({union.leader})
            {` · ${plural(union.members, 'member', 'members')}`} · block {formatCount(tree.lastBlock)}
          </p>
          <p class="muted small" data-testid="tree-source" data-source={source.kind}>
            {source.kind === 'indexer'
              ? 'From the indexer'
              : source.indexerError
                ? `Indexer unreachable: folded from the chain (${safeText(source.indexerError, 160)})`
                : "Folded from the chain's events"}
            {!answer.complete && ` · showing the ${plural(tree.nodes.size, 'member', 'members')} of the largest branches: open a branch for the rest`}
          </p>
          {me && (
            <p class="small" data-testid="my-rank">
              You rank #{formatCount(me.rank)} of {formatCount(me.of)} by support base.
            </p>
          )}
          <a class="small" href={`/campaign.html?union=${union.id}`}>Campaigns and track record</a>
        </div>
        {root && (
          <nav class="row" aria-label="Branch">
            <span class="small">
              Branch of <strong>{top ? safeText(nodeLabel(top), 60) : shortAddress(root)}</strong>
            </span>
            {sponsorAddress && (
              <button type="button" class="secondary" onClick={() => reroot(sponsorAddress)}>
                Up to {sponsor ? safeText(nodeLabel(sponsor), 40) : shortAddress(sponsorAddress)}
              </button>
            )}
            <button type="button" class="secondary" onClick={() => reroot(null)}>
              Whole union
            </button>
          </nav>
        )}
      </header>
      {stale && (
        <p class="stale" role="status">
          Could not refresh ({safeText(stale, 200)}); showing block {formatCount(tree.lastBlock)}.
        </p>
      )}
      {!view ? (
        <section class="card message" role="alert">
          <p>{root && shortAddress(root)} is not in this union's tree.</p>
          <button type="button" onClick={() => reroot(null)}>Show the whole union</button>
        </section>
      ) : !view.root || !boards ? (
        <section class="card message" data-testid="tree-empty">
          <p>Union #{union.id} has no members on this registry yet.</p>
        </section>
      ) : (
        <div class="tree-body">
          <Drawing whole={tree} view={view} reroot={reroot} />
          <aside class="leaders" aria-label="Leaderboards">
            <Board title="By support base" column="Support base" nodes={boards.support} value={(n) => n.supportBase} root={view.root} reroot={reroot} testId="board-support" />
            <Board title="By rallies answered" column="Rallies" nodes={boards.rallies} value={(n) => n.ralliesAnswered} root={view.root} reroot={reroot} testId="board-rallies" />
            <Board title="By tips received" column="Tips" nodes={boards.tips} value={(n) => n.tipsReceived} root={view.root} reroot={reroot} testId="board-tips" />
            {unit && (
              <Board
                title="By stake-weighted support" column="Locked below" nodes={boards.stake} value={(n) => (n.stakeBelow === '0' ? 0 : 1)}
                show={(n) => `${formatTokens(n.stakeBelow, unit.decimals)} ${unit.symbol}`} root={view.root} reroot={reroot} testId="board-stake"
              />
            )}
          </aside>
        </div>
      )}
    </main>
  );
}

function Drawing({ whole, view, reroot }: { whole: UnionTree; view: UnionTree; reroot: (address: Address) => void }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const [query, setQuery] = useState('');
  /** A member to centre on once drawn (after a re-root, the drawing changes first). */
  const [focus, setFocus] = useState<Address | null>(null);
  const [grown, setGrown] = useState<{ root: Address; times: number } | null>(null);
  const times = grown?.root === view.root ? grown.times : 0;
  const maxNodes = Math.min(MOST_NODES, MAX_NODES * 2 ** times);
  const maxChildren = MAX_CHILDREN * 4 ** times;

  const layout = useMemo(() => {
    const draw = drawableTree(view, view.root!, { maxDepth: MAX_DEPTH, maxNodes, maxChildren });
    const top = treeLayout<DrawNode>().nodeSize([ROW, COLUMN])(hierarchy(draw));
    const points = top.descendants();
    const byAddress = new Map<Address, Point>();
    for (const p of points) if (p.data.address) byAddress.set(p.data.address, p);
    return { top, points, links: top.links(), byAddress };
  }, [view, maxNodes, maxChildren]);
  const matches = useMemo(() => findByHandle(whole, query).slice(0, 8), [whole, query]);
  const highlighted = new Set(matches.map((m) => m.address));
  // The drawn root has the largest support base, so sizes are relative to it.
  const radius = (supportBase: number) => 3 + (MAX_RADIUS - 3) * Math.sqrt((supportBase + 1) / (layout.top.data.supportBase + 1));

  // The zoom lives on the svg element and writes the layer's transform itself: refreshes re-render
  // the nodes inside without touching it, so the view holds between refreshes.
  useEffect(() => {
    const svg = svgRef.current!;
    const behavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => layerRef.current?.setAttribute('transform', event.transform.toString()));
    select(svg).call(behavior);
    zoomRef.current = behavior;
    return () => void select(svg).on('.zoom', null);
  }, []);

  const fit = () => {
    const svg = svgRef.current!;
    const { width, height } = svg.getBoundingClientRect();
    const xs = layout.points.map((p) => p.x);
    const [low, high] = [Math.min(...xs) - ROW, Math.max(...xs) + ROW];
    const deepest = Math.max(...layout.points.map((p) => p.y)) + COLUMN;
    const k = Math.max(READABLE, Math.min(1, height / (high - low), width / deepest));
    // All of it when it fits; otherwise the root, at a readable size.
    const middle = k * (high - low) <= height ? (low + high) / 2 : 0;
    zoomRef.current!.transform(select(svg), zoomIdentity.translate(24, height / 2 - k * middle).scale(k));
  };
  const centreOn = (point: Point) => {
    const svg = svgRef.current!;
    const { width, height } = svg.getBoundingClientRect();
    const k = Math.max(zoomTransform(svg).k, 0.6); // close enough to read the label
    zoomRef.current!.transform(select(svg), zoomIdentity.translate(width / 2 - point.y * k, height / 2 - point.x * k).scale(k));
  };

  // A new root (or the first drawing) starts fitted; a refresh of the same root keeps the view.
  useEffect(fit, [layout.top.data.id]);
  useEffect(() => {
    const point = focus && layout.byAddress.get(focus);
    if (!point) return;
    centreOn(point);
    setFocus(null);
  }, [focus, layout]);

  const show = (node: TreeNode) => {
    // Drawn here: centre on it. Cut away or outside this branch: draw its own branch.
    if (!layout.byAddress.has(node.address)) reroot(node.address);
    setFocus(node.address);
  };
  /** Opens a stand-in's branch: re-roots at the node it hangs from, or draws more under the drawn root; null when at the limit. */
  const openStandIn = (point: Point): (() => void) | null => {
    const parent = point.parent!.data.address!;
    if (parent !== view.root) return () => reroot(parent);
    if (maxNodes >= MOST_NODES && maxChildren >= MOST_NODES) return null;
    return () => setGrown({ root: parent, times: times + 1 });
  };
  const scaleBy = (factor: number) => zoomRef.current!.scaleBy(select(svgRef.current!), factor);

  return (
    <section class="drawing" aria-label="Social tree">
      <div class="toolbar">
        <form
          class="search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            if (matches[0]) show(matches[0]);
          }}
        >
          <label for="tree-search" class="visually-hidden">
            Find a member by handle
          </label>
          <input
            id="tree-search"
            type="search"
            placeholder="Find @handle"
            autocomplete="off"
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
          {query.trim() && (
            <ul class="matches" aria-live="polite">
              {matches.length === 0 && <li class="muted">No member with that handle.</li>}
              {matches.map((m) => (
                <li key={m.address}>
                  <button type="button" class="link" onClick={() => show(m)}>
                    {safeText(nodeLabel(m), 48)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </form>
        <div class="zoom-buttons" role="group" aria-label="Zoom">
          <button type="button" class="secondary" onClick={() => scaleBy(1.4)} aria-label="Zoom in">+</button>
          <button type="button" class="secondary" onClick={() => scaleBy(1 / 1.4)} aria-label="Zoom out">−</button>
          <button type="button" class="secondary" onClick={fit}>Reset</button>
        </div>
      </div>
      <svg ref={svgRef} class="tree-svg" data-testid="tree-svg" role="img" aria-label={`Social tree, ${plural(layout.points.length, 'node', 'nodes')} drawn`}>
        <g ref={layerRef}>
          {layout.links.map(({ source, target }) => (
            <path key={target.data.id} class="link" d={`M${source.y},${source.x}C${(source.y + target.y) / 2},${source.x} ${(source.y + target.y) / 2},${target.x} ${target.y},${target.x}`} />
          ))}
          {layout.points.map((p) => (p.data.address ? (
            <DrawnMember key={p.data.id} point={p} node={view.nodes.get(p.data.address)!} r={radius(p.data.supportBase)} match={highlighted.has(p.data.address)} />
          ) : (
            <StandIn key={p.data.id} point={p} r={radius(p.data.supportBase)} open={openStandIn(p)} />
          )))}
        </g>
      </svg>
    </section>
  );
}

function DrawnMember({ point, node, r, match }: { point: Point; node: TreeNode; r: number; match: boolean }) {
  return (
    <g class={`node ${node.role}${match ? ' match' : ''}`} transform={`translate(${point.y},${point.x})`} data-address={node.address}>
      <title>
        {`${node.address}\nSupport base ${formatCount(node.supportBase)} · direct supporters ${formatCount(node.directSupporters)} · rallies answered ${formatCount(node.ralliesAnswered)} · tips received ${formatCount(node.tipsReceived)}`}
      </title>
      <circle r={r} />
      <text x={r + 5} dy="0.32em">
        {safeText(point.data.label, 34)}
      </text>
    </g>
  );
}

/** "+N more": opens the branch it stands for, by mouse or keyboard (when it can). */
function StandIn({ point, r, open }: { point: Point; r: number; open: (() => void) | null }) {
  const members = plural(point.data.aggregated, 'member', 'members');
  const under = safeText(point.parent!.data.label, 40);
  const label = open ? `Show the ${members} under ${under}` : `${members} more under ${under}: find them by handle`;
  return (
    <g
      class={`node more${open ? '' : ' closed'}`}
      transform={`translate(${point.y},${point.x})`}
      role={open ? 'button' : undefined}
      tabindex={open ? 0 : undefined}
      aria-label={label}
      onClick={open ?? undefined}
      onKeyDown={(event) => {
        if (!open || (event.key !== 'Enter' && event.key !== ' ')) return;
        event.preventDefault();
        open();
      }}
    >
      <title>{label}</title>
      <circle r={r} />
      <text x={r + 5} dy="0.32em">
        {point.data.label}
      </text>
    </g>
  );
}

function Board({ title, column, nodes, value, show = (node) => formatCount(value(node)), root, reroot, testId }: {
  title: string;
  column: string;
  nodes: TreeNode[];
  value: (node: TreeNode) => number;
  /** The value as the column shows it: a count by default. */
  show?: (node: TreeNode) => string;
  root: Address;
  reroot: (address: Address) => void;
  testId: string;
}) {
  // A zero earns no rank: a union with no rallies yet shows that rather than a list of zeros.
  const ranked = nodes.filter((node) => value(node) > 0);
  if (ranked.length === 0) {
    return (
      <section data-testid={testId}>
        <h3>{title}</h3>
        <p class="muted">None yet.</p>
      </section>
    );
  }
  return (
    <table class="board" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Member</th>
          <th scope="col" class="number">{column}</th>
        </tr>
      </thead>
      <tbody>
        {ranked.map((node, i) => (
          // The whole row re-roots; the button inside makes it reachable by keyboard.
          <tr key={node.address} class={node.role} aria-current={node.address === root ? 'true' : undefined} onClick={() => reroot(node.address)}>
            <td>{i + 1}</td>
            <td>
              <button type="button" class="link" title={node.address}>
                {safeText(nodeLabel(node), 40)}
              </button>
            </td>
            <td class="number">{show(node)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
